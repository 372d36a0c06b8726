// axalloc/tests/heap_test.cpp: host tests of axalloc::Heap: alignment, coalescing, checked
// frees, region limits, and a randomized run against a pattern-checking model.
#include <axalloc/heap.h>

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <random>
#include <vector>

using axalloc::Heap;
using axerrno::AxError;

namespace {

// Page-aligned memory owned by the test, to hand to Heap::add_region.
struct alignas(4096) Page {
    std::byte bytes[4096];
};
struct Buffer {
    explicit Buffer(size_t n) : pages((n + 4095) / 4096), size(n), data(pages[0].bytes) {}
    std::vector<Page> pages;
    size_t size;
    std::byte* data;
};

uintptr_t addr(const void* p) {
    return reinterpret_cast<uintptr_t>(p);
}

// Allocates blocks of @p size until the heap is full.
std::vector<void*> fill(Heap& h, size_t size) {
    std::vector<void*> v;
    while (void* p = h.alloc(size)) v.push_back(p);
    return v;
}

// Writes a pattern derived from @p seed into [p, p + n); intact() checks it is still there.
void paint(void* p, size_t n, unsigned char seed) {
    for (size_t i = 0; i < n; ++i) static_cast<unsigned char*>(p)[i] = (unsigned char)(seed + i);
}
bool intact(uintptr_t p, size_t n, unsigned char seed) {
    for (size_t i = 0; i < n; ++i) {
        if (reinterpret_cast<const unsigned char*>(p)[i] != (unsigned char)(seed + i)) return false;
    }
    return true;
}

// Nothing is live and the free list holds @p blocks blocks, the largest @p largest bytes.
bool all_free(const Heap& h, size_t blocks, size_t largest) {
    auto s = h.stats();
    return s.used_bytes == 0 && s.live_allocations == 0 && s.free_blocks == blocks &&
           s.largest_free == largest;
}

bool no_overlap(const Heap& h, std::vector<void*> ptrs) {
    std::sort(ptrs.begin(), ptrs.end(), [](void* a, void* b) { return addr(a) < addr(b); });
    for (size_t i = 1; i < ptrs.size(); ++i) {
        if (addr(ptrs[i - 1]) + h.usable_size(ptrs[i - 1]) + Heap::kGranule > addr(ptrs[i])) {
            return false;  // the next block's header must come after this block's end
        }
    }
    return true;
}

}  // namespace

TEST_CASE("Heap returns 16-aligned, non-overlapping blocks of at least the size asked for",
          "[heap]") {
    Buffer b(64 * 1024);
    Heap h;
    CHECK(h.alloc(16) == nullptr);  // no region yet
    REQUIRE(h.add_region(b.data, b.size).ok());
    CHECK(h.stats().total_bytes == b.size);
    CHECK(all_free(h, 1, b.size));  // one free block spanning the region
    std::vector<void*> ptrs;
    for (size_t size : {0, 1, 15, 16, 17, 31, 32, 33, 100, 1000, 4096, 5000}) {
        void* p = h.alloc(size);
        CAPTURE(size);
        REQUIRE(p != nullptr);
        CHECK(addr(p) % Heap::kGranule == 0);
        CHECK(h.usable_size(p) >= size);
        CHECK((addr(p) >= addr(b.data) && addr(p) + h.usable_size(p) <= addr(b.data + b.size)));
        paint(p, size, 0xab);
        ptrs.push_back(p);
    }
    CHECK(no_overlap(h, ptrs));
    CHECK(h.stats().live_allocations == ptrs.size());
    for (void* p : ptrs) CHECK(h.free(p).ok());
    CHECK(h.free(nullptr).ok());
    CHECK(all_free(h, 1, b.size));
}

TEST_CASE("Heap honours alignments from 32 to 4096 bytes", "[heap]") {
    Buffer b(256 * 1024);
    Heap h;
    REQUIRE(h.add_region(b.data, b.size).ok());
    std::vector<void*> ptrs;
    for (int round = 0; round < 3; ++round) {
        for (size_t align = 32; align <= Heap::kMaxAlign; align *= 2) {
            ptrs.push_back(h.alloc(8));  // knock the next block off any alignment
            void* p = h.alloc(24 + align, align);
            CAPTURE(round, align);
            REQUIRE(p != nullptr);
            CHECK(addr(p) % align == 0);
            CHECK(h.usable_size(p) >= 24 + align);
            ptrs.push_back(p);
        }
    }
    CHECK(no_overlap(h, ptrs));
    // Alignments below the granule are raised to it; bad ones are refused.
    void* small = h.alloc(8, 1);
    REQUIRE(small != nullptr);
    CHECK(addr(small) % Heap::kGranule == 0);
    CHECK(h.alloc(8, 48) == nullptr);
    CHECK(h.alloc(8, 2 * Heap::kMaxAlign) == nullptr);
    CHECK(h.alloc(size_t(1) << 41) == nullptr);
    CHECK(h.alloc(SIZE_MAX) == nullptr);
    CHECK(h.free(small).ok());
    for (void* p : ptrs) REQUIRE(h.free(p).ok());
    CHECK(all_free(h, 1, b.size));
}

TEST_CASE("Heap returns nullptr when exhausted and recovers after a free", "[heap]") {
    Buffer b(16 * 1024);
    Heap h;
    REQUIRE(h.add_region(b.data, b.size).ok());
    CHECK(h.alloc(b.size) == nullptr);  // the header does not fit
    CHECK(h.stats().used_bytes == 0);
    auto ptrs = fill(h, 256);
    CHECK(ptrs.size() >= 50);
    CHECK(h.alloc(256) == nullptr);
    CHECK(h.stats().live_allocations == ptrs.size());
    REQUIRE(h.free(ptrs[7]).ok());
    void* again = h.alloc(256);
    CHECK(again == ptrs[7]);
    ptrs[7] = again;
    for (void* p : ptrs) REQUIRE(h.free(p).ok());
    CHECK(all_free(h, 1, b.size));
}

TEST_CASE("Heap coalesces freed blocks in both directions", "[heap]") {
    Buffer b(32 * 1024);
    Heap h;
    REQUIRE(h.add_region(b.data, b.size).ok());
    auto ptrs = fill(h, 100);
    REQUIRE(ptrs.size() > 20);
    SECTION("forward order") {}
    SECTION("reverse order") {
        std::reverse(ptrs.begin(), ptrs.end());
    }
    SECTION("shuffled order") {
        std::shuffle(ptrs.begin(), ptrs.end(), std::mt19937(7));
    }
    SECTION("every other block first") {
        std::stable_partition(ptrs.begin(), ptrs.end(),
                              [&](void* p) { return (addr(p) / 128) % 2 == 0; });
    }
    for (void* p : ptrs) REQUIRE(h.free(p).ok());
    CHECK(all_free(h, 1, b.size));
    CHECK(h.alloc(b.size - Heap::kGranule) != nullptr);  // one block spans the whole region
}

TEST_CASE("Heap keeps separate regions apart and merges touching ones", "[heap]") {
    Buffer b(64 * 1024);
    Heap h;
    // Two regions with a gap, and a third touching the second.
    REQUIRE(h.add_region(b.data, 16 * 1024).ok());
    REQUIRE(h.add_region(b.data + 20 * 1024, 16 * 1024).ok());
    REQUIRE(h.add_region(b.data + 36 * 1024, 16 * 1024).ok());
    CHECK(h.stats().free_blocks == 2);
    CHECK(h.stats().total_bytes == 48 * 1024);
    auto ptrs = fill(h, 200);
    for (void* p : ptrs) {
        bool gap = addr(p) + h.usable_size(p) > addr(b.data + 16 * 1024) &&
                   addr(p) - Heap::kGranule < addr(b.data + 20 * 1024);
        CHECK(!gap);
    }
    std::shuffle(ptrs.begin(), ptrs.end(), std::mt19937(99));
    for (void* p : ptrs) REQUIRE(h.free(p).ok());
    CHECK(all_free(h, 2, 32 * 1024));
}

TEST_CASE("Heap reports a double free and stays consistent", "[heap]") {
    Buffer b(8 * 1024);
    Heap h;
    REQUIRE(h.add_region(b.data, b.size).ok());
    void* a = h.alloc(64);
    void* c = h.alloc(64);
    void* d = h.alloc(64);
    REQUIRE((a && c && d));
    REQUIRE(h.free(a).ok());
    auto before = h.stats();
    auto r = h.free(a);
    REQUIRE(!r.ok());
    CHECK(r.error() == AxError::BadState);
    // c merges into a's free block; freeing it again is still caught.
    const size_t c_block = h.usable_size(c) + Heap::kGranule;
    REQUIRE(h.free(c).ok());
    CHECK(h.free(c).error() == AxError::BadState);
    auto after = h.stats();
    CHECK(after.used_bytes == before.used_bytes - c_block);
    CHECK(after.live_allocations == 1);
    CHECK(h.usable_size(a) == 0);
    REQUIRE(h.free(d).ok());
    CHECK(all_free(h, 1, b.size));
}

TEST_CASE("Heap rejects foreign, misaligned and interior pointers", "[heap]") {
    Buffer b(8 * 1024), other(4096);
    Heap h;
    REQUIRE(h.add_region(b.data, b.size).ok());
    auto* p = static_cast<unsigned char*>(h.alloc(256));
    REQUIRE(p != nullptr);
    paint(p, 256, 0x5a);
    auto before = h.stats();
    int local = 0;
    for (void* bad :
         {static_cast<void*>(other.data), static_cast<void*>(&local), static_cast<void*>(p + 1),
          static_cast<void*>(p + 8), static_cast<void*>(p + 32), static_cast<void*>(p + 128),
          static_cast<void*>(b.data), static_cast<void*>(b.data + b.size)}) {
        CAPTURE(bad);
        auto r = h.free(bad);
        REQUIRE(!r.ok());
        CHECK(r.error() == AxError::InvalidInput);
        CHECK(h.usable_size(bad) == 0);
    }
    auto after = h.stats();
    CHECK(after.used_bytes == before.used_bytes);
    CHECK(after.free_blocks == before.free_blocks);
    CHECK(after.live_allocations == 1);
    CHECK(intact(addr(p), 256, 0x5a));
    void* q = h.alloc(512);  // still usable
    CHECK(q != nullptr);
    CHECK(h.free(p).ok());
    CHECK(h.free(q).ok());
    CHECK(all_free(h, 1, b.size));
}

TEST_CASE("Heap::add_region refuses tiny regions and more than kMaxRegions", "[heap]") {
    Buffer b(256 * (Heap::kMaxRegions + 2));
    Heap h;
    CHECK(h.add_region(b.data, 0).error() == AxError::InvalidInput);
    CHECK(h.add_region(b.data, 63).error() == AxError::InvalidInput);
    CHECK(h.add_region(b.data + 1, 78).error() == AxError::InvalidInput);  // 48 once aligned
    CHECK(h.stats().total_bytes == 0);
    for (size_t i = 0; i < Heap::kMaxRegions; ++i) {
        CAPTURE(i);
        REQUIRE(h.add_region(b.data + 256 * i, i == 0 ? 64 : 128).ok());
    }
    auto r = h.add_region(b.data + 256 * Heap::kMaxRegions, 128);
    REQUIRE(!r.ok());
    CHECK(r.error() == AxError::NoMemory);
    CHECK(h.stats().total_bytes == 64 + 128 * (Heap::kMaxRegions - 1));
    CHECK(h.stats().free_blocks == Heap::kMaxRegions);
    void* p = h.alloc(100);
    REQUIRE(p != nullptr);
    CHECK(addr(p) >= addr(b.data + 256));  // the 64-byte region could not hold it
    CHECK(h.free(p).ok());
}

TEST_CASE("Heap survives a random alloc/free sequence with intact contents", "[heap]") {
    Buffer b(384 * 1024);
    Heap h;
    // Two regions that do not touch.
    REQUIRE(h.add_region(b.data, 256 * 1024).ok());
    REQUIRE(h.add_region(b.data + 260 * 1024, 124 * 1024).ok());
    struct Live {
        size_t size;
        unsigned char seed;
    };
    std::map<uintptr_t, Live> live;  // address -> usable size and pattern seed
    std::mt19937 rng(31337);
    size_t allocs = 0, failures = 0;
    for (int step = 0; step < 20000; ++step) {
        CAPTURE(step);
        if (live.empty() || rng() % 100 < 55) {
            size_t size = rng() % 4 == 0 ? rng() % 8192 : rng() % 200;
            size_t align = rng() % 3 == 0 ? size_t(16) << (rng() % 9) : 16;
            void* p = h.alloc(size, align);
            if (!p) {
                ++failures;
                continue;
            }
            ++allocs;
            uintptr_t a = addr(p);
            REQUIRE(a % align == 0);
            size_t usable = h.usable_size(p);
            REQUIRE(usable >= size);
            // Non-overlapping with its neighbours in the model, headers included.
            auto next = live.lower_bound(a);
            if (next != live.end()) REQUIRE(a + usable + Heap::kGranule <= next->first);
            if (next != live.begin()) {
                auto prev = std::prev(next);
                REQUIRE(prev->first + prev->second.size + Heap::kGranule <= a);
            }
            Live l{usable, static_cast<unsigned char>(rng())};
            paint(p, usable, l.seed);
            live.emplace(a, l);
        } else {
            auto it = live.begin();
            std::advance(it, rng() % live.size());
            REQUIRE(intact(it->first, it->second.size, it->second.seed));
            REQUIRE(h.free(reinterpret_cast<void*>(it->first)).ok());
            live.erase(it);
        }
        auto s = h.stats();
        REQUIRE(s.live_allocations == live.size());
        size_t used = 0;
        for (auto& [a, l] : live) used += l.size + Heap::kGranule;
        REQUIRE(s.used_bytes == used);
        REQUIRE(s.used_bytes <= s.total_bytes);
    }
    CHECK(allocs > 5000);
    CHECK(failures > 0);
    for (auto& [a, l] : live) {
        REQUIRE(intact(a, l.size, l.seed));
        REQUIRE(h.free(reinterpret_cast<void*>(a)).ok());
    }
    CHECK(all_free(h, 2, 256 * 1024));
}
