// axruntime/src/runtime.cpp: the init order, the call to main() and the shutdown.
#include <axalloc/axalloc.h>
#include <axhal/acpi.h>
#include <axhal/boot_info.h>
#include <axhal/cpu.h>
#include <axhal/power.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <axruntime/axruntime.h>

#include <cstring>

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

/// The program's main(). Declared under another C++ name because C++ forbids calling main from
/// a program; the linker symbol is the same (like a C runtime's crt0 calling main).
extern "C" int ax_program_main() __asm__("main");
// The AX_CMDLINE_ARGS declarations of every linked module (axhal/src/linker.ld).
extern "C" const char* const* const __cmdline_args_start[];
extern "C" const char* const* const __cmdline_args_end[];

// The runtime's own argument: the log level.
AX_CMDLINE_ARGS("log");

namespace axruntime {

namespace {
constexpr uint32_t kTimerHz = 100;

// Boot timeline: TSC stamps of the init steps, printed once the TSC is calibrated.
struct Milestone {
    const char* name;
    uint64_t tsc;
};
Milestone g_milestones[8];
uint64_t g_entry_to_main_ns;
size_t g_nmilestones;
void milestone(const char* name) {
    if (g_nmilestones < sizeof(g_milestones) / sizeof(g_milestones[0])) {
        g_milestones[g_nmilestones++] = {name, axhal::rdtsc()};
    }
}
}  // namespace

uint64_t entry_to_main_ns() {
    return g_entry_to_main_ns;
}

std::string_view cmdline_value(std::string_view key) {
    return find_cmdline_value(axhal::boot_info().cmdline, key);
}

void exit(int status) {
    axlog::info("axruntime: main returned {}, shutting down", status);
    run_shutdown_hooks();  // e.g. axnet delivers what TCP still holds (chapter 5)
    axhal::system_off(status == 0);
}

}  // namespace axruntime

[[noreturn]] void ax_runtime_main() {
    using axruntime::milestone;
    milestone("axhal");
    const axhal::BootInfo& boot = axhal::boot_info();
    axlog::println("\nArceOS C++ course kernel: x86_64 q35, booted through PVH");
    axlog::println("command line: \"{}\"", boot.cmdline);

    std::string_view log = axruntime::cmdline_value("log");
    if (!log.empty()) {
        axlog::Level level;
        if (axlog::parse_level(log, level)) {
            axlog::set_level(level);
        } else {
            axlog::warn("axruntime: unknown log level \"{}\" (off/error/warn/info/debug/trace)",
                        log);
        }
    }
    axlog::info("axruntime: log level {}", axlog::level_name(axlog::level()));
    // A misspelt argument would otherwise be ignored without a word (AX_CMDLINE_ARGS).
    axruntime::find_unknown_cmdline_args(
        boot.cmdline, __cmdline_args_start, size_t(__cmdline_args_end - __cmdline_args_start),
        [](std::string_view word, void*) {
            axlog::warn(
                "axruntime: unknown kernel argument \"{}\" ignored (no part of this kernel "
                "declares it: AX_CMDLINE_ARGS)",
                word);
        },
        nullptr);
    if (!axhal::acpi::init(boot.rsdp))
        axlog::warn("axruntime: no ACPI: power-off will halt instead");

    milestone("log+acpi");
    axalloc::init(boot);
    milestone("axalloc");

    for (auto** ctor = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();

    milestone("ctors");
    axhal::time_init();
    axhal::timer_start(axruntime::kTimerHz);
    axhal::irq_enable();
    milestone("time");

    uint64_t to_main_ns = axhal::tsc_to_ns(axhal::rdtsc() - boot.entry_tsc);
    axruntime::g_entry_to_main_ns = to_main_ns;
    axlog::info("axruntime: entry to main took {}.{:03} ms (TSC), calling main()",
                to_main_ns / 1000000, (to_main_ns / 1000) % 1000);
    uint64_t prev = boot.entry_tsc;
    for (size_t i = 0; i < axruntime::g_nmilestones; ++i) {
        axlog::debug("axruntime: boot step {:<9} {:>6} us", axruntime::g_milestones[i].name,
                     axhal::tsc_to_ns(axruntime::g_milestones[i].tsc - prev) / 1000);
        prev = axruntime::g_milestones[i].tsc;
    }
    axruntime::exit(ax_program_main());
}
