// axlog/src/log.cpp: log levels, the line prefix and panic message formatting.
#include <axlog/log.h>
#include <axlog/panic.h>

#ifndef AX_LOG_DEFAULT_LEVEL
#define AX_LOG_DEFAULT_LEVEL 3
#endif

namespace axlog {
namespace {

Level g_level = static_cast<Level>(AX_LOG_DEFAULT_LEVEL);

// Splits a source path into the module and the file name, skipping a "src" or "tests"
// folder: ".../axalloc/src/heap.cpp" gives "axalloc" and "heap.cpp".
void split_site(std::string_view path, std::string_view& module, std::string_view& file) {
    size_t cut = path.rfind('/');
    file = cut == std::string_view::npos ? path : path.substr(cut + 1);
    std::string_view dir = cut == std::string_view::npos ? "" : path.substr(0, cut);
    for (int i = 0; i < 2; ++i) {
        size_t prev = dir.rfind('/');
        module = prev == std::string_view::npos ? dir : dir.substr(prev + 1);
        if (module != "src" && module != "tests") break;
        dir = prev == std::string_view::npos ? "" : dir.substr(0, prev);
    }
}

}  // namespace

void set_level(Level level) {
    g_level = level;
}
Level level() {
    return g_level;
}

bool parse_level(std::string_view name, Level& out) {
    constexpr std::string_view names[] = {"off", "error", "warn", "info", "debug", "trace"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i) {
        if (name == names[i]) {
            out = static_cast<Level>(i);
            return true;
        }
    }
    return false;
}

const char* level_name(Level level) {
    switch (level) {
        case Level::Off:
            return "OFF";
        case Level::Error:
            return "ERROR";
        case Level::Warn:
            return "WARN";
        case Level::Info:
            return "INFO";
        case Level::Debug:
            return "DEBUG";
        case Level::Trace:
            return "TRACE";
    }
    return "?";
}

void vlog(Level level, const std::source_location& where, std::string_view fmt,
          const FormatArg* args, size_t nargs) {
    char buf[512];
    BufferWriter w(buf, sizeof(buf) - 1);
    uint64_t ns = axlog_now_ns();
    std::string_view module, file;
    split_site(where.file_name(), module, file);
    format(w, "[{:>4}.{:06} {:<5} {}/{}:{}] ", ns / 1000000000, (ns / 1000) % 1000000,
           level_name(level), module, file, where.line());
    vformat(w, fmt, args, nargs);
    size_t n = w.view().size();
    buf[n] = '\n';
    axlog_write(buf, n + 1);
}

void vpanic_at(const std::source_location& where, uint64_t rip, uint64_t rbp, uint64_t rsp,
               std::string_view fmt, const FormatArg* args, size_t nargs) {
    static char message[2048];
    BufferWriter w(message, sizeof(message));
    vformat(w, fmt, args, nargs);
    ax_panic_handler(PanicInfo{message, where.file_name(), where.line(), rip, rbp, rsp});
}

void vpanic(const std::source_location& where, std::string_view fmt, const FormatArg* args,
            size_t nargs) {
    vpanic_at(where, 0, 0, 0, fmt, args, nargs);
}

}  // namespace axlog
