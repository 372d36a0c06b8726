// axalloc/tests/frame_allocator_test.cpp: host tests of axalloc::FrameAllocator: add_free,
// single/contiguous/aligned allocation, error cases, counters, and a randomized model check.
#include <axalloc/frame_allocator.h>

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

using axalloc::FrameAllocator;
using axerrno::AxError;

namespace {

constexpr uint64_t kF = FrameAllocator::kFrameSize;
// Frame 0x103: deliberately not aligned to 2, 4, 8 or 16 frames.
constexpr uint64_t kBase = 0x103000;

// An allocator with its bitmap storage.
struct Frames {
    explicit Frames(size_t n) : bitmap(FrameAllocator::bitmap_words(n), 0xdeadbeefdeadbeefull) {
        fa.init(kBase, n, bitmap.data());
    }
    std::vector<uint64_t> bitmap;
    FrameAllocator fa;
};

uint64_t frame(size_t i) {
    return kBase + i * kF;
}

}  // namespace

TEST_CASE("FrameAllocator starts with every frame used", "[frame_allocator]") {
    Frames f(200);  // the bitmap starts as garbage: init must clear it
    CHECK(f.fa.free_frames() == 0);
    CHECK(f.fa.total_frames() == 0);
    auto r = f.fa.alloc(1);
    REQUIRE(!r.ok());
    CHECK(r.error() == AxError::NoMemory);
    CHECK(FrameAllocator::bitmap_words(0) == 0);
    CHECK(FrameAllocator::bitmap_words(64) == 1);
    CHECK(FrameAllocator::bitmap_words(65) == 2);
}

TEST_CASE("FrameAllocator::add_free adds whole frames inside the managed range",
          "[frame_allocator]") {
    Frames f(200);
    CHECK(f.fa.add_free(frame(10) + 0x800, frame(13) + 0x800));  // partial frames are left out
    CHECK(f.fa.free_frames() == 2);
    CHECK(f.fa.add_free(0, kBase));                    // entirely below: nothing
    CHECK(f.fa.add_free(frame(200), frame(300)));      // entirely above: nothing
    CHECK(f.fa.add_free(frame(5), frame(5) + 0xfff));  // less than a frame: nothing
    CHECK(f.fa.free_frames() == 2);
    CHECK(f.fa.add_free(frame(11), frame(12)));  // already free: not counted twice
    CHECK(f.fa.free_frames() == 2);
    CHECK(f.fa.add_free(0, UINT64_MAX / 2));  // clipped to the managed range
    CHECK(f.fa.free_frames() == 200);
    CHECK(f.fa.total_frames() == 200);
}

TEST_CASE("FrameAllocator::add_free tracks at most kMaxRanges ranges", "[frame_allocator]") {
    Frames f(4 * FrameAllocator::kMaxRanges);
    for (size_t i = 0; i < FrameAllocator::kMaxRanges; ++i) {
        REQUIRE(f.fa.add_free(frame(4 * i), frame(4 * i + 2)));
    }
    CHECK(f.fa.free_frames() == 2 * FrameAllocator::kMaxRanges);
    CHECK(!f.fa.add_free(frame(2), frame(4)));
    CHECK(f.fa.free_frames() == 2 * FrameAllocator::kMaxRanges);
    CHECK(f.fa.total_frames() == 2 * FrameAllocator::kMaxRanges);
}

TEST_CASE("FrameAllocator allocates single, contiguous and aligned runs", "[frame_allocator]") {
    Frames f(1024);
    REQUIRE(f.fa.add_free(kBase, frame(1024)));
    auto one = f.fa.alloc(1);
    REQUIRE(one.ok());
    CHECK(one.value() >= kBase);
    CHECK(one.value() < frame(1024));
    CHECK(one.value() % kF == 0);
    CHECK(f.fa.free_frames() == 1023);

    auto run = f.fa.alloc(8);
    REQUIRE(run.ok());
    CHECK((run.value() + 8 * kF <= one.value() || run.value() >= one.value() + kF));
    CHECK(f.fa.free_frames() == 1015);

    for (size_t align : {2, 4, 8, 16, 32, 128}) {
        for (size_t count : {1, 3, 16}) {
            auto a = f.fa.alloc(count, align);
            CAPTURE(align, count);
            REQUIRE(a.ok());
            CHECK(a.value() % (align * kF) == 0);
            CHECK(a.value() >= kBase);
            CHECK(a.value() + count * kF <= frame(1024));
        }
    }
    CHECK(f.fa.free(one.value(), 1).ok());
    CHECK(f.fa.free(run.value(), 8).ok());
    CHECK(f.fa.total_frames() == 1024);
}

TEST_CASE("FrameAllocator finds a run that straddles its next-fit position", "[frame_allocator]") {
    Frames f(16);
    REQUIRE(f.fa.add_free(kBase, frame(16)));
    REQUIRE(f.fa.alloc(16).ok());
    REQUIRE(f.fa.free(frame(1), 4).ok());
    auto one = f.fa.alloc(1);  // takes frame 1: the search resumes at frame 2
    REQUIRE(one.ok());
    CHECK(one.value() == frame(1));
    REQUIRE(f.fa.free(frame(1), 1).ok());
    auto four = f.fa.alloc(4);  // the only free run is frames 1..4, across the resume point
    REQUIRE(four.ok());
    CHECK(four.value() == frame(1));
    CHECK(f.fa.free_frames() == 0);
}

TEST_CASE("FrameAllocator runs out of memory and recovers after a free", "[frame_allocator]") {
    Frames f(130);
    REQUIRE(f.fa.add_free(kBase, frame(130)));
    std::set<uint64_t> got;
    for (size_t i = 0; i < 130; ++i) {
        auto a = f.fa.alloc(1);
        REQUIRE(a.ok());
        CHECK(got.insert(a.value()).second);
    }
    CHECK(f.fa.free_frames() == 0);
    auto none = f.fa.alloc(1);
    REQUIRE(!none.ok());
    CHECK(none.error() == AxError::NoMemory);
    CHECK(f.fa.free(frame(77), 1).ok());
    auto again = f.fa.alloc(1);
    REQUIRE(again.ok());
    CHECK(again.value() == frame(77));

    // Enough frames free in total, but no two contiguous.
    for (size_t i = 0; i < 130; i += 2) REQUIRE(f.fa.free(frame(i), 1).ok());
    CHECK(f.fa.free_frames() == 65);
    auto two = f.fa.alloc(2);
    REQUIRE(!two.ok());
    CHECK(two.error() == AxError::NoMemory);
    auto too_many = f.fa.alloc(66);
    REQUIRE(!too_many.ok());
    CHECK(too_many.error() == AxError::NoMemory);
}

TEST_CASE("FrameAllocator rejects invalid arguments", "[frame_allocator]") {
    Frames f(64);
    REQUIRE(f.fa.add_free(kBase, frame(64)));
    for (auto [count, align] : {std::pair<size_t, size_t>{0, 1}, {1, 0}, {1, 3}, {2, 12}}) {
        auto a = f.fa.alloc(count, align);
        CAPTURE(count, align);
        REQUIRE(!a.ok());
        CHECK(a.error() == AxError::InvalidInput);
    }
    auto a = f.fa.alloc(1);
    REQUIRE(a.ok());
    auto zero = f.fa.free(a.value(), 0);
    CHECK(zero.error() == AxError::InvalidInput);
    CHECK(f.fa.free_frames() == 63);
}

TEST_CASE("FrameAllocator detects a double free and changes nothing", "[frame_allocator]") {
    Frames f(64);
    REQUIRE(f.fa.add_free(kBase, frame(64)));
    auto a = f.fa.alloc(4);
    REQUIRE(a.ok());
    REQUIRE(f.fa.free(a.value(), 4).ok());
    auto again = f.fa.free(a.value(), 4);
    REQUIRE(!again.ok());
    CHECK(again.error() == AxError::BadState);
    CHECK(f.fa.free_frames() == 64);

    // A run of which only one frame is already free: rejected as a whole.
    auto b = f.fa.alloc(4);
    REQUIRE(b.ok());
    REQUIRE(f.fa.free(b.value() + 2 * kF, 1).ok());
    const size_t before = f.fa.free_frames();
    auto partial = f.fa.free(b.value(), 4);
    CHECK(partial.error() == AxError::BadState);
    CHECK(f.fa.free_frames() == before);
    // The other three frames are still allocated: freeing them one by one works.
    CHECK(f.fa.free(b.value(), 2).ok());
    CHECK(f.fa.free(b.value() + 3 * kF, 1).ok());
    CHECK(f.fa.free_frames() == 64);
}

TEST_CASE("FrameAllocator rejects frees outside the RAM it was given", "[frame_allocator]") {
    Frames f(64);
    REQUIRE(f.fa.add_free(frame(0), frame(16)));
    REQUIRE(f.fa.add_free(frame(32), frame(48)));  // frames 16..31 and 48..63 are holes
    auto a = f.fa.alloc(16);
    REQUIRE(a.ok());
    const size_t before = f.fa.free_frames();
    auto expect_invalid = [&](uint64_t addr, size_t count) {
        CAPTURE(addr, count);
        auto r = f.fa.free(addr, count);
        REQUIRE(!r.ok());
        CHECK(r.error() == AxError::InvalidInput);
        CHECK(f.fa.free_frames() == before);
    };
    expect_invalid(kBase - kF, 1);  // below the base
    expect_invalid(0, 1);
    expect_invalid(frame(64), 1);        // past the end
    expect_invalid(frame(63), 2);        // runs past the end
    expect_invalid(frame(0), SIZE_MAX);  // count overflow
    expect_invalid(a.value() + 1, 1);    // misaligned
    expect_invalid(a.value() + kF / 2, 1);
    expect_invalid(frame(20), 1);  // a hole
    expect_invalid(frame(47), 2);  // a range end running into a hole
    expect_invalid(frame(15), 2);
    CHECK(f.fa.total_frames() == 32);
}

TEST_CASE("FrameAllocator frees runs that span touching ranges", "[frame_allocator]") {
    Frames f(64);
    REQUIRE(f.fa.add_free(frame(0), frame(8)));
    REQUIRE(f.fa.add_free(frame(8), frame(16)));  // touches the first range
    auto a = f.fa.alloc(16);
    REQUIRE(a.ok());
    CHECK(a.value() == frame(0));
    CHECK(f.fa.free(a.value(), 16).ok());
    CHECK(f.fa.free_frames() == 16);
}

TEST_CASE("FrameAllocator matches a model over a long random sequence", "[frame_allocator]") {
    constexpr size_t kN = 1500;
    Frames f(kN);
    // Ranges with holes, one pair touching, one overlapping, unaligned to the words.
    const std::vector<std::pair<size_t, size_t>> added = {{3, 200},   {200, 333},   {400, 700},
                                                          {650, 900}, {1001, 1003}, {1100, 1500}};
    std::vector<bool> exists(kN, false);
    for (auto [s, e] : added) {
        REQUIRE(f.fa.add_free(frame(s), frame(e)));
        for (size_t i = s; i < e; ++i) exists[i] = true;
    }
    size_t total = 0;
    for (bool b : exists) total += b;
    REQUIRE(f.fa.total_frames() == total);

    std::set<size_t> owned;                       // frames handed out
    std::vector<std::pair<size_t, size_t>> runs;  // (first frame, count) live runs
    std::mt19937 rng(424242);
    size_t allocs = 0, no_memory = 0;
    auto fits = [&](size_t count, size_t align) {  // does the model have such a run free?
        for (size_t i = 0; i + count <= kN; ++i) {
            if ((kBase / kF + i) % align) continue;
            bool ok = true;
            for (size_t k = i; k < i + count && ok; ++k) ok = exists[k] && !owned.count(k);
            if (ok) return true;
        }
        return false;
    };
    for (int step = 0; step < 20000; ++step) {
        CAPTURE(step);
        uint32_t op = rng() % 100;
        if (op < 55 || runs.empty()) {
            size_t max_count = rng() % 4 == 0 ? 40 : 4;  // mostly small, sometimes big
            size_t count = 1 + rng() % max_count;
            size_t align = size_t(1) << (rng() % 5);
            auto r = f.fa.alloc(count, align);
            if (!r.ok()) {
                REQUIRE(r.error() == AxError::NoMemory);
                REQUIRE(!fits(count, align));
                ++no_memory;
                continue;
            }
            uint64_t addr = r.value();
            REQUIRE(addr >= kBase);
            REQUIRE((addr - kBase) % kF == 0);
            REQUIRE(addr % (align * kF) == 0);
            size_t first = (addr - kBase) / kF;
            REQUIRE(first + count <= kN);
            for (size_t k = first; k < first + count; ++k) {
                REQUIRE(exists[k]);
                REQUIRE(owned.insert(k).second);  // never handed out twice
            }
            runs.emplace_back(first, count);
            ++allocs;
        } else if (op < 95) {
            size_t idx = rng() % runs.size();
            auto [first, count] = runs[idx];
            runs[idx] = runs.back();
            runs.pop_back();
            size_t head = count;
            if (count > 1 && rng() % 3 == 0) {  // free a run in two pieces
                head = 1 + rng() % (count - 1);
                REQUIRE(f.fa.free(frame(first + head), count - head).ok());
            }
            REQUIRE(f.fa.free(frame(first), head).ok());
            for (size_t k = first; k < first + count; ++k) owned.erase(k);
        } else {
            // A wrong free: a free frame must give BadState, a hole InvalidInput.
            size_t i = rng() % kN;
            if (owned.count(i)) continue;
            auto r = f.fa.free(frame(i), 1);
            REQUIRE(!r.ok());
            REQUIRE(r.error() == (exists[i] ? AxError::BadState : AxError::InvalidInput));
        }
        REQUIRE(f.fa.free_frames() == total - owned.size());
        REQUIRE(f.fa.total_frames() == total);
    }
    CHECK(allocs > 5000);  // the sequence really exercised both outcomes
    CHECK(no_memory > 100);
    for (auto [first, count] : runs) REQUIRE(f.fa.free(frame(first), count).ok());
    CHECK(f.fa.free_frames() == total);
}
