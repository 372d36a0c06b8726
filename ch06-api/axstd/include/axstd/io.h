/// @file axstd/io.h
/// @brief axstd::io (Rust std::io): Error and Result<T> without exceptions, the Read and
/// Write concepts, read_exact and write_all, and BufReader with read_line. Header-only and
/// independent of the kernel, so the host tests run it as it is.
#pragma once
#include <arceos_api/expected.h>
#include <axerrno/axerrno.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <string_view>

namespace axstd::io {

/// What went wrong (Rust io::ErrorKind), the kernel's error codes: ConnectionRefused,
/// AddrInUse, WouldBlock, UnexpectedEof, WriteZero, InvalidInput, ...
using ErrorKind = axerrno::AxError;

/// An I/O error (Rust io::Error): its kind, and a name for messages.
class Error {
public:
    /// An error of kind @p k (implicit, so arceos_api's errors convert).
    constexpr Error(ErrorKind k) : m_kind(k) {}
    /// The kind.
    constexpr ErrorKind kind() const { return m_kind; }
    /// The kind's name ("ConnectionRefused").
    constexpr const char* name() const { return axerrno::error_name(m_kind); }
    /// Errors compare by kind.
    constexpr bool operator==(const Error&) const = default;

private:
    ErrorKind m_kind;
};

/// A T or an io::Error (Rust io::Result<T>). value() on an error panics, as unwrap() does.
template <class T = void>
using Result = arceos_api::Expected<T, Error>;

/// A byte source (Rust Read): read() fills up to buf.size() bytes, returns how many, and 0 at
/// the end of the stream.
template <class R>
concept Read = requires(R& r, std::span<uint8_t> buf) {
    { r.read(buf) } -> std::same_as<Result<size_t>>;
};

/// A byte sink (Rust Write): write() takes some of buf (at least one byte) and returns how many.
template <class W>
concept Write = requires(W& w, std::span<const uint8_t> buf) {
    { w.write(buf) } -> std::same_as<Result<size_t>>;
};

/// The bytes of @p s (for write_all(w, as_bytes("text"))).
inline std::span<const uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

/// Reads exactly buf.size() bytes. Errors: UnexpectedEof when the stream ends first (what was
/// read so far is in buf and lost to the caller, as in Rust), or the reader's error.
template <Read R>
[[nodiscard]] Result<> read_exact(R& r, std::span<uint8_t> buf) {
    while (!buf.empty()) {
        Result<size_t> n = r.read(buf);
        if (!n.ok()) return n.error();
        if (n.value() == 0) return ErrorKind::UnexpectedEof;
        buf = buf.subspan(n.value());
    }
    return {};
}

/// Writes all of @p buf. Errors: WriteZero when the writer takes nothing, or its error.
template <Write W>
[[nodiscard]] Result<> write_all(W& w, std::span<const uint8_t> buf) {
    while (!buf.empty()) {
        Result<size_t> n = w.write(buf);
        if (!n.ok()) return n.error();
        if (n.value() == 0) return ErrorKind::WriteZero;
        buf = buf.subspan(n.value());
    }
    return {};
}

/// A buffered reader over @p R (Rust BufReader): reads the inner reader in chunks of its
/// capacity (8192 bytes by default, as Rust's) into a heap buffer it owns. Holds a reference
/// to the reader, which must outlive it. Itself a Read.
template <Read R>
class BufReader {
public:
    /// Reads @p inner through a buffer of @p capacity bytes. If the buffer cannot be allocated,
    /// every read returns NoMemory.
    explicit BufReader(R& inner, size_t capacity = 8192)
        : m_inner(inner), m_buf(new (std::nothrow) uint8_t[capacity]), m_cap(capacity) {}
    BufReader(const BufReader&) = delete;
    BufReader& operator=(const BufReader&) = delete;
    ~BufReader() { delete[] m_buf; }

    /// Reads a line into @p out: bytes up to and including the next '\n' (kept, as Rust keeps
    /// it); returns the bytes stored, 0 at the end of the stream, or a last line without '\n'
    /// if the stream ends in it. A line that fills @p out exactly fits. Errors: InvalidData
    /// when the line does not fit in @p out (its first out.size() bytes are consumed and
    /// dropped: a line limit, such as an HTTP server's header limit), or the inner reader's
    /// error as it is (the part of the line read before it is dropped).
    [[nodiscard]] Result<size_t> read_line(std::span<char> out) {
        // LAB ch06.read_line: fill when empty, copy through '\n', bound it (chapter 6, 3.3)
        size_t len = 0;
        for (;;) {
            if (m_pos == m_end) {
                Result<size_t> n = fill();
                if (!n.ok()) return n.error();
                if (n.value() == 0) return len;  // end of stream: the line so far
            }
            while (m_pos < m_end) {
                if (len == out.size()) return ErrorKind::InvalidData;
                char c = static_cast<char>(m_buf[m_pos++]);
                out[len++] = c;
                if (c == '\n') return len;
            }
        }
        // LAB END
    }

    /// Reads up to buf.size() bytes, from the buffer first; 0 at the end of the stream.
    [[nodiscard]] Result<size_t> read(std::span<uint8_t> buf) {
        if (m_pos == m_end) {
            if (buf.size() >= m_cap) return m_inner.read(buf);  // large reads bypass the buffer
            Result<size_t> n = fill();
            if (!n.ok() || n.value() == 0) return n;
        }
        size_t n = buf.size() < m_end - m_pos ? buf.size() : m_end - m_pos;
        for (size_t i = 0; i < n; ++i) buf[i] = m_buf[m_pos + i];
        m_pos += n;
        return n;
    }

    /// Bytes read from the inner reader and not yet taken.
    size_t buffered() const { return m_end - m_pos; }
    /// The inner reader.
    R& get_ref() { return m_inner; }

private:
    Result<size_t> fill() {
        if (m_buf == nullptr) return ErrorKind::NoMemory;
        Result<size_t> n = m_inner.read({m_buf, m_cap});
        if (n.ok()) {
            m_pos = 0;
            m_end = n.value();
        }
        return n;
    }

    R& m_inner;
    uint8_t* m_buf;
    size_t m_cap;
    size_t m_pos = 0;
    size_t m_end = 0;
};

}  // namespace axstd::io
