/// @file axlog/lab.h
/// @brief The stub of a lab region: what the student's tree (`make chN-lab`) holds in place of
/// a body the student writes.
///
/// The reference source marks each lab region with two comment lines:
///
///     // LAB ch01.frame_alloc: find and claim a run of free frames (chapter 1, 5.2)
///     ... the reference code ...
///     // LAB END
///
/// tools/lab.py replaces the lines between the markers with `AX_LAB_TODO("ch01.frame_alloc",
/// "chapter 1, 5.2")` and adds `#include <axlog/lab.h>` to the file. The stub fails
/// loudly, never silently:
/// - in the kernel it panics (axlog's AX_PANIC: message, call site, symbolised backtrace) with
///   the region's id and the chapter section that explains it;
/// - in a host test (Catch2, no axruntime to report a panic) it prints the same message to
///   stderr and aborts, which fails the test case that reached it.
///
/// A stubbed body leaves the function's parameters, and locals or helpers only the body used,
/// without a use; so that the student's tree still builds under -Werror, a file that includes
/// this header does not warn about unused parameters, variables or functions. These settings
/// are made at every inclusion (they stand before the include guard), and a header with a stub
/// keeps them to itself: tools/lab.py puts `#pragma GCC diagnostic push` before the include
/// and `pop` at the header's end, so the files that include that header still get every
/// warning. The reference source never includes it.

#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-parameter"
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wunused-function"

#ifndef AXLOG_LAB_H
#define AXLOG_LAB_H

#if AX_KERNEL
#include <axlog/log.h>
#include <axlog/panic.h>

#include <source_location>
#else
#include <cstdio>
#include <cstdlib>
#endif

namespace axlog {

#if AX_KERNEL
/// Where a stub is: the kernel's logger and panic take a std::source_location.
using LabWhere = std::source_location;
/// Where the stub that expands it stands.
#define AX_LAB_HERE std::source_location::current()
#else
/// Where a stub is, on the host: file and line only, because clang before 15 cannot build
/// libstdc++'s std::source_location, and the fuzz targets (clang) compile stubbed files too.
struct LabWhere {
    const char* m_file;
    unsigned m_line;
    const char* file_name() const { return m_file; }
    unsigned line() const { return m_line; }
};
/// Where the stub that expands it stands.
#define AX_LAB_HERE ::axlog::LabWhere{__FILE__, unsigned(__LINE__)}
#endif

/// Reports that lab region @p id ("chNN.name", e.g. "ch01.frame_alloc") is still a stub; @p what
/// names the chapter section that explains it (e.g. "chapter 1, 5.2"). Never returns, so it stands
/// in for a body of any return type.
[[noreturn]] inline void lab_todo(const char* id, const char* what,
                                  const LabWhere& where) {
    // The chapter number, for the grading command: "ch01.frame_alloc" -> 1.
    unsigned chapter = unsigned(id[2] - '0') * 10 + unsigned(id[3] - '0');
#if AX_KERNEL
    panic_at(where, "lab region {} is not written yet ({})\n  write it, then: make ch{}-grade", id,
             what, chapter);
#else
    std::fprintf(stderr,
                 "panic at %s:%u: lab region %s is not written yet (%s)\n"
                 "  write it, then: make ch%u-grade\n",
                 where.file_name(), unsigned(where.line()), id, what, chapter);
    std::fflush(stderr);
    std::abort();
#endif
}

/// Reports, once per call site (@p told), that lab region @p id is still a stub that returns
/// a value instead of panicking: an error line in the log, and the kernel runs on.
inline void lab_stub_once(bool& told, const char* id, const char* what,
                          const LabWhere& where) {
    if (told) return;
    told = true;
    unsigned chapter = unsigned(id[2] - '0') * 10 + unsigned(id[3] - '0');
#if AX_KERNEL
    const FormatArg args[] = {FormatArg(id), FormatArg(what), FormatArg(chapter)};
    vlog(Level::Error, where,
         "lab region {} is not written yet ({}); it does nothing until it is\n"
         "  write it, then: make ch{}-grade",
         args, 3);
#else
    std::fprintf(stderr,
                 "%s:%u: lab region %s is not written yet (%s); it does nothing until it is\n"
                 "  write it, then: make ch%u-grade\n",
                 where.file_name(), unsigned(where.line()), id, what, chapter);
#endif
}

}  // namespace axlog

/// The stub of a lab region whose panic would stop every test of the kernel (a receive path
/// that the idle loop polls): `return AX_LAB_STUB(DevError::Again, "ch04.rx", "chapter 4,
/// 2.3");` says once, as an error in the log, that the region is not written, and returns the
/// value, so that the kernel runs on and the tests that need the region fail.
#define AX_LAB_STUB(value, id, what)                                                        \
    (                                                                                       \
        [&] {                                                                               \
            static bool ax_lab_told = false;                                                \
            ::axlog::lab_stub_once(ax_lab_told, id, what, AX_LAB_HERE);                   \
        }(),                                                                                \
        value)

/// The stub of lab region @p id: `AX_LAB_TODO("ch01.frame_alloc")`, or with the chapter section
/// that explains it: `AX_LAB_TODO("ch01.frame_alloc", "chapter 1, 5.2")`.
#define AX_LAB_TODO(...) AX_LAB_TODO_IMPL(__VA_ARGS__, "the chapter's Lab section", )
/// The expansion of AX_LAB_TODO: @p what defaults to "the chapter's Lab section".
#define AX_LAB_TODO_IMPL(id, what, ...) ::axlog::lab_todo(id, what, AX_LAB_HERE)

#endif  // AXLOG_LAB_H
