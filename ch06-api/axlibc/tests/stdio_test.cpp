// The output side of stdio over the write hook: what printf, puts, putchar, fputs, fputc,
// fwrite, fprintf(stderr) and perror write, to which descriptor, in how many writes; and
// what a failing write does (-1, errno, ferror).
#include <catch2/catch_test_macros.hpp>

#include <cerrno>
#include <string>
#include <vector>

#include "axlibc_host.h"

namespace {

struct Written {
    int fd;
    std::string bytes;
};
std::vector<Written> writes;
long fail_with = 0;   // a negative errno to return, or 0
size_t short_by = 0;  // accept this many bytes fewer than offered (at least 1)

long capture(int fd, const void* buf, size_t len) {
    if (fail_with) return fail_with;
    size_t n = len > short_by ? len - short_by : 1;
    writes.push_back({fd, std::string(static_cast<const char*>(buf), n)});
    return static_cast<long>(n);
}

std::string all(int fd) {
    std::string s;
    for (auto& w : writes) {
        if (w.fd == fd) s += w.bytes;
    }
    return s;
}

struct Hooked {
    __axlibc_write_hook old;
    Hooked() : old(__axlibc_set_write_hook(capture)) {
        writes.clear();
        fail_with = 0;
        short_by = 0;
    }
    ~Hooked() { __axlibc_set_write_hook(old); }
};

}  // namespace

TEST_CASE("printf and friends write to descriptors 1 and 2 through the hook", "[axlibc][stdio]") {
    Hooked h;
    auto* out = axlibc_probe_stream(1);
    auto* err = axlibc_probe_stream(2);
    REQUIRE(axlibc_printf("%s=%d\n", "x", 42) == 5);
    REQUIRE(writes.size() == 1);  // one write for a short printf
    REQUIRE(axlibc_puts("line") >= 0);
    REQUIRE(axlibc_putchar('c') == 'c');
    REQUIRE(axlibc_fputs("fputs", out) >= 0);
    REQUIRE(axlibc_fputc('!', out) == '!');
    REQUIRE(axlibc_fwrite("abcdef", 2, 3, out) == 3);
    REQUIRE(axlibc_fprintf(err, "error %d\n", 5) == 8);
    REQUIRE(axlibc_dprintf(2, "[%5s]", "d") == 7);
    *axlibc___errno_location() = ECONNREFUSED;
    axlibc_perror("connect");
    REQUIRE(all(1) == "x=42\nline\ncfputs!abcdef");
    REQUIRE(all(2) == "error 5\n[    d]connect: Connection refused\n");

    writes.clear();
    std::string big(5000, 'z');  // longer than the chunk: several writes, nothing lost
    REQUIRE(axlibc_printf("<%s>", big.c_str()) == 5002);
    REQUIRE(writes.size() > 1);
    REQUIRE(all(1) == "<" + big + ">");

    writes.clear();
    short_by = 7;  // a descriptor that takes less than offered: the rest is written after
    REQUIRE(axlibc_printf("%s", big.c_str()) == 5000);
    REQUIRE(all(1) == big);
}

TEST_CASE("a failing write: printf returns -1 with the hook's errno, ferror is set",
          "[axlibc][stdio]") {
    Hooked h;
    auto* out = axlibc_probe_stream(1);
    fail_with = -EPIPE;
    *axlibc___errno_location() = 0;
    REQUIRE(axlibc_printf("hello\n") == -1);
    REQUIRE(*axlibc___errno_location() == EPIPE);
    REQUIRE(axlibc_ferror(out));
    REQUIRE(axlibc_puts("x") == -1);
    REQUIRE(axlibc_fwrite("ab", 1, 2, out) == 0);
    axlibc_clearerr(out);
    REQUIRE(!axlibc_ferror(out));

    __axlibc_set_write_hook(nullptr);  // no hook at all: EBADF, never a silent success
    *axlibc___errno_location() = 0;
    REQUIRE(axlibc_dprintf(1, "x") == -1);
    REQUIRE(*axlibc___errno_location() == EBADF);
}
