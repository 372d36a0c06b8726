// axlibc's string.h, strings.h and ctype.h against glibc: random buffers (overlapping
// memmove in both directions), random strings over a small alphabet so that searches hit,
// every ctype class for every byte, strerror's text, and errno.h's numbers.
#include <catch2/catch_test_macros.hpp>

#include <strings.h>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "axlibc_host.h"
#include "test_common.h"

using axlibc_test::rng;
using axlibc_test::scaled;

namespace {

int sign(long v) {
    return (v > 0) - (v < 0);
}

std::string random_string(std::mt19937_64& r, size_t max, const char* alphabet = "abcAB ,.") {
    std::string s;
    size_t n = r() % (max + 1), k = std::strlen(alphabet);
    for (size_t i = 0; i < n; ++i) s += alphabet[r() % k];
    return s;
}

}  // namespace

TEST_CASE("memcpy, memmove (overlapping), memset, memcmp, memchr match glibc", "[axlibc][string]") {
    auto r = rng();
    std::vector<unsigned char> a(600), b(600);
    for (long i = 0; i < scaled(30000); ++i) {
        for (auto& c : a) c = static_cast<unsigned char>(r());
        b = a;
        size_t n = r() % 300, src = r() % 300, dst = r() % 300;
        std::memmove(a.data() + dst, a.data() + src, n);
        REQUIRE(axlibc_memmove(b.data() + dst, b.data() + src, n) == b.data() + dst);
        REQUIRE(a == b);

        if (dst + n <= src + 1 || src + 1 + n <= dst) {  // memcpy: only without overlap
            std::memcpy(a.data() + dst, a.data() + src + 1, n);
            axlibc_memcpy(b.data() + dst, b.data() + src + 1, n);
            REQUIRE(a == b);
        }
        int c = static_cast<int>(r() % 256);
        std::memset(a.data() + src, c, n);
        axlibc_memset(b.data() + src, c, n);
        REQUIRE(a == b);

        size_t off = r() % 300;
        b[off + r() % 300] ^= static_cast<unsigned char>(r() % 2);
        REQUIRE(sign(std::memcmp(a.data() + off, b.data() + off, n)) ==
                sign(axlibc_memcmp(a.data() + off, b.data() + off, n)));
        int byte = a[r() % 600];
        REQUIRE(std::memchr(a.data() + off, byte, n) == axlibc_memchr(a.data() + off, byte, n));
        REQUIRE(memrchr(a.data() + off, byte, n) == axlibc_memrchr(a.data() + off, byte, n));
        b = a;
    }
}

TEST_CASE("str* functions match glibc on random strings", "[axlibc][string]") {
    auto r = rng();
    for (long i = 0; i < scaled(30000); ++i) {
        std::string s = random_string(r, 40), t = random_string(r, 4);
        const char *cs = s.c_str(), *ct = t.c_str();
        int ch = "abcAB ,.\0"[r() % 9];
        REQUIRE(std::strlen(cs) == axlibc_strlen(cs));
        size_t lim = r() % 50;
        REQUIRE(strnlen(cs, lim) == axlibc_strnlen(cs, lim));
        REQUIRE(sign(std::strcmp(cs, ct)) == sign(axlibc_strcmp(cs, ct)));
        REQUIRE(sign(std::strncmp(cs, ct, lim % 6)) == sign(axlibc_strncmp(cs, ct, lim % 6)));
        REQUIRE(sign(strcasecmp(cs, ct)) == sign(axlibc_strcasecmp(cs, ct)));
        REQUIRE(sign(strncasecmp(cs, ct, lim % 6)) == sign(axlibc_strncasecmp(cs, ct, lim % 6)));
        REQUIRE(std::strchr(cs, ch) == axlibc_strchr(cs, ch));
        REQUIRE(std::strrchr(cs, ch) == axlibc_strrchr(cs, ch));
        REQUIRE(std::strstr(cs, ct) == axlibc_strstr(cs, ct));
        REQUIRE(std::strspn(cs, ct) == axlibc_strspn(cs, ct));
        REQUIRE(std::strcspn(cs, ct) == axlibc_strcspn(cs, ct));
        REQUIRE(std::strpbrk(cs, ct) == axlibc_strpbrk(cs, ct));

        char w[128], g[128];
        std::memset(w, 'X', sizeof w);
        std::memset(g, 'X', sizeof g);
        std::strncpy(w, cs, lim);
        axlibc_strncpy(g, cs, lim);
        REQUIRE(std::memcmp(w, g, sizeof w) == 0);
        std::strcpy(w, ct);
        axlibc_strcpy(g, ct);
        std::strncat(w, cs, lim);
        axlibc_strncat(g, cs, lim);
        REQUIRE(std::memcmp(w, g, sizeof w) == 0);
        std::strcat(w, ct);
        axlibc_strcat(g, ct);
        REQUIRE(std::strcmp(w, g) == 0);
        REQUIRE(axlibc_stpcpy(g, cs) == g + s.size());

        // strtok_r: the same tokens, in the same order.
        std::string a = s, b = s;
        char *sa = nullptr, *sb = nullptr;
        char* ta = strtok_r(a.data(), ct, &sa);
        char* tb = axlibc_strtok_r(b.data(), ct, &sb);
        while (ta || tb) {
            REQUIRE((ta && tb));
            REQUIRE(ta - a.data() == tb - b.data());
            ta = strtok_r(nullptr, ct, &sa);
            tb = axlibc_strtok_r(nullptr, ct, &sb);
        }
        char* d = axlibc_strndup(cs, lim);
        REQUIRE(std::string(d) == s.substr(0, lim));
        axlibc_free(d);
    }
}

TEST_CASE("ctype matches glibc's C locale for every byte and EOF", "[axlibc][ctype]") {
    for (int c = -1; c < 256; ++c) {
        INFO("c = " << c);
        REQUIRE(!!std::isalnum(c) == !!axlibc_isalnum(c));
        REQUIRE(!!std::isalpha(c) == !!axlibc_isalpha(c));
        REQUIRE(!!std::isblank(c) == !!axlibc_isblank(c));
        REQUIRE(!!std::iscntrl(c) == !!axlibc_iscntrl(c));
        REQUIRE(!!std::isdigit(c) == !!axlibc_isdigit(c));
        REQUIRE(!!std::isgraph(c) == !!axlibc_isgraph(c));
        REQUIRE(!!std::islower(c) == !!axlibc_islower(c));
        REQUIRE(!!std::isprint(c) == !!axlibc_isprint(c));
        REQUIRE(!!std::ispunct(c) == !!axlibc_ispunct(c));
        REQUIRE(!!std::isspace(c) == !!axlibc_isspace(c));
        REQUIRE(!!std::isupper(c) == !!axlibc_isupper(c));
        REQUIRE(!!std::isxdigit(c) == !!axlibc_isxdigit(c));
        REQUIRE(std::tolower(c) == axlibc_tolower(c));
        REQUIRE(std::toupper(c) == axlibc_toupper(c));
    }
}

TEST_CASE("errno.h has Linux's numbers and strerror glibc's messages", "[axlibc][errno]") {
    int names = 0;
    for (const axlibc_errno_name* e = axlibc_probe_errno; e->name; ++e, ++names) {
        // The same name through glibc's <cerrno>: a table built by the same list.
        static const struct {
            const char* name;
            int value;
        } host[] = {
#define AXLIBC_ERRNO(n) {#n, n},
#include "errno_names.inc"
#undef AXLIBC_ERRNO
        };
        INFO(e->name);
        REQUIRE(std::strcmp(host[names].name, e->name) == 0);
        REQUIRE(host[names].value == e->value);
    }
    REQUIRE(names >= 130);
    for (int e = -3; e < 140; ++e) {
        INFO("errno " << e);
        REQUIRE(std::string(std::strerror(e)) == axlibc_strerror(e));
    }
}
