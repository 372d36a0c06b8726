/// @file driver_net/loopback.h
/// @brief A loopback NIC: a complete NetDriverOps driver with no hardware behind it. A
/// transmitted frame is copied into the next posted receive buffer, as a NIC's DMA engine
/// would, and appears on receive(). It lets the whole driver interface be exercised (and
/// benchmarked) on any machine; later stages use it as their `lo` interface.
#pragma once
#include <driver_net/net_driver_ops.h>

namespace driver_net {

/// A fixed-capacity FIFO of buffer handles (no allocation, no failure other than full/empty).
template <size_t N>
class BufQueue {
public:
    /// Whether no handle is queued.
    bool empty() const { return m_count == 0; }
    /// Whether N handles are queued.
    bool full() const { return m_count == N; }
    /// Number of handles queued.
    size_t size() const { return m_count; }
    /// Appends @p p; false if full.
    bool push(NetBufPtr p) {
        if (full()) return false;
        m_items[(m_head + m_count++) % N] = p;
        return true;
    }
    /// Removes the oldest handle into @p out; false if empty.
    bool pop(NetBufPtr& out) {
        if (empty()) return false;
        out = m_items[m_head];
        m_head = (m_head + 1) % N;
        --m_count;
        return true;
    }

private:
    NetBufPtr m_items[N];
    size_t m_head = 0;
    size_t m_count = 0;
};

/// The loopback NIC.
class LoopbackNic final : public NetDriverOps {
public:
    /// Depth of each queue (receive, transmit, received).
    static constexpr size_t kQueueSize = 64;
    /// Identifies this class in axdriver's registry (its address is what matters).
    static constexpr char kTypeTag = 0;

    /// A loopback NIC whose transmit buffers come from @p tx_pool (not owned; it must outlive
    /// the NIC) and whose MAC address is @p mac.
    LoopbackNic(NetBufPool* tx_pool, EthernetAddress mac) : m_tx_pool(tx_pool), m_mac(mac) {}

    const char* device_name() const override { return "loopback"; }
    driver_common::DeviceType device_type() const override {
        return driver_common::DeviceType::Net;
    }
    EthernetAddress mac_address() const override { return m_mac; }
    bool can_transmit() const override { return !m_tx_done.full(); }
    bool can_receive() const override { return !m_received.empty(); }
    size_t rx_queue_size() const override { return kQueueSize; }
    size_t tx_queue_size() const override { return kQueueSize; }
    [[nodiscard]] DevResult<> recycle_rx_buffer(NetBufPtr rx_buf) override;
    [[nodiscard]] DevResult<> recycle_tx_buffers() override;
    [[nodiscard]] DevResult<> transmit(NetBufPtr tx_buf) override;
    [[nodiscard]] DevResult<NetBufPtr> receive() override;
    [[nodiscard]] DevResult<NetBufPtr> alloc_tx_buffer(size_t size) override;

    /// Counters.
    struct Stats {
        uint64_t tx_packets;   ///< Frames transmitted.
        uint64_t rx_packets;   ///< Frames delivered to a receive buffer.
        uint64_t rx_dropped;   ///< Frames dropped: no receive buffer posted, or too big for it.
        uint64_t rx_filtered;  ///< Frames dropped because their destination is not this NIC
                               ///< (chapter 2, exercise 2: stays 0 until you add the filter).
        uint64_t tx_recycled;  ///< Transmit buffers returned to their pool.
    };
    /// The counters so far.
    const Stats& stats() const { return m_stats; }

private:
    NetBufPool* m_tx_pool;
    EthernetAddress m_mac;
    BufQueue<kQueueSize> m_rx_posted;  // empty buffers the "device" may fill
    BufQueue<kQueueSize> m_received;   // filled buffers waiting for receive()
    BufQueue<kQueueSize> m_tx_done;    // sent buffers waiting for recycle_tx_buffers()
    Stats m_stats = {};
};

}  // namespace driver_net
