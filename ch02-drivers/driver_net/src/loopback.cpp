// driver_net/src/loopback.cpp: the loopback NIC (see the header). Hardware-free: host tested
// in tests/loopback_test.cpp, in-guest in tests/loopback_ktest.cpp.
#include <driver_net/loopback.h>

#include <cstring>

namespace driver_net {

DevResult<> LoopbackNic::recycle_rx_buffer(NetBufPtr rx_buf) {
    if (rx_buf.is_null()) return DevError::InvalidParam;
    if (!m_rx_posted.push(rx_buf)) return DevError::NoMemory;
    return {};
}

DevResult<> LoopbackNic::recycle_tx_buffers() {
    NetBufPtr p;
    while (m_tx_done.pop(p)) {
        NetBuf* b = NetBuf::from_buf_ptr(p);
        auto r = b->pool()->free(b);
        if (!r.ok()) return r;  // a corrupt handle: stop here, the rest stay queued
        ++m_stats.tx_recycled;
    }
    return {};
}

DevResult<> LoopbackNic::transmit(NetBufPtr tx_buf) {
    if (tx_buf.is_null()) return DevError::InvalidParam;
    if (m_tx_done.full()) return DevError::Again;
    // "DMA": copy the frame into the oldest posted receive buffer, if there is one that fits
    // and the received queue has room; otherwise the frame is dropped, as a NIC drops frames
    // it has no buffer for.
    NetBufPtr rx;
    if (!m_received.full() && m_rx_posted.pop(rx)) {
        NetBuf* dst = NetBuf::from_buf_ptr(rx);
        if (dst->set_packet_len(tx_buf.packet_len()).ok()) {
            std::memcpy(dst->packet(), tx_buf.packet(), tx_buf.packet_len());
            (void)m_received.push(dst->into_buf_ptr());  // checked above: not full
            ++m_stats.rx_packets;
        } else {
            (void)m_rx_posted.push(rx);  // too big for it: the buffer stays posted
            ++m_stats.rx_dropped;
        }
    } else {
        ++m_stats.rx_dropped;
    }
    (void)m_tx_done.push(tx_buf);
    ++m_stats.tx_packets;
    return {};
}

DevResult<NetBufPtr> LoopbackNic::receive() {
    NetBufPtr p;
    if (!m_received.pop(p)) return DevError::Again;
    return p;
}

DevResult<NetBufPtr> LoopbackNic::alloc_tx_buffer(size_t size) {
    auto b = m_tx_pool->alloc();
    if (!b.ok()) return b.error();
    if (!b.value()->set_packet_len(size).ok()) {
        (void)m_tx_pool->free(b.value());
        return DevError::InvalidParam;
    }
    return b.value()->into_buf_ptr();
}

}  // namespace driver_net
