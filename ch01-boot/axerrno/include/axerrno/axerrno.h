/// @file axerrno/axerrno.h
/// @brief Error values for the whole kernel: AxError (the error kinds of ArceOS's axerrno) and
/// AxResult<T>, a value-or-error that must be looked at. No exceptions anywhere: every fallible
/// function returns one of these, marked [[nodiscard]].
#pragma once
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace axerrno {

/// Kinds of error, named as in ArceOS's axerrno::AxError.
enum class AxError : uint8_t {
    AlreadyExists = 1,  ///< An entity already exists.
    BadAddress,         ///< Bad internal state or address.
    BadState,           ///< The object is in the wrong state for the operation.
    InvalidInput,       ///< An argument was invalid.
    InvalidData,        ///< Data read from a device or the network was malformed.
    Io,                 ///< A device reported an I/O error.
    NoMemory,           ///< Memory (or another pool) is exhausted.
    NotFound,           ///< The entity was not found.
    ResourceBusy,       ///< The resource is in use.
    Unsupported,        ///< The operation is not supported.
    WouldBlock,         ///< The operation would block (ArceOS: Again).
    // The network's errors (stage 5 on), named as in ArceOS's axerrno and Rust's io::ErrorKind.
    AddrInUse,          ///< The address (port) is already bound (POSIX EADDRINUSE).
    AddrNotAvailable,   ///< The address is not one of this host's (EADDRNOTAVAIL).
    ConnectionAborted,  ///< The connection was aborted on this side (ECONNABORTED).
    ConnectionRefused,  ///< The peer refused the connection (ECONNREFUSED).
    ConnectionReset,    ///< The peer reset the connection (ECONNRESET).
    InProgress,         ///< A nonblocking connect has started and is not finished (EINPROGRESS).
    IsConnected,        ///< The socket is already connected (EISCONN).
    NotConnected,       ///< The socket is not connected (ENOTCONN).
    TimedOut,           ///< A deadline passed before the operation completed (ETIMEDOUT).
    UnexpectedEof,      ///< The stream ended before the expected number of bytes.
    WriteZero,          ///< A write accepted no bytes where some were required (EPIPE).
    PermissionDenied,   ///< The operation is not allowed (EACCES, EPERM).
    HostUnreachable,    ///< No route or no answer to ARP for the host (EHOSTUNREACH).
};

/// A short, stable name for @p e ("NoMemory").
constexpr const char* error_name(AxError e) {
    switch (e) {
        case AxError::AlreadyExists:
            return "AlreadyExists";
        case AxError::BadAddress:
            return "BadAddress";
        case AxError::BadState:
            return "BadState";
        case AxError::InvalidInput:
            return "InvalidInput";
        case AxError::InvalidData:
            return "InvalidData";
        case AxError::Io:
            return "Io";
        case AxError::NoMemory:
            return "NoMemory";
        case AxError::NotFound:
            return "NotFound";
        case AxError::ResourceBusy:
            return "ResourceBusy";
        case AxError::Unsupported:
            return "Unsupported";
        case AxError::WouldBlock:
            return "WouldBlock";
        case AxError::AddrInUse:
            return "AddrInUse";
        case AxError::AddrNotAvailable:
            return "AddrNotAvailable";
        case AxError::ConnectionAborted:
            return "ConnectionAborted";
        case AxError::ConnectionRefused:
            return "ConnectionRefused";
        case AxError::ConnectionReset:
            return "ConnectionReset";
        case AxError::InProgress:
            return "InProgress";
        case AxError::IsConnected:
            return "IsConnected";
        case AxError::NotConnected:
            return "NotConnected";
        case AxError::TimedOut:
            return "TimedOut";
        case AxError::UnexpectedEof:
            return "UnexpectedEof";
        case AxError::WriteZero:
            return "WriteZero";
        case AxError::PermissionDenied:
            return "PermissionDenied";
        case AxError::HostUnreachable:
            return "HostUnreachable";
    }
    return "Unknown";
}

/// Either a T or an error E (an enum). Check ok() before value(); value() on an error is a bug.
/// AxResult<T> (below) and driver_common's DevResult<T> are this template.
template <class T, class E>
class [[nodiscard]] Result {
public:
    /// A successful result holding @p v.
    constexpr Result(T v) : m_ok(true), m_value(std::move(v)) {}
    /// A failed result.
    constexpr Result(E e) : m_ok(false), m_error(e) {}

    /// Whether this holds a value.
    constexpr bool ok() const { return m_ok; }
    /// The value (only if ok()).
    constexpr T& value() { return m_value; }
    /// The value (only if ok()).
    constexpr const T& value() const { return m_value; }
    /// The error (only if !ok()).
    constexpr E error() const { return m_error; }
    /// The value, or @p fallback on error.
    constexpr T value_or(T fallback) const { return m_ok ? m_value : fallback; }

private:
    bool m_ok;
    union {
        T m_value;
        E m_error;
    };
    static_assert(std::is_trivially_destructible_v<T>, "Result holds trivially destructible types");
};

/// The result of an operation that returns nothing: success or an error E.
template <class E>
class [[nodiscard]] Result<void, E> {
public:
    /// Success.
    constexpr Result() : m_ok(true), m_error() {}
    /// Failure.
    constexpr Result(E e) : m_ok(false), m_error(e) {}
    /// Whether the operation succeeded.
    constexpr bool ok() const { return m_ok; }
    /// The error (only if !ok()).
    constexpr E error() const { return m_error; }

private:
    bool m_ok;
    E m_error;
};

/// The kernel's result type: a T or an AxError (ArceOS: AxResult).
template <class T = void>
using AxResult = Result<T, AxError>;

}  // namespace axerrno
