// driver_net/src/net_buf.cpp: NetBuf and NetBufPool (see the header). Hardware-free: the host
// tests (tests/net_buf_test.cpp) and benchmarks compile this same file.
#include <driver_net/net_buf.h>

namespace driver_net {

DevResult<> NetBuf::set_header_len(size_t len) {
    if (len > m_capacity || m_packet_len > m_capacity - len) return DevError::InvalidParam;
    m_header_len = uint32_t(len);
    return {};
}

DevResult<> NetBuf::set_packet_len(size_t len) {
    if (len > m_capacity || m_header_len > m_capacity - len) return DevError::InvalidParam;
    m_packet_len = uint32_t(len);
    return {};
}

DevResult<> NetBuf::hand_to_driver() {
    if (!m_pool || !m_pool->owns(this)) return DevError::InvalidParam;
    if (m_state != State::InUse) return DevError::BadState;
    m_state = State::HeldByDriver;
    return {};
}

DevResult<> NetBuf::take_from_driver() {
    if (m_state != State::HeldByDriver) return DevError::BadState;
    m_state = State::InUse;
    return {};
}

DevResult<> NetBufPool::init(size_t capacity, size_t buffer_len, const Memory& mem) {
    if (capacity == 0 || capacity > kMaxCapacity || buffer_len < kMinBufferLen ||
        buffer_len > kMaxBufferLen || !mem.data || !mem.bufs || !mem.free_stack ||
        reinterpret_cast<uintptr_t>(mem.data) % kBufferAlign != 0) {
        return DevError::InvalidParam;
    }
    m_bufs = mem.bufs;
    m_free_stack = mem.free_stack;
    m_capacity = capacity;
    m_buffer_len = buffer_len;
    m_stats = {};
    m_stats.low_water = capacity;
    size_t step = stride(buffer_len);
    for (size_t i = 0; i < capacity; ++i) {
        NetBuf& b = m_bufs[i];
        b = NetBuf();
        b.m_buf = mem.data + i * step;
        b.m_phys = mem.phys + i * step;
        b.m_pool = this;
        b.m_capacity = uint32_t(buffer_len);
        b.m_index = uint32_t(i);
        // Lowest index on top: the first buffers handed out are the first in memory.
        m_free_stack[i] = uint32_t(capacity - 1 - i);
    }
    m_top = capacity;
    return {};
}

bool NetBufPool::owns(const NetBuf* buf) const {
    uintptr_t p = reinterpret_cast<uintptr_t>(buf);
    uintptr_t first = reinterpret_cast<uintptr_t>(m_bufs);
    return p >= first && p < first + m_capacity * sizeof(NetBuf) &&
           (p - first) % sizeof(NetBuf) == 0;
}

DevResult<NetBuf*> NetBufPool::alloc() {
    // LAB ch02.pool_alloc: pop a buffer off the free stack (chapter 2, 6.2)
    if (m_top == 0) {
        ++m_stats.alloc_failures;
        return DevError::NoMemory;
    }
    NetBuf* b = &m_bufs[m_free_stack[--m_top]];
    b->m_state = NetBuf::State::InUse;
    b->m_header_len = 0;
    b->m_packet_len = 0;
    ++m_stats.allocs;
    return b;
    // LAB END
}

DevResult<> NetBufPool::free(NetBuf* buf) {
    // LAB ch02.pool_free: check the buffer, push it back (chapter 2, 6.2)
    if (!owns(buf)) {
        ++m_stats.bad_frees;
        return DevError::InvalidParam;
    }
    if (buf->m_state != NetBuf::State::InUse) {
        ++m_stats.bad_frees;
        return DevError::BadState;
    }
    buf->m_state = NetBuf::State::Free;
    m_free_stack[m_top++] = buf->m_index;
    ++m_stats.frees;
    return {};
    // LAB END
}

DevResult<> NetBufPool::alloc_batch(NetBuf** out, size_t n) {
    // LAB ch02.pool_alloc_batch: all n buffers or none, one stack move (chapter 2, 6.3)
    if (n > kMaxBatch) return DevError::InvalidParam;
    if (n > m_top) {
        ++m_stats.alloc_failures;
        return DevError::NoMemory;
    }
    const uint32_t* top = m_free_stack + m_top;
    for (size_t i = 0; i < n; ++i) {
        NetBuf* b = &m_bufs[top[-1 - ptrdiff_t(i)]];
        b->m_state = NetBuf::State::InUse;
        b->m_header_len = 0;
        b->m_packet_len = 0;
        out[i] = b;
    }
    m_top -= n;
    m_stats.allocs += n;
    return {};
    // LAB END
}

DevResult<> NetBufPool::free_batch(NetBuf* const* bufs, size_t n) {
    // LAB ch02.pool_free_batch: check the whole batch, then push it (chapter 2, 6.3)
    if (n > kMaxBatch) {
        ++m_stats.bad_frees;
        return DevError::InvalidParam;
    }
    // Check everything first: mark each buffer Free as we go, so a buffer repeated in the
    // batch is caught as a double free; undo the marks if anything is wrong.
    for (size_t i = 0; i < n; ++i) {
        NetBuf* b = bufs[i];
        bool mine = owns(b);
        if (!mine || b->m_state != NetBuf::State::InUse) {
            for (size_t j = 0; j < i; ++j) bufs[j]->m_state = NetBuf::State::InUse;
            ++m_stats.bad_frees;
            return mine ? DevError::BadState : DevError::InvalidParam;
        }
        b->m_state = NetBuf::State::Free;
    }
    for (size_t i = 0; i < n; ++i) m_free_stack[m_top + i] = bufs[i]->m_index;
    m_top += n;
    m_stats.frees += n;
    return {};
    // LAB END
}

}  // namespace driver_net
