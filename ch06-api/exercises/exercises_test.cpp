// ch06-api/exercises/exercises_test.cpp: chapter 6's exercise (section 8), a host test of
// axstd's ToSocketAddrs: "localhost" resolves to 127.0.0.1 without asking DNS, as the hosts
// file makes it on Linux. Fails until the exercise is solved.
#include <axstd/addr.h>
#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <string>
#include <vector>

namespace arceos_api {
void bad_expected_access(const char*) {
    std::abort();
}
}  // namespace arceos_api

using namespace axstd;

TEST_CASE("exercise 1: localhost resolves to 127.0.0.1 without DNS") {
    std::vector<std::string> asked;
    auto dns = [&](std::string_view name) -> io::Result<net::Ipv4Addr> {
        asked.emplace_back(name);
        return io::ErrorKind::NotFound;  // the DNS server knows no such name
    };
    for (const char* name : {"localhost", "LocalHost", "localhost."}) {
        INFO(name);
        auto r = net::resolve_with({name, 8080}, dns);
        REQUIRE(r.ok());
        CHECK(r.value().size() == 1);
        CHECK(r.value()[0] == net::SocketAddr(net::Ipv4Addr::localhost(), 8080));
    }
    CHECK(asked.empty());
    // Only the name itself: anything longer is a DNS question as before.
    CHECK_FALSE(net::resolve_with({"localhost.example", 80}, dns).ok());
    CHECK_FALSE(net::resolve_with({"mylocalhost", 80}, dns).ok());
    CHECK(asked == std::vector<std::string>{"localhost.example", "mylocalhost"});
}
