/// @file axhal/power.h
/// @brief Ending the machine: QEMU's isa-debug-exit device when present (tests: the exit status
/// reaches the host), then ACPI soft-off (S5), then halting.
#pragma once
#include <cstdint>

namespace axhal {

/// Value written to isa-debug-exit for success. QEMU exits with (value << 1) | 1 = 85, a code
/// no other outcome (QEMU error 1, signal 128+n, timeout 124) produces.
inline constexpr uint32_t kDebugExitSuccess = 0x2a;
/// Value written to isa-debug-exit for failure: QEMU exits with 3.
inline constexpr uint32_t kDebugExitFailure = 0x01;

/// Powers the machine off. @p success selects the isa-debug-exit value.
[[noreturn]] void system_off(bool success);

}  // namespace axhal
