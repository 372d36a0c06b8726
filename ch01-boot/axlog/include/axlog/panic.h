/// @file axlog/panic.h
/// @brief Kernel panic: an unrecoverable error. ax_panic() formats the message and calls
/// ax_panic_handler(), which axruntime defines (like Rust's #[panic_handler] in ArceOS): it
/// prints the message and a symbolised backtrace and ends the machine with a failure status.
#pragma once
#include <axlog/format.h>

#include <source_location>

namespace axlog {

/// Everything the panic handler is told.
struct PanicInfo {
    const char* message;  ///< The formatted message (may span several lines).
    const char* file;     ///< Source file of the panic call.
    unsigned line;        ///< Source line of the panic call.
    uint64_t rip = 0;     ///< For a CPU exception: the faulting instruction, else 0.
    uint64_t rbp = 0;     ///< For a CPU exception: the frame pointer then, else 0.
    uint64_t rsp = 0;     ///< For a CPU exception: the stack pointer then, else 0.
};

/// Formats the message into a static buffer and calls ax_panic_handler(). Never returns.
[[noreturn]] void vpanic(const std::source_location& where, std::string_view fmt,
                         const FormatArg* args, size_t nargs);

/// vpanic() for a CPU exception: @p rip, @p rbp and @p rsp of the interrupted code start the
/// backtrace.
[[noreturn]] void vpanic_at(const std::source_location& where, uint64_t rip, uint64_t rbp,
                            uint64_t rsp, std::string_view fmt, const FormatArg* args,
                            size_t nargs);

/// Panics with a formatted message; use through AX_PANIC, which supplies @p where.
template <class... Args>
[[noreturn]] void panic_at(const std::source_location& where, std::string_view fmt,
                           const Args&... args) {
    if constexpr (sizeof...(Args) == 0) {
        vpanic(where, fmt, nullptr, 0);
    } else {
        const FormatArg list[] = {FormatArg(args)...};
        vpanic(where, fmt, list, sizeof...(Args));
    }
}

}  // namespace axlog

/// Link-time interface: reports a panic and stops the machine. Defined by axruntime.
[[noreturn]] void ax_panic_handler(const axlog::PanicInfo& info);

/// Panics with a formatted message and the call site: `AX_PANIC("bad frame {:#x}", pa);`
#define AX_PANIC(...) ::axlog::panic_at(std::source_location::current(), __VA_ARGS__)
