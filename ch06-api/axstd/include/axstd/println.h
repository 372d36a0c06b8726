/// @file axstd/println.h
/// @brief axstd::print / axstd::println (Rust print!/println!): formatted text to the console
/// through arceos_api's console function. The format syntax is axlog's ({} fields, a subset
/// of std::format); addresses print with net::to_text(addr). One line is formatted into a
/// 512-byte buffer and written at once (longer text is cut).
#pragma once
#include <arceos_api/arceos_api.h>
#include <axlog/format.h>

#include <string_view>

namespace axstd {

/// Writes formatted text, no newline.
template <class... Args>
void print(std::string_view fmt, const Args&... args) {
    char buf[512];
    size_t n = axlog::format_to_buffer(buf, sizeof buf, fmt, args...);
    arceos_api::stdio::ax_console_write_bytes(buf, n);
}

/// Writes formatted text and a newline.
template <class... Args>
void println(std::string_view fmt, const Args&... args) {
    char buf[512];
    size_t n = axlog::format_to_buffer(buf, sizeof buf - 1, fmt, args...);
    buf[n] = '\n';
    arceos_api::stdio::ax_console_write_bytes(buf, n + 1);
}

}  // namespace axstd
