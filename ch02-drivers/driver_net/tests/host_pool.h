// driver_net/tests/host_pool.h: a NetBufPool on ordinary host memory, with made-up physical
// addresses, for the host tests and benchmarks of every stage that needs packet buffers.
#pragma once
#include <driver_net/net_buf.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

namespace driver_net::testing {

/// Owns the memory of a pool of @p capacity buffers of @p buffer_len bytes and sets `pool` up
/// on it; ok() says whether that worked.
class HostPool {
public:
    explicit HostPool(size_t capacity, size_t buffer_len = NetBufPool::kMinBufferLen,
                      uint64_t phys_base = 0x100000)
        : m_data(static_cast<uint8_t*>(std::aligned_alloc(
              NetBufPool::kBufferAlign, capacity * NetBufPool::stride(buffer_len)))),
          m_bufs(capacity),
          m_stack(capacity) {
        NetBufPool::Memory mem{m_data.get(), axhal::PhysAddr{phys_base}, m_bufs.data(),
                               m_stack.data()};
        m_ok = m_data && pool.init(capacity, buffer_len, mem).ok();
    }
    HostPool(const HostPool&) = delete;
    HostPool& operator=(const HostPool&) = delete;

    /// Whether the pool is ready.
    bool ok() const { return m_ok; }

    NetBufPool pool;  ///< The pool.

private:
    struct Free {
        void operator()(uint8_t* p) const { std::free(p); }
    };
    std::unique_ptr<uint8_t, Free> m_data;
    std::vector<NetBuf> m_bufs;
    std::vector<uint32_t> m_stack;
    bool m_ok = false;
};

}  // namespace driver_net::testing
