/// @file axstd/thread.h
/// @brief axstd::thread (Rust std::thread): spawn a closure as a task and join it for its
/// result; sleep; yield_now. Spawning needs the feature `multitask` (`net` implies it).
///
/// The closure and the place for its result live in a heap block shared by the task and its
/// JoinHandle. join() waits and moves the result out. Dropping a JoinHandle detaches the task,
/// as in Rust: whichever of the task and the handle finishes last frees the block (tasks are
/// cooperative, so the two never run at once).
#pragma once
#include <arceos_api/arceos_api.h>
#include <axstd/io.h>
#include <axstd/time.h>

#include <new>
#include <type_traits>
#include <utility>

namespace axstd::thread {

/// Gives the CPU to the next ready task.
inline void yield_now() {
    arceos_api::task::ax_yield_now();
}

/// Blocks the calling task for @p d.
inline void sleep(time::Duration d) {
    arceos_api::task::ax_sleep_until(arceos_api::time::ax_monotonic_time_ns() + d.as_nanos());
}

/// @cond
namespace detail {

// The block a task and its handle share.
struct PacketBase {
    bool finished = false;  // the closure has returned
    bool detached = false;  // the handle is gone: the task frees the block
    virtual ~PacketBase() = default;
    virtual void run() = 0;
};

template <class F, class T>
struct Packet final : PacketBase {
    explicit Packet(F&& f) : fn(std::move(f)) {}
    ~Packet() override {
        if constexpr (!std::is_void_v<T>) {
            if (finished) reinterpret_cast<T*>(result)->~T();
        }
    }
    void run() override {
        if constexpr (std::is_void_v<T>) {
            fn();
        } else {
            new (result) T(fn());
        }
    }
    F fn;
    using Slot = std::conditional_t<std::is_void_v<T>, char, T>;
    alignas(Slot) unsigned char result[sizeof(Slot)];
};

// The task's entry: runs the closure, then frees the block if the handle let go of it.
inline void task_entry(void* arg) {
    auto* p = static_cast<PacketBase*>(arg);
    p->run();
    p->finished = true;
    if (p->detached) delete p;
}

}  // namespace detail
/// @endcond

/// A spawned task whose result is a T (Rust JoinHandle<T>). Move-only; dropping it detaches.
template <class T>
class JoinHandle {
public:
    /// An inert handle.
    JoinHandle() = default;
    /// Takes over @p o's task.
    JoinHandle(JoinHandle&& o) noexcept
        : packet_result(o.packet_result),
          m_packet(std::exchange(o.m_packet, nullptr)),
          m_task(std::move(o.m_task)) {}
    JoinHandle& operator=(JoinHandle&&) = delete;
    JoinHandle(const JoinHandle&) = delete;
    /// Detaches the task (it runs on and frees itself).
    ~JoinHandle() { detach(); }

    /// Waits for the task and returns the closure's result. Error: BadState (joined already,
    /// or an inert handle).
    [[nodiscard]] io::Result<T> join() {
        if (m_packet == nullptr) return io::ErrorKind::BadState;
        if (auto r = arceos_api::task::ax_join(m_task); !r.ok()) return r.error();
        detail::PacketBase* base = std::exchange(m_packet, nullptr);
        if constexpr (std::is_void_v<T>) {
            delete base;
            return {};
        } else {
            // Only spawn() makes packets, with this T: the static type is known.
            T* value = std::launder(reinterpret_cast<T*>(packet_result(base)));
            io::Result<T> out(std::move(*value));
            delete base;
            return out;
        }
    }

private:
    template <class F>
    friend io::Result<JoinHandle<std::invoke_result_t<F>>> spawn(F f, size_t stack_size);
    JoinHandle(detail::PacketBase* p, arceos_api::task::AxTaskHandle t)
        : m_packet(p), m_task(std::move(t)) {}
    void detach() {
        if (m_packet == nullptr) return;
        if (m_packet->finished) {
            delete m_packet;
        } else {
            m_packet->detached = true;
        }
        m_packet = nullptr;
    }
    unsigned char* (*packet_result)(detail::PacketBase*) = nullptr;
    detail::PacketBase* m_packet = nullptr;
    arceos_api::task::AxTaskHandle m_task;
};

/// Runs @p f in a new task with @p stack_size bytes of stack (Rust thread::spawn, or
/// Builder::stack_size(..).spawn). Errors: NoMemory (no room for the task or its block).
template <class F>
[[nodiscard]] io::Result<JoinHandle<std::invoke_result_t<F>>> spawn(F f,
                                                                    size_t stack_size = 64 * 1024) {
    using T = std::invoke_result_t<F>;
    using P = detail::Packet<F, T>;
    auto* packet = new (std::nothrow) P(std::move(f));
    if (packet == nullptr) return io::ErrorKind::NoMemory;
    auto task = arceos_api::task::ax_spawn(
        detail::task_entry, static_cast<detail::PacketBase*>(packet), "axstd::thread", stack_size);
    if (!task.ok()) {
        delete packet;
        return task.error();
    }
    JoinHandle<T> h(packet, std::move(task).value());
    h.packet_result = [](detail::PacketBase* b) { return static_cast<P*>(b)->result; };
    return h;
}

}  // namespace axstd::thread
