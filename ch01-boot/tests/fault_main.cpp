// ch01-boot/tests/fault_main.cpp: a kernel that faults on purpose. The boot test checks that
// the page fault produces the panic report (vector, error code, registers, a backtrace naming
// these functions) and a failing exit status.
#include <axlog/log.h>

namespace {

[[gnu::noinline]] int read_through(volatile int* p) {
    return *p + 1;
}

[[gnu::noinline]] int fault_here() {
    axlog::println("fault test: reading through a null pointer");
    int v = read_through(nullptr);  // no identity map: page 0 is not mapped
    axlog::println("fault test: read {} through a null pointer: the fault was missed", v);
    return v;
}

}  // namespace

int main() {
    return fault_here();
}
