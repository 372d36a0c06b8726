// axruntime/tests/cmdline_test.cpp: host tests of axruntime::find_cmdline_value, which reads
// key=value words from the kernel command line, and of find_unknown_cmdline_args, which finds
// the words no part of the kernel declared.
#include <axruntime/axruntime.h>

#include <catch2/catch_test_macros.hpp>

#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using axruntime::find_cmdline_value;

TEST_CASE("find_cmdline_value returns the value of a present key", "[cmdline]") {
    std::string_view line = "console=ttyS0 log=debug root=/dev/vda";
    CHECK(find_cmdline_value(line, "console") == "ttyS0");
    CHECK(find_cmdline_value(line, "log") == "debug");
    CHECK(find_cmdline_value(line, "root") == "/dev/vda");
    // The value is a view into the command line itself.
    auto v = find_cmdline_value(line, "log");
    CHECK(v.data() == line.data() + line.find("debug"));
}

TEST_CASE("find_cmdline_value returns empty for an absent key", "[cmdline]") {
    std::string_view line = "console=ttyS0 log=debug";
    CHECK(find_cmdline_value(line, "quiet").empty());
    CHECK(find_cmdline_value(line, "ttyS0").empty());  // a value is not a key
    CHECK(find_cmdline_value(line, "debug").empty());
    CHECK(find_cmdline_value("quiet log=info", "quiet").empty());  // a bare word has no value
}

TEST_CASE("find_cmdline_value: the first occurrence wins", "[cmdline]") {
    CHECK(find_cmdline_value("log=info log=debug", "log") == "info");
    CHECK(find_cmdline_value("a=1 log=warn b=2 log=trace", "log") == "warn");
    CHECK(find_cmdline_value("log log=debug", "log") == "debug");  // bare "log" is skipped
}

TEST_CASE("find_cmdline_value does not match a key that is a prefix of another", "[cmdline]") {
    CHECK(find_cmdline_value("logfile=x", "log").empty());
    CHECK(find_cmdline_value("logfile=x log=warn", "log") == "warn");
    CHECK(find_cmdline_value("logfile=x log=warn", "logfile") == "x");
    CHECK(find_cmdline_value("lo=1", "log").empty());
    CHECK(find_cmdline_value("xlog=1", "log").empty());  // nor a key that ends with it
}

TEST_CASE("find_cmdline_value skips runs of spaces", "[cmdline]") {
    std::string_view line = "   a=1     log=trace    b=2   ";
    CHECK(find_cmdline_value(line, "log") == "trace");
    CHECK(find_cmdline_value(line, "a") == "1");
    CHECK(find_cmdline_value(line, "b") == "2");
    CHECK(find_cmdline_value("     ", "a").empty());
}

TEST_CASE("find_cmdline_value handles an empty value and a key at the end", "[cmdline]") {
    CHECK(find_cmdline_value("log=", "log").empty());
    CHECK(find_cmdline_value("log= x=1", "log").empty());
    CHECK(find_cmdline_value("log= x=1", "x") == "1");
    CHECK(find_cmdline_value("a=1 log=debug", "log") == "debug");
    CHECK(find_cmdline_value("a=1 log", "log").empty());
    // A value may itself contain '='.
    CHECK(find_cmdline_value("root=UUID=abc", "root") == "UUID=abc");
}

TEST_CASE("find_cmdline_value on an empty command line returns empty", "[cmdline]") {
    CHECK(find_cmdline_value("", "log").empty());
    CHECK(find_cmdline_value({}, "log").empty());
}

namespace {

// Collects the words find_unknown_cmdline_args reports.
void collect(std::string_view word, void* ctx) {
    static_cast<std::vector<std::string>*>(ctx)->emplace_back(word);
}

// The runtime's own declaration, as runtime.cpp makes it.
const char* const kRuntime[] = {"log", nullptr};

std::vector<std::string> unknown(std::string_view line,
                                 std::initializer_list<const char* const*> lists) {
    std::vector<std::string> words;
    size_t n =
        axruntime::find_unknown_cmdline_args(line, std::data(lists), lists.size(), collect, &words);
    CHECK(n == words.size());
    return words;
}

}  // namespace

TEST_CASE("find_unknown_cmdline_args names each argument nobody declared", "[cmdline]") {
    const char* const program[] = {"udp_peer", "udp_count", nullptr};
    using W = std::vector<std::string>;
    CHECK(unknown("", {kRuntime, program}).empty());
    CHECK(unknown("   ", {kRuntime, program}).empty());
    CHECK(unknown("log=debug udp_peer=5555 udp_count=5", {kRuntime, program}).empty());
    // The misspelling of the issue that went unnoticed, with its value.
    CHECK(unknown("udp_peer=5555 udp_coutn=5", {kRuntime, program}) == W{"udp_coutn=5"});
    // A bare word, a prefix or extension of a known key, and an empty key are all unknown.
    CHECK(unknown("  quiet udp=1 udp_peers=2 =3  log ", {kRuntime, program}) ==
          W{"quiet", "udp=1", "udp_peers=2", "=3"});
    // A kernel whose modules declare nothing else knows only the runtime's own argument.
    CHECK(unknown("log=info ktest=pool", {kRuntime}) == W{"ktest=pool"});
    // No list at all, and a null list, know nothing.
    CHECK(unknown("log=info", {}) == W{"log=info"});
    CHECK(unknown("log=info", {nullptr, kRuntime}).empty());
}

TEST_CASE("find_unknown_cmdline_args joins the lists of every module", "[cmdline]") {
    // As a stage 6 kernel links them: the runtime, axnet, the Intel driver, the program.
    const char* const axnet[] = {"ip", "mask", "gw", "dns", nullptr};
    const char* const driver[] = {"msix", nullptr};
    const char* const program[] = {"idle_timeout", "ip", nullptr};  // "ip" twice: allowed
    using W = std::vector<std::string>;
    CHECK(unknown("log=warn ip=dhcp msix=0 idle_timeout=5 gw=10.0.2.2",
                  {kRuntime, axnet, driver, program})
              .empty());
    CHECK(unknown("msix=0 mask=255.0.0.0", {kRuntime, program}) == W{"msix=0", "mask=255.0.0.0"});
}

TEST_CASE("an environment declaration accepts environment-like keys only", "[cmdline]") {
    const char* const environment[] = {AX_CMDLINE_ENVIRONMENT_MARKER, nullptr};
    using W = std::vector<std::string>;
    // What axlibc's getenv reads: names of A-Z, 0-9 and '_'.
    CHECK(
        unknown("HTTP_PORT=8080 BW_BYTES=64M _X=1 A1=2 log=info", {kRuntime, environment}).empty());
    // Lowercase and mixed-case keys are still kernel arguments, and still checked; so are
    // keys starting with a digit, empty keys and other characters.
    CHECK(unknown("lgo=debug Http_Port=1 1ABC=2 =3 A-B=4 HTTP.PORT=5", {kRuntime, environment}) ==
          W{"lgo=debug", "Http_Port=1", "1ABC=2", "=3", "A-B=4", "HTTP.PORT=5"});
    // Without the declaration, an environment-like key is unknown like any other.
    CHECK(unknown("HTTP_PORT=8080", {kRuntime}) == W{"HTTP_PORT=8080"});
}
