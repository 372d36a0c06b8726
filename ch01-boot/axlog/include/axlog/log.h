/// @file axlog/log.h
/// @brief Levelled kernel logging: error, warn, info, debug, trace.
///
///     axlog::info("heap: {} KiB free", n);
///
/// prints `[  0.001234 INFO  axalloc/heap.cpp:88] heap: 512 KiB free`: the time since boot, the
/// level and the call site. Messages above the current level cost one comparison. The default
/// level comes from the build (cmake -DAX_LOG_LEVEL=debug) and can be changed at boot with the
/// kernel command line (`log=trace`, QEMU -append).
///
/// axlog does not know the hardware. Like ArceOS's LogIf interface, it calls two functions it
/// does not define: axlog_write() and axlog_now_ns(), which axhal provides at link time.
#pragma once
#include <axlog/format.h>

#include <source_location>
#include <string_view>

/// Link-time interface: writes log text to the console. Defined by axhal.
void axlog_write(const char* s, size_t len);
/// Link-time interface: nanoseconds since boot for the log prefix. Defined by axhal.
uint64_t axlog_now_ns();

namespace axlog {

/// Log levels, most severe first. A message is printed if its level <= the current level.
enum class Level { Off, Error, Warn, Info, Debug, Trace };

/// Sets the current level.
void set_level(Level level);
/// The current level.
Level level();
/// Parses "off", "error", "warn", "info", "debug" or "trace". Returns false otherwise.
[[nodiscard]] bool parse_level(std::string_view name, Level& out);
/// The level's name in capitals ("INFO").
const char* level_name(Level level);

/// Formats and writes one log line (prefix, message, newline) in a single console write.
void vlog(Level level, const std::source_location& where, std::string_view fmt,
          const FormatArg* args, size_t nargs);

/// Logs at a fixed level, capturing the call site. Use through the aliases below:
/// axlog::error/warn/info/debug/trace(fmt, args...).
template <Level L, class... Args>
struct Log {
    /// Formats and logs @p fmt with @p args if @p L is enabled.
    Log(std::string_view fmt, const Args&... args,
        const std::source_location& where = std::source_location::current()) {
        if (L > level()) return;
        if constexpr (sizeof...(Args) == 0) {
            vlog(L, where, fmt, nullptr, 0);
        } else {
            const FormatArg list[] = {FormatArg(args)...};
            vlog(L, where, fmt, list, sizeof...(Args));
        }
    }
};

/// Logs an error: something failed and the kernel carries on without it.
template <class... Args>
struct error : Log<Level::Error, Args...> {
    using Log<Level::Error, Args...>::Log;
};
/// Logs a warning: something unexpected that the kernel handled.
template <class... Args>
struct warn : Log<Level::Warn, Args...> {
    using Log<Level::Warn, Args...>::Log;
};
/// Logs information a user wants to see at boot.
template <class... Args>
struct info : Log<Level::Info, Args...> {
    using Log<Level::Info, Args...>::Log;
};
/// Logs detail for debugging one subsystem.
template <class... Args>
struct debug : Log<Level::Debug, Args...> {
    using Log<Level::Debug, Args...>::Log;
};
/// Logs every step.
template <class... Args>
struct trace : Log<Level::Trace, Args...> {
    using Log<Level::Trace, Args...>::Log;
};
// Deduction guides: they let `axlog::info("x {}", n)` deduce Args. Hidden from the docs.
/// @cond
template <class... Args>
error(std::string_view, const Args&...) -> error<Args...>;
template <class... Args>
warn(std::string_view, const Args&...) -> warn<Args...>;
template <class... Args>
info(std::string_view, const Args&...) -> info<Args...>;
template <class... Args>
debug(std::string_view, const Args&...) -> debug<Args...>;
template <class... Args>
trace(std::string_view, const Args&...) -> trace<Args...>;
/// @endcond

/// Writes formatted text to the console with no prefix and no newline (like printf).
template <class... Args>
void print(std::string_view fmt, const Args&... args) {
    char buf[512];
    size_t n = format_to_buffer(buf, sizeof(buf), fmt, args...);
    axlog_write(buf, n);
}

/// print() followed by a newline.
template <class... Args>
void println(std::string_view fmt, const Args&... args) {
    char buf[512];
    BufferWriter w(buf, sizeof(buf) - 1);
    format(w, fmt, args...);
    size_t n = w.view().size();
    buf[n] = '\n';
    axlog_write(buf, n + 1);
}

}  // namespace axlog
