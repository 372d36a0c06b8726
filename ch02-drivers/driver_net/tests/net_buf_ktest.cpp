// driver_net/tests/net_buf_ktest.cpp: the buffer pool on real DMA memory (ktest, in-guest).
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <driver_net/net_buf.h>
#include <ktest/ktest.h>

using driver_common::DevError;
using driver_net::NetBuf;
using driver_net::NetBufPool;

KTEST(net_buf, pool_buffers_are_dma_memory) {
    auto pool = NetBufPool::create(16, 2048);
    KASSERT(pool.ok());
    NetBufPool& p = *pool.value();
    NetBuf* bufs[16];
    KASSERT(p.alloc_batch(bufs, 16).ok());
    for (NetBuf* b : bufs) {
        // What the device is told is where the CPU's writes land.
        auto t = axhal::translate(reinterpret_cast<uintptr_t>(b->raw_buf()));
        KEXPECT(t.present && t.phys == b->phys_addr());
        auto end = axhal::translate(reinterpret_cast<uintptr_t>(b->raw_buf() + 2047));
        KEXPECT(end.phys == b->phys_addr() + 2047);  // contiguous within the buffer
        KEXPECT_EQ(reinterpret_cast<uintptr_t>(b->raw_buf()) % NetBufPool::kBufferAlign, 0ul);
    }
    KEXPECT(!p.alloc().ok());
    KEXPECT(p.free_batch(bufs, 16).ok());
    KEXPECT_EQ(p.available(), size_t(16));
}

KTEST(net_buf, misuse_is_refused_not_obeyed) {
    auto pool = NetBufPool::create(4, NetBufPool::kMinBufferLen);
    KASSERT(pool.ok());
    NetBufPool& p = *pool.value();
    auto b = p.alloc();
    KASSERT(b.ok());
    KEXPECT(p.free(b.value()).ok());
    auto again = p.free(b.value());
    KEXPECT(!again.ok() && again.error() == DevError::BadState);
    NetBuf stranger;
    auto foreign = p.free(&stranger);
    KEXPECT(!foreign.ok() && foreign.error() == DevError::InvalidParam);
    KEXPECT_EQ(p.available(), size_t(4));
    KEXPECT_EQ(p.stats().bad_frees, uint64_t(2));
}
