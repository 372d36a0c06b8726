// axlog/tests/format_test.cpp: host tests of axlog::format, format_to_buffer, vformat and
// BufferWriter: every argument kind, every spec, escapes, error markers and truncation.
#include <axlog/format.h>

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace {

// Formats into a buffer big enough for every case here and returns the text.
template <class... Args>
std::string fmt(std::string_view f, const Args&... args) {
    char buf[512];
    size_t n = axlog::format_to_buffer(buf, sizeof(buf), f, args...);
    REQUIRE(n == std::strlen(buf));
    return std::string(buf, n);
}

enum class Small : uint8_t { A = 3, B = 200 };
enum class Signed : int { Neg = -2 };
enum Plain { kSeven = 7 };

}  // namespace

TEST_CASE("format prints signed and unsigned integers in decimal", "[format]") {
    CHECK(fmt("{}", 0) == "0");
    CHECK(fmt("{}", 42) == "42");
    CHECK(fmt("{}", -42) == "-42");
    CHECK(fmt("{}", short(-7)) == "-7");
    CHECK(fmt("{}", static_cast<signed char>(-128)) == "-128");
    CHECK(fmt("{}", uint8_t(255)) == "255");
    CHECK(fmt("{}", 42u) == "42");
    CHECK(fmt("{}", std::numeric_limits<int64_t>::min()) == "-9223372036854775808");
    CHECK(fmt("{}", std::numeric_limits<int64_t>::max()) == "9223372036854775807");
    CHECK(fmt("{}", std::numeric_limits<uint64_t>::max()) == "18446744073709551615");
    CHECK(fmt("{:d}", 1234) == "1234");
    CHECK(fmt("a{}b{}c", 1, 2) == "a1b2c");
}

TEST_CASE("format prints bool, char and strings", "[format]") {
    CHECK(fmt("{} {}", true, false) == "true false");
    CHECK(fmt("{}", 'A') == "A");
    CHECK(fmt("{:d}", 'A') == "65");
    CHECK(fmt("{:x}", 'A') == "41");
    CHECK(fmt("{:X}", '\xff') == "FF");
    CHECK(fmt("{}", "hello") == "hello");
    char mutable_text[] = "mutable";
    CHECK(fmt("{}", static_cast<char*>(mutable_text)) == "mutable");
    const char* null_text = nullptr;
    CHECK(fmt("{}", null_text) == "(null)");
    char* null_mutable = nullptr;
    CHECK(fmt("[{}]", null_mutable) == "[(null)]");
    // A string_view is printed by length, not up to a NUL.
    CHECK(fmt("{}", std::string_view("abcdef", 3)) == "abc");
    CHECK(fmt("<{}>", std::string_view()) == "<>");
    CHECK(fmt("{:s}", "str") == "str");
}

TEST_CASE("format prints pointers as 0x-prefixed hex", "[format]") {
    auto* p = reinterpret_cast<void*>(uintptr_t(0x1234abcd));
    CHECK(fmt("{}", p) == "0x1234abcd");
    CHECK(fmt("{:p}", p) == "0x1234abcd");
    CHECK(fmt("{}", static_cast<const void*>(nullptr)) == "0x0");
    auto* ip = reinterpret_cast<const int*>(uintptr_t(0xdead0));
    CHECK(fmt("{}", ip) == "0xdead0");
    CHECK(fmt("{:x}", p) == "1234abcd");
    CHECK(fmt("{:#X}", p) == "0X1234ABCD");
    CHECK(fmt("{:018}", p) == "0x000000001234abcd");
    CHECK(fmt("{}", reinterpret_cast<void*>(~uintptr_t(0))) == "0xffffffffffffffff");
}

TEST_CASE("format prints enumerations as their underlying number", "[format]") {
    CHECK(fmt("{}", Small::A) == "3");
    CHECK(fmt("{}", Small::B) == "200");
    CHECK(fmt("{}", Signed::Neg) == "-2");
    CHECK(fmt("{}", kSeven) == "7");
    CHECK(fmt("{:#x}", Small::B) == "0xc8");
}

TEST_CASE("format honours hex, binary and zero-padding specs", "[format]") {
    CHECK(fmt("{:x}", 255) == "ff");
    CHECK(fmt("{:X}", 255) == "FF");
    CHECK(fmt("{:#x}", 255) == "0xff");
    CHECK(fmt("{:#X}", 255) == "0XFF");
    CHECK(fmt("{:x}", 0) == "0");
    CHECK(fmt("{:08x}", 255) == "000000ff");
    CHECK(fmt("{:#018x}", 0xdeadbeefu) == "0x00000000deadbeef");
    CHECK(fmt("{:#x}", std::numeric_limits<uint64_t>::max()) == "0xffffffffffffffff");
    CHECK(fmt("{:b}", 5) == "101");
    CHECK(fmt("{:#b}", 5) == "0b101");
    CHECK(fmt("{:b}", 0) == "0");
    CHECK(fmt("{:08b}", 5u) == "00000101");
    CHECK(fmt("{:x}", -255) == "-ff");
    CHECK(fmt("{:#x}", -1) == "-0x1");
    CHECK(fmt("{:05}", -42) == "-0042");
    CHECK(fmt("{:x}", std::numeric_limits<int64_t>::min()) == "-8000000000000000");
    // Zero padding never truncates a value wider than the width.
    CHECK(fmt("{:04}", 123456) == "123456");
}

TEST_CASE("format honours width, alignment and fill", "[format]") {
    CHECK(fmt("{:6}", 42) == "    42");  // numbers default to the right
    CHECK(fmt("{:>6}", 42) == "    42");
    CHECK(fmt("{:<6}", 42) == "42    ");
    CHECK(fmt("{:*>6}", 42) == "****42");
    CHECK(fmt("{:-<6}", 42) == "42----");
    CHECK(fmt("{:6}", "ab") == "ab    ");  // strings default to the left
    CHECK(fmt("{:>6}", "ab") == "    ab");
    CHECK(fmt("{:.>7}", true) == "...true");
    CHECK(fmt("{:>#8x}", 255) == "    0xff");
    CHECK(fmt("{:<2}", "longer") == "longer");
    // Widths wider than the internal 16-byte padding chunk.
    CHECK(fmt("{:40}", 1) == std::string(39, ' ') + "1");
    CHECK(fmt("{:256}", "") == std::string(256, ' '));
}

TEST_CASE("format {:c} prints integers and chars as a character", "[format]") {
    CHECK(fmt("{:c}", 65u) == "A");
    CHECK(fmt("{:c}", 'x') == "x");
    CHECK(fmt("{:c}", 66) == "B");  // a plain int literal, the common way to write it
    CHECK(fmt("{:>3c}", 67u) == "  C");
}

TEST_CASE("format escapes doubled braces and keeps a lone closing brace", "[format]") {
    CHECK(fmt("{{}}") == "{}");
    CHECK(fmt("{{{}}}", 7) == "{7}");
    CHECK(fmt("a}b") == "a}b");
    CHECK(fmt("{{x}} = {}", 1) == "{x} = 1");
    CHECK(fmt("plain text") == "plain text");
    CHECK(fmt("") == "");
}

TEST_CASE("format marks missing arguments and bad fields instead of failing", "[format]") {
    CHECK(fmt("{}") == "{?}");
    CHECK(fmt("{} {}", 1) == "1 {?}");
    CHECK(fmt("{} and {:x}", 1) == "1 and {?}");
    CHECK(fmt("{}", 1, 2, 3) == "1");  // extra arguments are ignored
    CHECK(fmt("{:q}", 1) == "{!}");
    CHECK(fmt("{:xx}", 1) == "{!}");
    CHECK(fmt("{x}", 1) == "{!}");
    CHECK(fmt("{:257}", 1) == "{!}");
    // A bad field does not consume an argument.
    CHECK(fmt("{:zz} {}", 5) == "{!} 5");
    CHECK(fmt("abc {", 1) == "abc {!}");
    CHECK(fmt("{:x", 1) == "{!}");
    CHECK(fmt("{} {", 1, 2) == "1 {!}");
}

TEST_CASE("vformat takes a type-erased argument array", "[format]") {
    char buf[64];
    axlog::BufferWriter w(buf, sizeof(buf));
    const axlog::FormatArg args[] = {axlog::FormatArg(-5), axlog::FormatArg("x"),
                                     axlog::FormatArg(true)};
    axlog::vformat(w, "{} {} {} {}", args, 3);
    CHECK(w.view() == "-5 x true {?}");
    CHECK(std::string_view(buf) == "-5 x true {?}");
    axlog::BufferWriter w2(buf, sizeof(buf));
    axlog::vformat(w2, "{}", nullptr, 0);
    CHECK(w2.view() == "{?}");
}

TEST_CASE("BufferWriter truncates, stays NUL-terminated and counts dropped bytes", "[format]") {
    char buf[16];
    std::memset(buf, 'Z', sizeof(buf));
    axlog::BufferWriter w(buf, 8);  // only the first 8 bytes are the writer's
    axlog::format(w, "hello {}", "world");
    CHECK(w.view() == "hello w");
    CHECK(buf[7] == '\0');
    CHECK(w.dropped() == 4);
    for (size_t i = 8; i < sizeof(buf); ++i) CHECK(buf[i] == 'Z');
    // Further writes are dropped and counted too.
    w.write("abc", 3);
    CHECK(w.view() == "hello w");
    CHECK(w.dropped() == 7);

    char small[8];
    std::memset(small, 'Z', sizeof(small));
    CHECK(axlog::format_to_buffer(small, sizeof(small), "{:#x}", 0x123456789u) == 7);
    CHECK(std::string_view(small) == "0x12345");
}

TEST_CASE("BufferWriter appends successive writes", "[format]") {
    char buf[32];
    axlog::BufferWriter w(buf, sizeof(buf));
    CHECK(w.view().empty());
    CHECK(buf[0] == '\0');
    axlog::format(w, "a={}", 1);
    axlog::format(w, ", b={}", 2);
    CHECK(w.view() == "a=1, b=2");
    CHECK(std::string_view(buf) == "a=1, b=2");
    CHECK(w.dropped() == 0);
    w.write("", 0);
    CHECK(w.view() == "a=1, b=2");
}

TEST_CASE("BufferWriter with capacity 1 holds only the terminator", "[format]") {
    char buf[4] = {'x', 'Y', 'Y', 'Y'};
    axlog::BufferWriter w(buf, 1);
    CHECK(buf[0] == '\0');
    axlog::format(w, "{}", 12345);
    CHECK(w.view().empty());
    CHECK(buf[0] == '\0');
    CHECK(buf[1] == 'Y');
    CHECK(w.dropped() == 5);
    CHECK(axlog::format_to_buffer(buf, 1, "text") == 0);
    CHECK(buf[0] == '\0');
}
