/// @file axruntime/axruntime.h
/// @brief The runtime: brings the kernel up in order, calls the program's main(), and shuts the
/// machine down with main's status. The init order (src/runtime.cpp, ax_runtime_main):
///   1. axhal (entry.cpp): console, GDT/IDT, boot information, final page tables
///   2. log level from the command line, a warning for each argument nobody knows, ACPI tables
///   3. axalloc: frame allocator and heap
///   4. global constructors (.init_array)
///   5. time: TSC and LAPIC timer calibration, periodic timer, interrupts on
///   6. main()
///   7. exit(status): the shutdown hooks (add_shutdown_hook), then isa-debug-exit under test,
///      ACPI power-off otherwise
///
/// A program is a file that defines `int main()`; it may call these functions. Every file
/// that reads kernel arguments names them with AX_CMDLINE_ARGS (axruntime/cmdline_args.h), so
/// that a misspelt one (`udp_coutn=5`) is reported at boot instead of silently ignored.
#pragma once
#include <axruntime/cmdline_args.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace axruntime {

/// Stops the kernel: logs @p status, runs the shutdown hooks (run_shutdown_hooks) and powers
/// off. Status 0 is success; under the test harness the host sees it through isa-debug-exit.
/// Task context only (a hook may block the calling task).
[[noreturn]] void exit(int status);

/// A function exit() calls before powering off, with the @p ctx it was registered with. It
/// runs in the task that called exit() and may block it, but must return: it bounds its own
/// waits (axnet's waits at most 2 s for unsent TCP data).
using ShutdownHook = void (*)(void* ctx);

/// How many shutdown hooks can be registered.
inline constexpr size_t kMaxShutdownHooks = 8;

/// Registers @p hook (not null) for exit() to run; @p ctx is passed to it unchanged and stays
/// owned by the caller (it must live until power-off). This is how a module above the runtime
/// finishes work it accepted (axnet: bytes applications handed to TCP) without the runtime
/// depending on it. Returns false, registering nothing, for a null hook or when
/// kMaxShutdownHooks are registered already.
[[nodiscard]] bool add_shutdown_hook(ShutdownHook hook, void* ctx);

/// Runs the registered hooks, last registered first (as C's atexit), each once: a hook is
/// forgotten before it runs, so one that calls exit() does not run again. Returns how many
/// ran. exit() calls it; hardware-free: host tests in tests/shutdown_test.cpp.
size_t run_shutdown_hooks();

/// Nanoseconds from the kernel's first instruction to the call of main(), by the TSC.
uint64_t entry_to_main_ns();

/// The value of `key=value` in the kernel command line (QEMU -append), or an empty view.
std::string_view cmdline_value(std::string_view key);

/// The value of `key=value` in @p cmdline (space-separated words); empty if absent. The first
/// occurrence wins. Hardware-free: host tests in tests/cmdline_test.cpp.
std::string_view find_cmdline_value(std::string_view cmdline, std::string_view key);

/// Calls @p report(word, @p ctx) for each word of @p cmdline whose key (the text before `=`,
/// or the whole word) is in none of the @p count null-terminated name lists @p lists (the
/// AX_CMDLINE_ARGS declarations; a null list is skipped). A list holding
/// AX_CMDLINE_ENVIRONMENT_MARKER also accepts every key that looks like an environment
/// variable. Returns how many words were reported. Hardware-free: host tests in
/// tests/cmdline_test.cpp.
size_t find_unknown_cmdline_args(std::string_view cmdline, const char* const* const* lists,
                                 size_t count, void (*report)(std::string_view word, void* ctx),
                                 void* ctx);

}  // namespace axruntime

