// minnet/tests/fake_wire.h: test doubles for minnet's host tests: HostPool, a NetBufPool on
// ordinary memory, and FakeWire, a NetDriverOps whose "wire" is a vector of the frames sent and
// an inject() call for frames received. FakeWire keeps the ownership contract of
// driver_net/net_driver_ops.h and counts every breach of it in `violations`.
#pragma once
#include <driver_net/net_driver_ops.h>

#include <catch2/catch_test_macros.hpp>

#include "host_pool.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <set>
#include <vector>

namespace minnet_test {

using driver_common::DevError;
using driver_common::DevResult;
using driver_net::EthernetAddress;
using driver_net::NetBuf;
using driver_net::NetBufPool;
using driver_net::NetBufPtr;
using Bytes = std::vector<uint8_t>;

constexpr size_t kHeaderRoom = 12;  // like virtio-net: the packet does not start the buffer

// A pool of 1526-byte buffers on host memory (driver_net/tests/host_pool.h).
struct HostPool : driver_net::testing::HostPool {
    explicit HostPool(size_t capacity) : driver_net::testing::HostPool(capacity) { REQUIRE(ok()); }
};

// The wire: what the interface transmits is captured in `sent`; what a test injects is
// "DMA'd" into the oldest posted receive buffer and comes out of receive(). Only buffers posted
// with recycle_rx_buffer() are ever returned by receive(); a buffer handed to the driver
// twice, or one it does not own coming back, counts as a violation.
class FakeWire final : public driver_net::NetDriverOps {
public:
    // A NIC with address @p mac, transmit buffers from @p tx_pool, queues of the given sizes.
    FakeWire(NetBufPool& tx_pool, EthernetAddress mac, size_t rx_queue, size_t tx_queue)
        : m_tx_pool(tx_pool), m_mac(mac), m_rx_queue(rx_queue), m_tx_queue(tx_queue) {}

    const char* device_name() const override { return "fake-wire"; }
    driver_common::DeviceType device_type() const override {
        return driver_common::DeviceType::Net;
    }
    EthernetAddress mac_address() const override { return m_mac; }
    bool can_transmit() const override { return in_flight.size() < m_tx_queue; }
    bool can_receive() const override { return !filled.empty(); }
    size_t rx_queue_size() const override { return m_rx_queue; }
    size_t tx_queue_size() const override { return m_tx_queue; }

    DevResult<> recycle_rx_buffer(NetBufPtr p) override {
        NetBuf* b = NetBuf::from_buf_ptr(p);
        if (!b) return DevError::InvalidParam;
        if (!take(b)) return DevError::InvalidParam;
        if (refuse_rx || posted.size() + filled.size() >= m_rx_queue) {
            m_owned.erase(b);
            return DevError::NoMemory;
        }
        posted.push_back(b);
        return {};
    }
    DevResult<NetBufPtr> receive() override {
        if (filled.empty()) return DevError::Again;
        NetBuf* b = filled.front();
        filled.pop_front();
        m_owned.erase(b);
        return b->into_buf_ptr();
    }
    DevResult<NetBufPtr> alloc_tx_buffer(size_t size) override {
        if (size > driver_net::NetBufPool::kMinBufferLen - kHeaderRoom) {
            return DevError::InvalidParam;
        }
        auto b = m_tx_pool.alloc();
        if (!b.ok()) return b.error();
        REQUIRE(b.value()->set_header_len(kHeaderRoom).ok());
        REQUIRE(b.value()->set_packet_len(size).ok());
        return b.value()->into_buf_ptr();
    }
    DevResult<> transmit(NetBufPtr p) override {
        NetBuf* b = NetBuf::from_buf_ptr(p);
        if (!b) return DevError::InvalidParam;
        if (again_budget > 0 || in_flight.size() >= m_tx_queue) {
            if (again_budget > 0) --again_budget;
            return DevError::Again;
        }
        if (!take(b)) return DevError::InvalidParam;
        sent.emplace_back(p.packet(), p.packet() + p.packet_len());
        in_flight.push_back(b);
        return {};
    }
    DevResult<> recycle_tx_buffers() override {
        for (NetBuf* b : in_flight) {
            m_owned.erase(b);
            REQUIRE(b->pool()->free(b).ok());
        }
        in_flight.clear();
        return {};
    }

    // Delivers @p frame into the oldest posted buffer; false (dropped) if none is posted.
    bool inject(const Bytes& frame) {
        if (posted.empty()) {
            ++dropped;
            return false;
        }
        NetBuf* b = posted.front();
        posted.pop_front();
        REQUIRE(b->set_packet_len(0).ok());
        REQUIRE(b->set_header_len(kHeaderRoom).ok());
        REQUIRE(b->set_packet_len(frame.size()).ok());
        if (!frame.empty()) std::memcpy(b->packet(), frame.data(), frame.size());
        filled.push_back(b);
        return true;
    }

    std::deque<NetBuf*> posted;      // empty, waiting for a frame
    std::deque<NetBuf*> filled;      // holding a frame, waiting for receive()
    std::vector<NetBuf*> in_flight;  // transmitted, waiting for recycle_tx_buffers()
    std::vector<Bytes> sent;         // every frame transmitted
    size_t violations = 0;
    size_t dropped = 0;
    int again_budget = 0;    // transmit() says Again this many more times
    bool refuse_rx = false;  // recycle_rx_buffer() says NoMemory

private:
    bool take(NetBuf* b) {  // the driver takes ownership of b
        if (!m_owned.insert(b).second) {
            ++violations;
            return false;
        }
        return true;
    }
    NetBufPool& m_tx_pool;
    EthernetAddress m_mac;
    size_t m_rx_queue;
    size_t m_tx_queue;
    std::set<NetBuf*> m_owned;
};

}  // namespace minnet_test
