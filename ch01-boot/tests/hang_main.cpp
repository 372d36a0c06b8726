// ch01-boot/tests/hang_main.cpp: a kernel that never finishes. The harness test checks that
// the harness reports it as a timeout rather than waiting forever or calling it a pass.
#include <axhal/cpu.h>
#include <axlog/log.h>

int main() {
    axlog::println("hang test: halting forever with interrupts on");
    for (;;) axhal::wait_for_irq();
}
