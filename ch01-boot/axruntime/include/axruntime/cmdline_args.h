/// @file axruntime/cmdline_args.h
/// @brief Declaring the kernel arguments a module reads, so that the runtime can warn at boot
/// about every word of the command line that no linked module reads (a misspelt `udp_coutn=5`
/// would otherwise do nothing, without a word). Chapter 1, section 8.
///
/// Each declaration is a list of names placed in the `.ax_cmdline_args` linker section
/// (axhal/src/linker.ld collects them between `__cmdline_args_start` and
/// `__cmdline_args_end`), the same registry pattern as ktest's cases and the driver registry.
/// A module declares the arguments in the file that reads them, so a kernel knows exactly the
/// arguments of the code it links: stage 4's Intel driver brings `msix`, axnet brings `ip`,
/// `mask`, `gw` and `dns`, the program its own. This header includes nothing, so that layers
/// above the runtime (axstd/env.h) can offer it without pulling in the runtime's interface.
#pragma once

/// The marker of AX_CMDLINE_ENVIRONMENT in a list (compared by content).
#define AX_CMDLINE_ENVIRONMENT_MARKER "<environment>"

/// Declares the kernel arguments read by the file it is written in, as string literals, at
/// namespace scope: `AX_CMDLINE_ARGS("ip", "gw");`. Any number of declarations, in any
/// files; a name may be declared twice.
#define AX_CMDLINE_ARGS(...) AX_CMDLINE_ARGS_AT_(__COUNTER__, __VA_ARGS__)

/// Declares that the command line is also the program's environment (axlibc: getenv reads
/// it, as a C program reads its process environment): every word whose key looks like an
/// environment variable (A-Z, 0-9 and `_`, not starting with a digit) is accepted. Lowercase
/// keys are still checked, so `lgo=debug` is reported.
#define AX_CMDLINE_ENVIRONMENT() AX_CMDLINE_ARGS(AX_CMDLINE_ENVIRONMENT_MARKER)

/// @cond internal
// Two levels, so that __COUNTER__ is expanded before ## pastes it into the names.
#define AX_CMDLINE_ARGS_AT_(n, ...) AX_CMDLINE_ARGS_NAMED_(n, __VA_ARGS__)
#define AX_CMDLINE_ARGS_NAMED_(n, ...)                                                         \
    static const char* const ax_cmdline_names_##n[] = {__VA_ARGS__, nullptr};                  \
    [[gnu::used,                                                                               \
      gnu::section(".ax_cmdline_args")]] static const char* const* const ax_cmdline_list_##n = \
        ax_cmdline_names_##n
/// @endcond
