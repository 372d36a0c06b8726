// ch01-boot/app/main.cpp: the stage 1 demo program. It shows what the runtime gave it: the
// boot memory map, the allocators, the clock and the timer interrupt, then returns 0, which
// powers the machine off.
#include <axalloc/axalloc.h>
#include <axhal/boot_info.h>
#include <axhal/cpu.h>
#include <axhal/rtc.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <axruntime/axruntime.h>

namespace {

const char* mem_type_name(uint32_t type) {
    switch (type) {
        case 1:
            return "RAM";
        case 2:
            return "reserved";
        case 3:
            return "ACPI reclaimable";
        case 4:
            return "ACPI NVS";
        case 5:
            return "bad";
        default:
            return "unknown";
    }
}

struct Greeting {
    const char* text;
    explicit Greeting(const char* t) : text(t) {}
};
Greeting g_greeting("global constructors ran");  // proves .init_array was walked

}  // namespace

int main() {
    axlog::println("Hello from main() on a C++ unikernel: {}.", g_greeting.text);
    uint64_t boot_us = axruntime::entry_to_main_ns() / 1000;
    axlog::println("Boot: {}.{:03} ms from the kernel's first instruction to main()",
                   boot_us / 1000, boot_us % 1000);

    const axhal::BootInfo& boot = axhal::boot_info();
    axlog::println("Boot memory map ({} entries):", boot.memmap_entries);
    for (size_t i = 0; i < boot.memmap_entries; ++i) {
        const auto& e = boot.memmap[i];
        axlog::println("  [{:#013x} - {:#013x}) {:>8} KiB  {}", e.addr, e.addr + e.size,
                       e.size / 1024, mem_type_name(e.type));
    }

    auto* numbers = new int[1000];
    for (int i = 0; i < 1000; ++i) numbers[i] = i * i;
    auto dma = axalloc::dma_alloc(8192);
    axalloc::Stats s = axalloc::stats();
    axlog::println("Allocators: {} of {} frames free, heap {} KiB, {} live allocations",
                   s.frames_free, s.frames_total, s.heap_bytes / 1024, s.heap_live);
    if (dma.ok()) {
        axlog::println("DMA buffer: virt {} phys {:#x}, {} bytes", dma.value().virt,
                       dma.value().phys.value, dma.value().size);
        (void)axalloc::dma_free(dma.value());
    }
    delete[] numbers;

    auto now = axhal::rtc_read();
    if (now.ok()) {
        const axhal::DateTime& t = now.value();
        axlog::println("RTC: {}-{:02}-{:02} {:02}:{:02}:{:02} UTC", t.year, t.month, t.day, t.hour,
                       t.minute, t.second);
    } else {
        axlog::println("RTC: not available ({}): chapter 1, exercise 1",
                       axerrno::error_name(now.error()));
    }

    uint64_t t0 = axhal::monotonic_ns();
    uint64_t ticks0 = axhal::timer_ticks();
    while (axhal::timer_ticks() < ticks0 + 10) axhal::wait_for_irq();
    uint64_t elapsed = axhal::monotonic_ns() - t0;
    axlog::println("Timer: 10 ticks of the 100 Hz LAPIC timer took {} us by the TSC clock",
                   elapsed / 1000);
    axlog::println("Uptime {} ms. Goodbye.", axhal::monotonic_ns() / 1000000);
    return 0;
}
