// ch01-boot/tests/ktest_main.cpp: the in-guest test kernel's program: runs every ktest case
// linked in (optionally only those matching `ktest=<text>` on the command line).
#include <axruntime/axruntime.h>
#include <ktest/ktest.h>

AX_CMDLINE_ARGS("ktest");

int main() {
    return ktest::run_all(axruntime::cmdline_value("ktest")) == 0 ? 0 : 1;
}
