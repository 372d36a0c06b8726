/// @file axstd/env.h
/// @brief axstd::env (Rust std::env::var): the kernel command line's `key=value` words, which
/// are this kernel's environment (QEMU -append "host=example.org:80").
#pragma once
#include <arceos_api/arceos_api.h>
#include <axstd/io.h>

#include <string_view>

namespace axstd::env {

/// The value of @p key (a view into the command line, valid for the kernel's life).
/// Error: NotFound when the command line has no `key=` word or its value is empty.
[[nodiscard]] inline io::Result<std::string_view> var(std::string_view key) {
    std::string_view v = arceos_api::env::ax_cmdline_value(key);
    if (v.empty()) return io::ErrorKind::NotFound;
    return v;
}

}  // namespace axstd::env
