/// @file driver_ixgbe/ixgbe_nic.h
/// @brief IxgbeNic, the Intel driver as a NetDriverOps (ArceOS driver_net's `IxgbeNic`): one
/// receive and one transmit queue on the shared ring engine, a ChipMap for the chip (82599 or
/// 82576), everything outside the driver reached through an IxgbeHal. axdriver registers it
/// twice: as `ixgbe` for the 82599 IDs and as `igb` for the 82576 (ixgbe_probe.cpp).
///
/// Buffers: receive buffers come from the driver's own pool (kRxBufferLen bytes each) and are
/// posted at start; receive() hands one to the caller, who gives it back with
/// recycle_rx_buffer() (or to its pool). alloc_tx_buffer() hands out transmit buffers (no
/// header room: the Intel rings carry the bare frame); transmit() takes one, and
/// recycle_tx_buffers() frees the ones the device has sent.
#pragma once
#include <driver_ixgbe/chip.h>
#include <driver_ixgbe/ixgbe_hal.h>
#include <driver_ixgbe/ring.h>
#include <driver_net/net_driver_ops.h>

namespace driver_ixgbe {

using driver_net::NetBufPtr;

/// An Intel 82599 or 82576 network device.
class IxgbeNic final : public driver_net::NetDriverOps {
public:
    /// Identifies this class in axdriver's registry (its address is what matters).
    static constexpr char kTypeTag = 0;
    /// The MSI-X entry receive queue 0 is routed to, if interrupts are used.
    static constexpr uint8_t kRxMsixEntry = 0;

    /// How to bring the device up.
    struct Options {
        uint16_t ring_size = 256;               ///< Descriptors per ring (a multiple of 8).
        bool msix = false;                      ///< Route receive queue 0 to MSI-X kRxMsixEntry.
        uint32_t eitr = 0;                      ///< EITR0: interrupt throttling interval (0: none).
        bool promisc = false;                   ///< Unicast and multicast promiscuous mode.
        uint64_t reset_timeout_ns = 100000000;  ///< Longest wait for a reset to finish.
        uint64_t link_timeout_ns = 3000000000;  ///< Longest wait for the link at start.
    };

    /// Brings up the device behind @p hal (registers already mapped) as @p chip: reset, link,
    /// receive and transmit queue 0, interrupts as @p opt says, receive ring filled. The NIC
    /// keeps a reference to @p hal. A link still down after the timeout is not an error.
    /// Errors: Io (the chip never finished reset or a ready bit never came), NoMemory,
    /// InvalidParam (bad options), BadState (no valid MAC address in RAL0/RAH0).
    [[nodiscard]] static DevResult<IxgbeNic*> create(IxgbeHal& hal, const ChipMap& chip,
                                                     const Options& opt);
    /// Stops the device (reset), frees every buffer, ring and pool. Every buffer the caller
    /// took (receive(), alloc_tx_buffer()) must have been given back first: the pools go.
    /// @p nic may be null.
    static void destroy(IxgbeNic* nic);

    const char* device_name() const override { return m_chip.driver; }
    driver_common::DeviceType device_type() const override {
        return driver_common::DeviceType::Net;
    }
    driver_net::EthernetAddress mac_address() const override { return m_mac; }
    bool can_transmit() const override { return m_tx.can_transmit(); }
    bool can_receive() const override { return m_rx.has_done(); }
    size_t rx_queue_size() const override { return m_rx.size(); }
    size_t tx_queue_size() const override { return m_tx.size(); }
    [[nodiscard]] DevResult<> recycle_rx_buffer(NetBufPtr rx_buf) override;
    [[nodiscard]] DevResult<> recycle_tx_buffers() override;
    [[nodiscard]] DevResult<> transmit(NetBufPtr tx_buf) override;
    [[nodiscard]] DevResult<NetBufPtr> receive() override;
    [[nodiscard]] DevResult<NetBufPtr> alloc_tx_buffer(size_t size) override;

    /// Before halting: returns true if a frame is already waiting (then do not halt). With
    /// MSI-X the receive interrupt stays enabled (EIAC clears its cause), so a frame arriving
    /// after this check still wakes the CPU; polled, it only reports.
    bool arm_rx_interrupt() { return m_rx.has_done(); }
    /// Called by the interrupt handler of the receive vector: counts it.
    void on_rx_interrupt() { ++m_irqs; }
    /// Whether the link is up now.
    bool link_up() { return m_chip.link_up(m_regs); }
    /// Whether receive interrupts come through MSI-X (else the driver is polled).
    bool uses_msix() const { return m_opt.msix; }
    /// The chip this driver runs.
    const ChipMap& chip() const { return m_chip; }

    /// Counters (the names match chapter 3's VirtioNetDev::Stats where they mean the same).
    struct Stats {
        uint64_t rx_packets;     ///< Frames handed to the caller.
        uint64_t tx_packets;     ///< Frames queued for transmission.
        uint64_t tx_again;       ///< transmit() calls refused with Again (ring full).
        uint64_t bad_buffers;    ///< transmit()/recycle_rx_buffer() refused: given twice or
                                 ///< not from a pool (the driver holds it already).
        uint64_t rx_bad_len;     ///< Dropped: bad write-back length.
        uint64_t rx_no_eop;      ///< Dropped: write-back without EOP.
        uint64_t rx_errors;      ///< Dropped: error bits in the write-back.
        uint64_t unposted_dd;    ///< DD on receive slots never posted.
        uint64_t irqs;           ///< Receive interrupts taken.
        uint64_t notifications;  ///< Tail writes (RDT and TDT): what a virtio kick is here.
        uint64_t rx_csum_ok;     ///< IPv4 header checksum verified by the device (exercise 1).
        uint64_t rx_csum_bad;    ///< Dropped: IPv4 header checksum bad (exercise 1).
    };
    /// The counters so far.
    Stats stats() const;

private:
    IxgbeNic(IxgbeHal& hal, const ChipMap& chip, const Options& opt)
        : m_hal(hal), m_regs(hal), m_chip(chip), m_opt(opt) {}
    DevResult<> start();
    DevResult<> reset();
    DevResult<> read_mac();
    DevResult<> init_rx();
    DevResult<> init_tx();
    void init_interrupts();
    void release();

    IxgbeHal& m_hal;
    Regs m_regs;
    const ChipMap& m_chip;
    Options m_opt;
    DmaBlock m_rx_mem, m_tx_mem, m_rx_pool_mem, m_tx_pool_mem;
    driver_net::NetBufPool* m_rx_pool = nullptr;
    driver_net::NetBufPool* m_tx_pool = nullptr;
    RxRing m_rx;
    TxRing m_tx;
    driver_net::EthernetAddress m_mac;
    uint64_t m_irqs = 0;
    uint64_t m_bad_buffers = 0;  // buffers refused: given twice or not from a pool
};

}  // namespace driver_ixgbe
