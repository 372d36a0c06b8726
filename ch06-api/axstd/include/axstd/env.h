/// @file axstd/env.h
/// @brief axstd::env (Rust std::env::var): the kernel command line's `key=value` words, which
/// are this kernel's environment (QEMU -append "host=example.org:80").
///
/// Unlike a process's environment, the command line is checked at boot: every word that no
/// part of the kernel declares is reported as unknown (a misspelt `idle_timout=5` would
/// otherwise change nothing, silently). An application declares the keys it reads once, at
/// namespace scope: `AXSTD_ENV_VARS("idle_timeout");` (chapter 6, section 4).
#pragma once
#include <arceos_api/arceos_api.h>
#include <axruntime/cmdline_args.h>
#include <axstd/io.h>

#include <string_view>

/// Declares the command-line keys this application reads with var(), as string literals.
#define AXSTD_ENV_VARS(...) AX_CMDLINE_ARGS(__VA_ARGS__)

namespace axstd::env {

/// The value of @p key (a view into the command line, valid for the kernel's life).
/// Error: NotFound when the command line has no `key=` word or its value is empty.
[[nodiscard]] inline io::Result<std::string_view> var(std::string_view key) {
    std::string_view v = arceos_api::env::ax_cmdline_value(key);
    if (v.empty()) return io::ErrorKind::NotFound;
    return v;
}

}  // namespace axstd::env
