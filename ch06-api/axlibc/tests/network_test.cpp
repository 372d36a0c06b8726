// axlibc/tests/network_test.cpp: inet_pton and inet_ntop against glibc's, on fixed edge cases
// and random addresses, and signal()'s honest refusal of what has no meaning here.
#include <arpa/inet.h>
#include <errno.h>

#include <catch2/catch_test_macros.hpp>
#include <cstdio>
#include <cstring>
#include <random>

#include "axlibc_host.h"

TEST_CASE("inet_pton agrees with glibc") {
    const char* inputs[] = {
        "0.0.0.0",    "255.255.255.255", "10.0.2.15", "1.2.3",        "1.2.3.4.5",
        "256.1.1.1",  "01.2.3.4",        "0.0.0.00",  "1.2.3.4 ",     " 1.2.3.4",
        "",           "1..2.3",          "a.b.c.d",   "1.2.3.-4",     "1.2.3.4x",
        "1000.1.1.1", "0x1.2.3.4",       "127.0.0.1", "192.168.001.1"};
    for (const char* in : inputs) {
        unsigned char ours[4] = {}, theirs[4] = {};
        int a = axlibc_inet_pton(AF_INET, in, ours);
        int b = inet_pton(AF_INET, in, theirs);
        INFO(in);
        CHECK(a == b);
        if (b == 1) CHECK(std::memcmp(ours, theirs, 4) == 0);
    }
    unsigned char d[16];
    CHECK(axlibc_inet_pton(AF_INET6, "::1", d) == -1);
}

TEST_CASE("inet_ntop agrees with glibc on random addresses; short buffers fail") {
    std::mt19937 rng(6);
    for (int i = 0; i < 10000; ++i) {
        uint32_t a = rng();
        char ours[16], theirs[16];
        REQUIRE(axlibc_inet_ntop(AF_INET, &a, ours, sizeof ours) == ours);
        REQUIRE(inet_ntop(AF_INET, &a, theirs, sizeof theirs) == theirs);
        REQUIRE(std::strcmp(ours, theirs) == 0);
        unsigned char back[4];
        REQUIRE(axlibc_inet_pton(AF_INET, ours, back) == 1);
        REQUIRE(std::memcmp(back, &a, 4) == 0);
    }
    uint32_t a = 0xffffffff;
    char small[15];
    CHECK(axlibc_inet_ntop(AF_INET, &a, small, sizeof small) == nullptr);
    CHECK(*axlibc___errno_location() == ENOSPC);
}

TEST_CASE("signal: SIGPIPE may be ignored, nothing else is pretended") {
    CHECK(axlibc_signal(13, reinterpret_cast<void (*)(int)>(1)) == nullptr);  // SIG_DFL back
    CHECK(axlibc_signal(2, reinterpret_cast<void (*)(int)>(1)) ==
          reinterpret_cast<void (*)(int)>(-1));
    CHECK(*axlibc___errno_location() == EINVAL);
}
