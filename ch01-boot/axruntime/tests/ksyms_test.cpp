// axruntime/tests/ksyms_test.cpp: host tests of axruntime::ksym_lookup, the binary search that
// names the function containing an address in a backtrace.
#include <axruntime/ksyms.h>

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <iterator>
#include <string_view>
#include <vector>

using axruntime::Ksym;
using axruntime::ksym_lookup;

namespace {

// a is sized and followed by b with no gap; b has size 0 and so extends to c; c and d are
// sized with gaps after them.
const Ksym kTable[] = {
    {0x1000, 0x10, "a"},
    {0x1010, 0, "b"},
    {0x1100, 0x20, "c"},
    {0x2000, 0x8, "d"},
};
constexpr uint64_t kUnset = 0xdeadbeef;

// The name found for @p addr (and its offset), or "" if none.
std::string_view name_at(uint64_t addr, uint64_t& offset) {
    offset = kUnset;
    const Ksym* s = ksym_lookup(std::begin(kTable), std::end(kTable), addr, offset);
    return s ? std::string_view(s->name) : std::string_view();
}

}  // namespace

TEST_CASE("ksym_lookup in an empty table finds nothing", "[ksyms]") {
    uint64_t offset = kUnset;
    CHECK(ksym_lookup(kTable, kTable, 0x1000, offset) == nullptr);
    CHECK(ksym_lookup(nullptr, nullptr, 0, offset) == nullptr);
    CHECK(offset == kUnset);
}

TEST_CASE("ksym_lookup finds nothing before the first symbol", "[ksyms]") {
    uint64_t offset;
    CHECK(name_at(0, offset).empty());
    CHECK(name_at(0xfff, offset).empty());
    CHECK(offset == kUnset);  // not written on failure
}

TEST_CASE("ksym_lookup finds a symbol at its start and inside it", "[ksyms]") {
    uint64_t offset;
    CHECK(name_at(0x1000, offset) == "a");
    CHECK(offset == 0);
    CHECK(name_at(0x100f, offset) == "a");
    CHECK(offset == 0xf);
    CHECK(name_at(0x1010, offset) == "b");  // a's end is b's start
    CHECK(offset == 0);
    CHECK(name_at(0x1100, offset) == "c");
    CHECK(offset == 0);
    CHECK(name_at(0x111f, offset) == "c");
    CHECK(offset == 0x1f);
    const Ksym* s = ksym_lookup(std::begin(kTable), std::end(kTable), 0x1105, offset);
    CHECK(s == &kTable[2]);  // points into the table, no copy
}

TEST_CASE("ksym_lookup finds nothing past the end of a sized symbol", "[ksyms]") {
    uint64_t offset;
    CHECK(name_at(0x1120, offset).empty());
    CHECK(name_at(0x1fff, offset).empty());
    CHECK(offset == kUnset);
    CHECK(name_at(0x2008, offset).empty());  // past the last, sized, symbol
    CHECK(name_at(UINT64_MAX, offset).empty());
}

TEST_CASE("ksym_lookup extends a symbol of size 0 to the next one", "[ksyms]") {
    uint64_t offset;
    CHECK(name_at(0x1050, offset) == "b");
    CHECK(offset == 0x40);
    CHECK(name_at(0x10ff, offset) == "b");
    CHECK(offset == 0xef);
    // A last symbol of size 0 extends to the end of the address space.
    const Ksym open_end[] = {{0x1000, 0x10, "first"}, {0x5000, 0, "last"}};
    const Ksym* s = ksym_lookup(std::begin(open_end), std::end(open_end), UINT64_MAX, offset);
    REQUIRE(s != nullptr);
    CHECK(std::string_view(s->name) == "last");
    CHECK(offset == UINT64_MAX - 0x5000);
}

TEST_CASE("ksym_lookup finds the last symbol", "[ksyms]") {
    uint64_t offset;
    CHECK(name_at(0x2000, offset) == "d");
    CHECK(offset == 0);
    CHECK(name_at(0x2007, offset) == "d");
    CHECK(offset == 7);
    const Ksym single[] = {{0x400, 4, "only"}};
    CHECK(ksym_lookup(single, single + 1, 0x403, offset) == &single[0]);
    CHECK(offset == 3);
    CHECK(ksym_lookup(single, single + 1, 0x404, offset) == nullptr);
    CHECK(ksym_lookup(single, single + 1, 0x3ff, offset) == nullptr);
}

TEST_CASE("ksym_lookup agrees with a linear scan on a large table", "[ksyms]") {
    std::vector<Ksym> table;
    uint64_t at = 0x100000;
    for (uint64_t i = 0; i < 1000; ++i) {
        uint64_t size = i % 5 == 0 ? 0 : 8 + (i * 7) % 64;
        table.push_back({at, size, "f"});
        at += size + (i % 3) * 16 + (size == 0 ? 32 : 0);
    }
    const Ksym* begin = table.data();
    const Ksym* end = begin + table.size();
    for (uint64_t addr = 0x100000 - 4; addr < at + 8; addr += 3) {
        const Ksym* expected = nullptr;
        for (const Ksym* s = begin; s < end && s->addr <= addr; ++s) expected = s;
        if (expected && expected->size != 0 && addr >= expected->addr + expected->size) {
            expected = nullptr;
        }
        uint64_t offset = kUnset;
        const Ksym* got = ksym_lookup(begin, end, addr, offset);
        CAPTURE(addr);
        REQUIRE(got == expected);
        if (got) REQUIRE(offset == addr - got->addr);
    }
}
