// driver_net/src/net_buf_pool_create.cpp: NetBufPool::create(), the kernel-only part of the
// pool: its memory comes from axalloc (DMA region for the bytes, heap for the bookkeeping).
#include <axalloc/axalloc.h>
#include <driver_net/net_buf.h>

#include <new>

namespace driver_net {

DevResult<NetBufPool*> NetBufPool::create(size_t capacity, size_t buffer_len) {
    if (capacity == 0 || capacity > kMaxCapacity || buffer_len < kMinBufferLen ||
        buffer_len > kMaxBufferLen) {
        return DevError::InvalidParam;
    }
    auto* pool = new (std::nothrow) NetBufPool();
    auto* bufs = new (std::nothrow) NetBuf[capacity];
    auto* stack = new (std::nothrow) uint32_t[capacity];
    auto dma = axalloc::dma_alloc(capacity * stride(buffer_len));
    if (!pool || !bufs || !stack || !dma.ok()) {
        delete pool;
        delete[] bufs;
        delete[] stack;
        if (dma.ok()) (void)axalloc::dma_free(dma.value());
        return DevError::NoMemory;
    }
    Memory mem{static_cast<uint8_t*>(dma.value().virt), dma.value().phys, bufs, stack};
    auto r = pool->init(capacity, buffer_len, mem);
    if (!r.ok()) return r.error();  // unreachable: the arguments were checked above
    return pool;
}

void NetBufPool::destroy(NetBufPool* pool) {
    if (!pool) return;
    size_t bytes = pool->m_capacity * stride(pool->m_buffer_len);
    axalloc::DmaRegion region{pool->m_bufs[0].raw_buf(), pool->m_bufs[0].phys_addr(),
                              axhal::align_up(bytes, 4096)};
    (void)axalloc::dma_free(region);
    delete[] pool->m_bufs;
    delete[] pool->m_free_stack;
    delete pool;
}

}  // namespace driver_net
