// What the axlibc host tests share: the random source and the scale of the random runs.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <random>

namespace axlibc_test {

/// Random cases per test are multiplied by AXLIBC_TEST_SCALE (default 1; the long run uses
/// e.g. AXLIBC_TEST_SCALE=20).
inline long scaled(long n) {
    const char* s = std::getenv("AXLIBC_TEST_SCALE");
    long k = s ? std::strtol(s, nullptr, 10) : 1;
    return n * (k > 0 ? k : 1);
}

/// A fixed seed, so a failure reproduces; AXLIBC_TEST_SEED picks another.
inline std::mt19937_64 rng() {
    const char* s = std::getenv("AXLIBC_TEST_SEED");
    return std::mt19937_64(s ? std::strtoull(s, nullptr, 0) : 0x5eed0006);
}

}  // namespace axlibc_test
