/// @file axruntime/axruntime.h
/// @brief The runtime: brings the kernel up in order, calls the program's main(), and shuts the
/// machine down with main's status. The init order (src/runtime.cpp, ax_runtime_main):
///   1. axhal (entry.cpp): console, GDT/IDT, boot information, final page tables
///   2. log level from the command line, ACPI tables
///   3. axalloc: frame allocator and heap
///   4. global constructors (.init_array)
///   5. time: TSC and LAPIC timer calibration, periodic timer, interrupts on
///   6. main()
///   7. exit(status): isa-debug-exit under test, ACPI power-off otherwise
///
/// A program is a file that defines `int main()`; it may call these functions.
#pragma once
#include <cstdint>
#include <string_view>

namespace axruntime {

/// Stops the kernel: logs @p status and powers off. Status 0 is success; under the test
/// harness the host sees it through isa-debug-exit.
[[noreturn]] void exit(int status);

/// Nanoseconds from the kernel's first instruction to the call of main(), by the TSC.
uint64_t entry_to_main_ns();

/// The value of `key=value` in the kernel command line (QEMU -append), or an empty view.
std::string_view cmdline_value(std::string_view key);

/// The value of `key=value` in @p cmdline (space-separated words); empty if absent. The first
/// occurrence wins. Hardware-free: host tests in tests/cmdline_test.cpp.
std::string_view find_cmdline_value(std::string_view cmdline, std::string_view key);

}  // namespace axruntime
