/// @file driver_virtio/virtio_net.h
/// @brief The virtio-net driver (virtio 1.2 section 5.1), implementing NetDriverOps: one receive
/// and one transmit split virtqueue, the 12-byte virtio-net header kept in each NetBuf's header
/// room, receive buffers posted from a NetBufPool at start, a transmit path that never blocks,
/// and an MSI-X interrupt for the receive queue. Registered with axdriver for 1af4:1000
/// (transitional) and 1af4:1041 (modern).
#pragma once
#include <axalloc/axalloc.h>
#include <axdriver/msix.h>
#include <axdriver/pci.h>
#include <axhal/trap.h>
#include <driver_net/net_driver_ops.h>
#include <driver_virtio/virtio_pci.h>
#include <driver_virtio/virtqueue.h>

namespace driver_virtio {

using driver_net::NetBufPtr;

/// A virtio-net device.
class VirtioNetDev final : public driver_net::NetDriverOps {
public:
    /// Identifies this class in axdriver's registry (its address is what matters).
    static constexpr char kTypeTag = 0;
    /// Entries per virtqueue (or the device's maximum, if smaller).
    static constexpr uint16_t kQueueSize = 256;
    /// Bytes of virtio-net header in front of every packet (VERSION_1).
    static constexpr size_t kHeaderLen = sizeof(VirtioNetHdr);
    /// Largest Ethernet frame without its FCS: 14 bytes of header and a 1500-byte payload.
    static constexpr size_t kMaxFrameLen = 1514;

    /// Brings up the device at @p dev: feature negotiation, queues, MSI-X, receive buffers.
    /// Errors: Unsupported (legacy-only, no VERSION_1, features refused), NoMemory, Io.
    [[nodiscard]] static DevResult<VirtioNetDev*> create(const axdriver::pci::PciDevice& dev);

    const char* device_name() const override { return "virtio-net"; }
    driver_common::DeviceType device_type() const override {
        return driver_common::DeviceType::Net;
    }
    driver_net::EthernetAddress mac_address() const override { return m_mac; }
    bool can_transmit() const override { return m_tx.free_descriptors() > 0; }
    bool can_receive() const override { return m_rx.has_used(); }
    size_t rx_queue_size() const override { return m_rx.size(); }
    size_t tx_queue_size() const override { return m_tx.size(); }
    /// NetDriverOps::recycle_rx_buffer. Also refuses (InvalidParam, BadState; counted in
    /// bad_buffers) a buffer without a pool or one the driver holds already (given twice).
    [[nodiscard]] DevResult<> recycle_rx_buffer(NetBufPtr rx_buf) override;
    [[nodiscard]] DevResult<> recycle_tx_buffers() override;
    /// NetDriverOps::transmit. Also refuses (InvalidParam, BadState; counted in bad_buffers) a
    /// buffer without a pool or one the driver holds already (given twice).
    [[nodiscard]] DevResult<> transmit(NetBufPtr tx_buf) override;
    [[nodiscard]] DevResult<NetBufPtr> receive() override;
    [[nodiscard]] DevResult<NetBufPtr> alloc_tx_buffer(size_t size) override;

    /// Asks for an interrupt when the next frame arrives. Returns true if one is already waiting
    /// (then do not halt). Call with interrupts disabled, then halt with axhal::wait_for_irq().
    /// Also checks device_needs_reset() (the driver is about to wait on the device).
    bool arm_rx_interrupt();
    /// Whether the device has set DEVICE_NEEDS_RESET (virtio 1.2 2.1.2): it hit an error it
    /// cannot recover from and will not use the queues until reinit(). The first sighting is
    /// logged and counted (Stats::needs_reset).
    bool device_needs_reset();
    /// Resets the device and sets it up again: every buffer it held goes back to its pool,
    /// receive buffers are posted afresh (virtio 1.2 3.1.1). Errors: as create().
    [[nodiscard]] DevResult<> reinit();
    /// Whether the link is up (VIRTIO_NET_F_STATUS; true if the device does not report it).
    bool link_up() const;
    /// Whether receive interrupts come through MSI-X (else the driver is polled).
    bool uses_msix() const { return m_rx_msix != kNoVector; }

    /// Counters.
    struct Stats {
        uint64_t rx_packets;     ///< Frames handed to the caller.
        uint64_t tx_packets;     ///< Frames queued for transmission.
        uint64_t tx_again;       ///< transmit() calls refused with Again (queue full).
        uint64_t rx_bad_len;     ///< Frames dropped: used length shorter than the header or
                                 ///< longer than the buffer.
        uint64_t irqs;           ///< Receive interrupts taken.
        uint64_t notifications;  ///< Device notifications written (kicks).
        uint64_t resets;         ///< reinit() calls.
        uint64_t bad_buffers;    ///< transmit()/recycle_rx_buffer() refused: given twice or
                                 ///< without a pool.
        uint64_t needs_reset;    ///< Times DEVICE_NEEDS_RESET was first seen set.
    };
    /// The counters so far (the virtqueues keep their own: rx_queue_stats, tx_queue_stats).
    const Stats& stats() const { return m_stats; }
    /// Counters of the receive virtqueue (malformed used entries among them).
    const SplitVirtqueue::Stats& rx_queue_stats() const { return m_rx.stats(); }
    /// Counters of the transmit virtqueue.
    const SplitVirtqueue::Stats& tx_queue_stats() const { return m_tx.stats(); }
    /// The receive pool (read-only: its counters and available()).
    const driver_net::NetBufPool& rx_pool() const { return *m_rx_pool; }
    /// The transmit pool (read-only: its counters and available()).
    const driver_net::NetBufPool& tx_pool() const { return *m_tx_pool; }
    /// Bytes of DMA memory given up for good: the rings and pools of devices that did not
    /// reset when released, since they may still write them (kept, never reused).
    static uint64_t leaked_dma_bytes();

private:
    VirtioNetDev() = default;
    DevResult<> start(const axdriver::pci::PciDevice& pci_dev);
    void release();
    DevResult<> bring_up();
    DevResult<> setup_queue(SplitVirtqueue& vq, uint16_t index, uint8_t* mem, uint64_t phys,
                            uint16_t msix_vector);
    DevResult<> setup_queues();
    DevResult<> read_mac();
    void route_msix(const axdriver::pci::PciDevice& pci_dev);
    DevResult<> post_rx(driver_net::NetBuf* buf);
    void publish(SplitVirtqueue& vq, uint16_t queue);
    void reclaim_buffers();
    static void irq_handler(axhal::TrapFrame& frame);

    axdriver::pci::PciDevice m_pci;
    VirtioPciTransport m_transport;
    SplitVirtqueue m_rx;
    SplitVirtqueue m_tx;
    axalloc::DmaRegion m_rx_region;
    axalloc::DmaRegion m_tx_region;
    uint8_t* m_rx_mem = nullptr;
    uint8_t* m_tx_mem = nullptr;
    uint64_t m_rx_phys = 0;
    uint64_t m_tx_phys = 0;
    uint16_t m_queue_size = 0;
    uint64_t m_features = 0;
    driver_net::NetBufPool* m_rx_pool = nullptr;
    driver_net::NetBufPool* m_tx_pool = nullptr;
    driver_net::EthernetAddress m_mac;
    axdriver::pci::MsixInfo m_msix = {};
    bool m_msix_routed = false;      // msix_route() succeeded: undo it on release()
    uint16_t m_rx_msix = kNoVector;  // MSI-X table entry of the receive queue
    uint8_t m_vector = 0;            // CPU vector it is routed to
    bool m_needs_reset_seen = false;
    Stats m_stats = {};
};

}  // namespace driver_virtio
