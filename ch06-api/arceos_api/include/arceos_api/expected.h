/// @file arceos_api/expected.h
/// @brief Expected<T, E>: a value or an error, without exceptions, for values that own
/// something (a socket handle, a task). axerrno::AxResult holds only trivially destructible
/// values; the API's handles close their socket when destroyed, so they need this one.
/// arceos_api returns ApiResult<T> = Expected<T, AxError>; axstd's io::Result<T> is the same
/// template with axstd's io::Error.
#pragma once
#include <new>
#include <type_traits>
#include <utility>

namespace arceos_api {

/// Called by Expected::value() on an error (a bug in the caller, as Rust's unwrap() on Err):
/// the kernel panics naming it; a host build aborts.
[[noreturn]] void bad_expected_access(const char* what);

/// A T or an E. Move-only if T is. ok() says which; value() on an error panics.
template <class T, class E>
class [[nodiscard]] Expected {
public:
    /// A successful result holding @p v.
    Expected(T v) : m_ok(true) { new (&m_value) T(std::move(v)); }
    /// A failed result.
    Expected(E e) : m_ok(false) { new (&m_error) E(e); }
    /// A failed result from anything that converts to E (axstd: an AxError to an io::Error).
    template <class G>
    requires(std::is_convertible_v<G, E> && !std::is_convertible_v<G, T> && !std::is_same_v<G, E>)
        Expected(G g)
        : Expected(E(g)) {}
    /// Takes over @p o's value or error.
    Expected(Expected&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : m_ok(o.m_ok) {
        if (m_ok) {
            new (&m_value) T(std::move(o.m_value));
        } else {
            new (&m_error) E(o.m_error);
        }
    }
    /// Replaces this result with @p o's.
    Expected& operator=(Expected&& o) noexcept(std::is_nothrow_move_constructible_v<T>) {
        if (this != &o) {
            this->~Expected();
            new (this) Expected(std::move(o));
        }
        return *this;
    }
    ~Expected() {
        if (m_ok) m_value.~T();
    }

    /// Whether this holds a value.
    bool ok() const { return m_ok; }
    /// Same as ok().
    explicit operator bool() const { return m_ok; }
    /// The value; panics on an error.
    T& value() & {
        if (!m_ok) bad_expected_access("value() of an error result");
        return m_value;
    }
    /// The value, moved out; panics on an error.
    T&& value() && {
        if (!m_ok) bad_expected_access("value() of an error result");
        return std::move(m_value);
    }
    /// The value; panics on an error.
    const T& value() const& {
        if (!m_ok) bad_expected_access("value() of an error result");
        return m_value;
    }
    /// The error; panics on a value.
    E error() const {
        if (m_ok) bad_expected_access("error() of a successful result");
        return m_error;
    }
    /// The value, or @p fallback on error.
    T value_or(T fallback) && { return m_ok ? std::move(m_value) : std::move(fallback); }

private:
    bool m_ok;
    union {
        T m_value;
        E m_error;
    };
};

/// Success or an E.
template <class E>
class [[nodiscard]] Expected<void, E> {
public:
    /// Success.
    Expected() : m_ok(true), m_none() {}
    /// Failure.
    Expected(E e) : m_ok(false), m_error(e) {}
    /// Failure, from anything that converts to E.
    template <class G>
    requires(std::is_convertible_v<G, E> && !std::is_same_v<G, E>) Expected(G g) : Expected(E(g)) {}
    /// Whether the operation succeeded.
    bool ok() const { return m_ok; }
    /// Same as ok().
    explicit operator bool() const { return m_ok; }
    /// The error; panics on success.
    E error() const {
        if (m_ok) bad_expected_access("error() of a successful result");
        return m_error;
    }
    /// Panics on an error (Rust's unwrap()).
    void value() const {
        if (!m_ok) bad_expected_access("value() of an error result");
    }

private:
    bool m_ok;
    union {
        char m_none;  // success: no error to hold (E need not be default-constructible)
        E m_error;
    };
};

}  // namespace arceos_api

/// Evaluates @p expr (an Expected); on an error returns that error from the enclosing function
/// (Rust's `?`), else yields the value. A GCC statement expression.
#define AX_TRY(expr)                                             \
    ({                                                           \
        auto ax_try_result_ = (expr);                            \
        if (!ax_try_result_.ok()) return ax_try_result_.error(); \
        std::move(ax_try_result_).value();                       \
    })
