// axnet/tests/fake_nic.h: FakeNic, a NetDriverOps on host memory for axnet's host tests. Two
// FakeNics joined by connect() form a wire: a frame one transmits waits in the other's FIFO
// (up to kFifoFrames, beyond which it is lost and counted) until receive() copies it into a
// posted buffer, so a NIC whose buffers are all held by the stack stops receiving, as a real
// one does. Tests may also inject frames by hand (hostile input), cut the wire, and keep a
// copy of every frame a NIC sends (tx_log).
#pragma once
#include <driver_net/net_driver_ops.h>

#include <cstring>
#include <deque>
#include <vector>

#include "host_pool.h"

namespace axnet_test {

using driver_common::DevError;
using driver_common::DevResult;
using driver_net::NetBuf;
using driver_net::NetBufPtr;

class FakeNic final : public driver_net::NetDriverOps {
public:
    /// A NIC with receive and transmit queues of @p queue entries; its receive pool (for
    /// axnet::Device::rx_pool) has room for the queue and as many buffers again.
    FakeNic(uint8_t mac_last, size_t queue)
        : rx_pool_mem(2 * queue), m_tx_pool(queue), m_queue(queue) {
        m_mac.bytes[0] = 0x02;
        m_mac.bytes[5] = mac_last;
    }

    /// Joins this NIC and @p other by a wire.
    void connect(FakeNic& other) {
        m_peer = &other;
        other.m_peer = this;
    }

    /// Frames the NIC's FIFO holds before it drops.
    static constexpr size_t kFifoFrames = 4096;

    /// A frame arrives from the wire.
    void deliver(const uint8_t* frame, size_t len) {
        if (fifo.size() >= kFifoFrames || len > driver_net::NetBufPool::kMinBufferLen) {
            ++rx_missed;
            return;
        }
        fifo.emplace_back(frame, frame + len);
    }

    const char* device_name() const override { return "fake-nic"; }
    driver_common::DeviceType device_type() const override {
        return driver_common::DeviceType::Net;
    }
    driver_net::EthernetAddress mac_address() const override { return m_mac; }
    bool can_transmit() const override { return true; }
    bool can_receive() const override { return !fifo.empty() && !posted.empty(); }
    size_t rx_queue_size() const override { return m_queue; }
    size_t tx_queue_size() const override { return m_queue; }

    DevResult<> recycle_rx_buffer(NetBufPtr p) override {
        NetBuf* b = NetBuf::from_buf_ptr(p);
        if (!b || !rx_pool_mem.pool.owns(b)) return DevError::InvalidParam;
        if (posted.size() >= m_queue) return DevError::NoMemory;
        (void)b->set_packet_len(0);
        posted.push_back(b);
        return {};
    }
    DevResult<> recycle_tx_buffers() override {
        for (NetBuf* b : m_sent) (void)m_tx_pool.pool.free(b);
        m_sent.clear();
        return {};
    }
    DevResult<> transmit(NetBufPtr p) override {
        NetBuf* b = NetBuf::from_buf_ptr(p);
        if (m_sent.size() >= m_queue) return DevError::Again;
        ++tx_frames;
        if (tx_log) tx_log->emplace_back(b->packet(), b->packet() + b->packet_len());
        if (m_peer && !cut) m_peer->deliver(b->packet(), b->packet_len());
        m_sent.push_back(b);
        return {};
    }
    DevResult<NetBufPtr> receive() override {
        if (fifo.empty() || posted.empty()) return DevError::Again;
        NetBuf* b = posted.front();
        posted.pop_front();
        std::memcpy(b->packet(), fifo.front().data(), fifo.front().size());
        (void)b->set_packet_len(fifo.front().size());
        fifo.pop_front();
        return b->into_buf_ptr();
    }
    DevResult<NetBufPtr> alloc_tx_buffer(size_t size) override {
        if (size > driver_net::NetBufPool::kMinBufferLen) return DevError::InvalidParam;
        auto b = m_tx_pool.pool.alloc();
        if (!b.ok()) return b.error();
        (void)b.value()->set_packet_len(size);
        return b.value()->into_buf_ptr();
    }

    /// Receive buffers the NIC holds (posted, empty).
    size_t held() const { return posted.size(); }
    /// Transmit buffers free.
    size_t tx_free() { return m_tx_pool.pool.available(); }

    driver_net::testing::HostPool rx_pool_mem;  ///< The receive pool (axnet posts from it).
    std::deque<NetBuf*> posted;                 ///< Posted, waiting for a frame.
    std::deque<std::vector<uint8_t>> fifo;      ///< Frames from the wire, not yet received.
    uint64_t rx_missed = 0;                     ///< Frames lost: no buffer posted.
    uint64_t tx_frames = 0;                     ///< Frames transmitted.
    bool cut = false;                           ///< The wire is cut: transmitted frames go nowhere.
    std::vector<std::vector<uint8_t>>* tx_log =
        nullptr;  ///< If set, gets a copy of each frame sent.

private:
    driver_net::testing::HostPool m_tx_pool;
    size_t m_queue;
    driver_net::EthernetAddress m_mac;
    FakeNic* m_peer = nullptr;
    std::deque<NetBuf*> m_sent;
};

}  // namespace axnet_test
