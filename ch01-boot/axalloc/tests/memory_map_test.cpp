// axalloc/tests/memory_map_test.cpp: host tests of axalloc::RangeList (merge, split, capacity)
// and axalloc::usable_ram (turning a firmware memory map into allocatable RAM).
#include <axalloc/memory_map.h>

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using axalloc::MemRange;
using axalloc::RangeList;
using axhal::RawMemEntry;

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint32_t kRam = 1, kReserved = 2, kAcpi = 3;

std::vector<MemRange> ranges(const RangeList& l) {
    std::vector<MemRange> v;
    for (size_t i = 0; i < l.size(); ++i) v.push_back(l[i]);
    return v;
}

bool same(const RangeList& l, const std::vector<MemRange>& expected) {
    auto got = ranges(l);
    return got.size() == expected.size() &&
           std::equal(got.begin(), got.end(), expected.begin(),
                      [](MemRange a, MemRange b) { return a.start == b.start && a.end == b.end; });
}

// Every range non-empty, sorted, disjoint and not touching its neighbour.
bool well_formed(const RangeList& l) {
    for (size_t i = 0; i < l.size(); ++i) {
        if (l[i].start >= l[i].end) return false;
        if (i > 0 && l[i - 1].end >= l[i].start) return false;
    }
    return true;
}

bool page_aligned(const RangeList& l) {
    for (size_t i = 0; i < l.size(); ++i) {
        if (l[i].start % kPage || l[i].end % kPage) return false;
    }
    return true;
}

RangeList usable(const std::vector<RawMemEntry>& map, MemRange kernel, bool& truncated) {
    truncated = true;  // must be cleared by usable_ram when nothing is lost
    return axalloc::usable_ram(map.data(), map.size(), kernel, truncated);
}

// QEMU q35 with 128 MiB, as SeaBIOS/PVH report it.
const std::vector<RawMemEntry> kQ35 = {
    {0x0, 0x9fc00, kRam, 0},
    {0x9fc00, 0x400, kReserved, 0},
    {0xf0000, 0x10000, kReserved, 0},
    {0x100000, 0x7ee0000, kRam, 0},
    {0x7fe0000, 0x20000, kReserved, 0},
    {0xb0000000, 0x10000000, kReserved, 0},
    {0xfed1c000, 0x4000, kReserved, 0},
    {0xfeffc000, 0x4000, kReserved, 0},
    {0xfffc0000, 0x40000, kReserved, 0},
    {0xfd00000000, 0x300000000, kReserved, 0},
};

}  // namespace

TEST_CASE("RangeList::add merges overlapping and touching ranges", "[memory_map]") {
    RangeList l;
    CHECK(l.add(0x5000, 0x6000));
    CHECK(l.add(0x1000, 0x2000));
    CHECK(l.add(0x9000, 0xa000));
    CHECK(same(l, {{0x1000, 0x2000}, {0x5000, 0x6000}, {0x9000, 0xa000}}));
    CHECK(l.add(0x1800, 0x3000));  // overlaps the first
    CHECK(l.add(0x3000, 0x4000));  // touches it
    CHECK(l.add(0x4800, 0x5000));  // touches the second from below
    CHECK(same(l, {{0x1000, 0x4000}, {0x4800, 0x6000}, {0x9000, 0xa000}}));
    CHECK(l.add(0x2000, 0x9800));  // bridges everything
    CHECK(same(l, {{0x1000, 0xa000}}));
    CHECK(l.add(0x1000, 0xa000));  // already there
    CHECK(l.add(0x7000, 0x7000));  // empty: ignored
    CHECK(l.add(0x8000, 0x100));   // inverted: ignored
    CHECK(same(l, {{0x1000, 0xa000}}));
    CHECK(l.total_bytes() == 0x9000);
}

TEST_CASE("RangeList::remove trims and splits ranges", "[memory_map]") {
    RangeList l;
    REQUIRE(l.add(0, 0x10000));
    REQUIRE(l.add(0x20000, 0x30000));
    CHECK(l.remove(0x4000, 0x6000));  // split
    CHECK(same(l, {{0, 0x4000}, {0x6000, 0x10000}, {0x20000, 0x30000}}));
    CHECK(l.remove(0xf000, 0x21000));  // trims the end of one and the start of another
    CHECK(same(l, {{0, 0x4000}, {0x6000, 0xf000}, {0x21000, 0x30000}}));
    CHECK(l.remove(0x5000, 0x5800));  // in a hole: nothing
    CHECK(l.remove(0x3000, 0x3000));  // empty
    CHECK(l.remove(0, 0x4000));       // exactly a whole range
    CHECK(same(l, {{0x6000, 0xf000}, {0x21000, 0x30000}}));
    CHECK(l.remove(0, UINT64_MAX));
    CHECK(l.size() == 0);
    CHECK(l.total_bytes() == 0);
}

TEST_CASE("RangeList is bounded by kMaxRanges and stays valid when full", "[memory_map]") {
    RangeList l;
    // Add in reverse order so every insertion shifts the list.
    for (size_t i = RangeList::kMaxRanges; i-- > 0;) {
        REQUIRE(l.add(i * 0x2000, i * 0x2000 + 0x1000));
    }
    REQUIRE(l.size() == RangeList::kMaxRanges);
    const uint64_t full_bytes = l.total_bytes();
    CHECK(!l.add(0x1000000, 0x1001000));  // a new disjoint range does not fit
    CHECK(!l.add(0x1800, 0x1900));        // nor one between two ranges
    CHECK(l.size() == RangeList::kMaxRanges);
    CHECK(well_formed(l));
    CHECK(l.total_bytes() == full_bytes);
    CHECK(l.add(0x1000, 0x1800));  // touching an existing range still merges
    CHECK(l.size() == RangeList::kMaxRanges);
    // A split that does not fit keeps the left part and drops the right one.
    CHECK(!l.remove(0x4400, 0x4800));
    CHECK(well_formed(l));
    CHECK(l.size() == RangeList::kMaxRanges);
    CHECK(l[2].start == 0x4000);
    CHECK(l[2].end == 0x4400);
    CHECK(l[3].start == 0x6000);
}

TEST_CASE("usable_ram of a QEMU q35 map keeps only high RAM outside the kernel", "[memory_map]") {
    bool truncated = true;
    auto ram = usable(kQ35, {0x200000, 0x2c0123}, truncated);
    CHECK(!truncated);
    CHECK(same(ram, {{0x100000, 0x200000}, {0x2c1000, 0x7fe0000}}));

    // Sorting the entries any other way gives the same answer.
    auto shuffled = kQ35;
    std::mt19937 rng(1234);
    for (int round = 0; round < 20; ++round) {
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        auto again = usable(shuffled, {0x200000, 0x2c0123}, truncated);
        CHECK(!truncated);
        CHECK(same(again, ranges(ram)));
    }
}

TEST_CASE("usable_ram merges overlapping RAM entries and lets reserved entries win",
          "[memory_map]") {
    bool truncated = true;
    auto merged =
        usable({{0x100000, 0x400000, kRam, 0}, {0x300000, 0x400000, kRam, 0}}, {0, 0}, truncated);
    CHECK(!truncated);
    CHECK(same(merged, {{0x100000, 0x700000}}));

    // Reserved and ACPI entries inside RAM cut it out, rounded outward to whole pages,
    // whether they come before or after the RAM entry.
    std::vector<RawMemEntry> map = {{0x500800, 0x1000, kReserved, 0},
                                    {0x100000, 0xf00000, kRam, 0},
                                    {0x800000, 0x10000, kAcpi, 0}};
    auto ram = usable(map, {0, 0}, truncated);
    CHECK(!truncated);
    CHECK(same(ram, {{0x100000, 0x500000}, {0x502000, 0x800000}, {0x810000, 0x1000000}}));

    // A reserved entry covering the whole of a RAM entry removes it.
    auto none =
        usable({{0x200000, 0x1000, kRam, 0}, {0x1ff000, 0x3000, kReserved, 0}}, {0, 0}, truncated);
    CHECK(none.size() == 0);
}

TEST_CASE("usable_ram ignores zero-size entries and shrinks RAM to whole pages", "[memory_map]") {
    bool truncated = true;
    std::vector<RawMemEntry> map = {{0x100123, 0x200000, kRam, 0},  // ends at 0x300123
                                    {0x200800, 0, kReserved, 0},    // zero size: no hole
                                    {0x400000, 0, kRam, 0},
                                    {0x500001, 0x1000, kRam, 0},   // no whole page inside
                                    {0x600800, 0x1800, kRam, 0}};  // exactly one page
    auto ram = usable(map, {0, 0}, truncated);
    CHECK(!truncated);
    CHECK(same(ram, {{0x101000, 0x300000}, {0x601000, 0x602000}}));
    CHECK(page_aligned(ram));
}

TEST_CASE("usable_ram removes the first MiB and the kernel image", "[memory_map]") {
    bool truncated = true;
    auto low = usable({{0, 0x100000, kRam, 0}}, {0, 0}, truncated);
    CHECK(low.size() == 0);
    auto ram = usable({{0, 0x1000000, kRam, 0}}, {0x300010, 0x400fff}, truncated);
    CHECK(!truncated);
    CHECK(same(ram, {{0x100000, 0x300000}, {0x401000, 0x1000000}}));
    // A kernel at the very start of high memory.
    auto start = usable({{0, 0x1000000, kRam, 0}}, {0x100000, 0x180000}, truncated);
    CHECK(same(start, {{0x180000, 0x1000000}}));
}

TEST_CASE("usable_ram clamps entries whose end overflows 64 bits", "[memory_map]") {
    bool truncated = true;
    const uint64_t top = 0xffffffff00000000ull;
    auto ram = usable({{top, 0x200000000ull, kRam, 0}}, {0, 0}, truncated);
    CHECK(!truncated);
    CHECK(same(ram, {{top, 0xfffffffffffff000ull}}));

    auto cut = usable({{top, UINT64_MAX, kRam, 0}, {top + 0x80000000, UINT64_MAX, kReserved, 0}},
                      {0, 0}, truncated);
    CHECK(same(cut, {{top, top + 0x80000000}}));

    auto tiny = usable({{UINT64_MAX - 10, 100, kRam, 0}}, {0, 0}, truncated);
    CHECK(tiny.size() == 0);
}

TEST_CASE("usable_ram reports a map with too many fragments as truncated", "[memory_map]") {
    bool truncated = false;
    std::vector<RawMemEntry> many;
    for (uint64_t i = 0; i < RangeList::kMaxRanges + 6; ++i) {
        many.push_back({0x1000000 + i * 0x2000, 0x1000, kRam, 0});
    }
    auto ram = usable(many, {0, 0}, truncated);
    CHECK(truncated);
    CHECK(ram.size() == RangeList::kMaxRanges);
    CHECK(well_formed(ram));

    // Too many reserved holes in one RAM range: less RAM, but never a reserved page.
    std::vector<RawMemEntry> holes = {{0x1000000, 0x1000000, kRam, 0}};
    for (uint64_t i = 0; i < RangeList::kMaxRanges + 6; ++i) {
        holes.push_back({0x1001000 + i * 0x2000, 0x1000, kReserved, 0});
    }
    auto cut = usable(holes, {0, 0}, truncated);
    CHECK(truncated);
    CHECK(well_formed(cut));
    for (size_t r = 0; r < cut.size(); ++r) {
        for (size_t h = 1; h < holes.size(); ++h) {
            CAPTURE(r, h);
            CHECK((cut[r].end <= holes[h].addr || cut[r].start >= holes[h].addr + holes[h].size));
        }
    }
}

TEST_CASE("usable_ram matches a page-by-page model on random maps", "[memory_map]") {
    std::mt19937_64 rng(20240601);
    constexpr uint64_t kSpan = 16 << 20;  // 16 MiB: 4096 pages
    for (int trial = 0; trial < 300; ++trial) {
        std::vector<RawMemEntry> map;
        size_t n = 1 + rng() % 10;
        for (size_t i = 0; i < n; ++i) {
            uint64_t addr = rng() % kSpan, size = rng() % (kSpan / 4);
            if (rng() % 4 == 0) addr &= ~(kPage - 1);
            map.push_back({addr, size, rng() % 3 == 0 ? kReserved : kRam, 0});
        }
        MemRange kernel{rng() % kSpan, 0};
        kernel.end = kernel.start + rng() % (1 << 20);
        bool truncated = true;
        auto ram = usable(map, kernel, truncated);
        REQUIRE(!truncated);
        REQUIRE(well_formed(ram));
        REQUIRE(page_aligned(ram));
        // A page is usable iff one RAM entry holds all of it and nothing else touches it.
        uint64_t first_wrong = UINT64_MAX;
        for (uint64_t p = 0; p < kSpan && first_wrong == UINT64_MAX; p += kPage) {
            auto touches = [&](uint64_t s, uint64_t e) { return s < p + kPage && e > p; };
            bool in_ram = false, hit = p < 0x100000 || touches(kernel.start, kernel.end);
            for (const auto& e : map) {
                if (e.type == kRam && e.addr <= p && e.addr + e.size >= p + kPage) in_ram = true;
                if (e.type != kRam && e.size && touches(e.addr, e.addr + e.size)) hit = true;
            }
            bool got = false;
            for (size_t r = 0; r < ram.size(); ++r) got |= ram[r].start <= p && p < ram[r].end;
            if (got != (in_ram && !hit)) first_wrong = p;
        }
        CAPTURE(trial);
        REQUIRE(first_wrong == UINT64_MAX);
    }
}
