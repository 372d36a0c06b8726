/// @file axlog/format.h
/// @brief Type-safe text formatting for a kernel without a C library: a small subset of
/// std::format. The format string uses {} fields with an optional spec:
///
///     {[:][fill-and-align][#][0][width][type]}   align: < left, > right;  type: d x X b c s p
///
/// e.g. format(w, "frame {:#x} of {} ({:>6}%)", addr, n, pct). Errors in the format string or
/// a missing argument print a visible marker ("{?}", "{!}") instead of failing: a log line is
/// never lost and never reads past its arguments. Used by axlog and by panic reports; host
/// tested in tests/format_test.cpp.
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace axlog {

/// Where formatted text goes.
class Writer {
public:
    /// Appends @p len bytes.
    virtual void write(const char* s, size_t len) = 0;

protected:
    ~Writer() = default;
};

/// A Writer into a fixed buffer. Text past the end is dropped (and counted), the buffer is
/// always NUL-terminated.
class BufferWriter final : public Writer {
public:
    /// Writes into @p buf of @p cap bytes (cap >= 1).
    BufferWriter(char* buf, size_t cap) : m_buf(buf), m_cap(cap) { m_buf[0] = '\0'; }
    void write(const char* s, size_t len) override;
    /// The text so far.
    std::string_view view() const { return {m_buf, m_len}; }
    /// Bytes that did not fit.
    size_t dropped() const { return m_dropped; }

private:
    char* m_buf;
    size_t m_cap;
    size_t m_len = 0;
    size_t m_dropped = 0;
};

/// One argument, with its type erased so vformat() is compiled once, not per call site.
struct FormatArg {
    /// Which member of the union is set.
    enum class Kind { Signed, Unsigned, Bool, Char, String, Pointer };
    Kind kind;  ///< The argument's kind.
    union {
        long long i;
        unsigned long long u;
        bool b;
        char c;
        std::string_view s;
        const void* p;
    };

    /// Signed integers.
    template <std::signed_integral T>
    constexpr FormatArg(T v) : kind(Kind::Signed), i(v) {}
    /// Unsigned integers.
    template <std::unsigned_integral T>
    requires(!std::same_as<T, bool>) constexpr FormatArg(T v) : kind(Kind::Unsigned), u(v) {}
    /// Enumerations print as their underlying number.
    template <class T>
    requires std::is_enum_v<T>
    constexpr FormatArg(T v) : FormatArg(static_cast<std::underlying_type_t<T>>(v)) {}
    /// Booleans print as true/false.
    constexpr FormatArg(bool v) : kind(Kind::Bool), b(v) {}
    /// Characters.
    constexpr FormatArg(char v) : kind(Kind::Char), c(v) {}
    /// NUL-terminated strings; nullptr prints as "(null)".
    constexpr FormatArg(const char* v) : kind(Kind::String), s(v ? v : "(null)") {}
    /// Mutable C strings print as text too.
    constexpr FormatArg(char* v) : FormatArg(static_cast<const char*>(v)) {}
    /// String views.
    constexpr FormatArg(std::string_view v) : kind(Kind::String), s(v) {}
    /// Other pointers print as 0x-prefixed hex.
    template <class T>
    constexpr FormatArg(T* v) : kind(Kind::Pointer), p(v) {}
};

/// Formats @p fmt with @p args (type-erased) into @p out.
void vformat(Writer& out, std::string_view fmt, const FormatArg* args, size_t nargs);

/// Formats @p fmt with @p args into @p out.
template <class... Args>
void format(Writer& out, std::string_view fmt, const Args&... args) {
    if constexpr (sizeof...(Args) == 0) {
        vformat(out, fmt, nullptr, 0);
    } else {
        const FormatArg list[] = {FormatArg(args)...};
        vformat(out, fmt, list, sizeof...(Args));
    }
}

/// Formats into @p buf (capacity @p cap, NUL-terminated); returns the length written.
template <class... Args>
size_t format_to_buffer(char* buf, size_t cap, std::string_view fmt, const Args&... args) {
    BufferWriter w(buf, cap);
    format(w, fmt, args...);
    return w.view().size();
}

}  // namespace axlog
