/// @file driver_ixgbe/ring.h
/// @brief The advanced-descriptor ring engine both chips share (chapter 4, section 2): a
/// receive ring and a transmit ring of 16-byte descriptors in DMA memory, their tail updates,
/// DD/EOP handling and batched transmit reclaim. The driver controls the tail, the device the
/// head; a ring of N descriptors holds at most N - 1 buffers (head == tail means empty).
///
/// Buffer ownership: a NetBuf given to RxRing::post() or TxRing::transmit() belongs to the
/// ring (and the device) until RxRing::pop() returns it or TxRing::reclaim() frees it to its
/// pool. Meanwhile it is marked held by the driver (NetBuf::hand_to_driver): IxgbeNic marks
/// and unmarks it where buffers cross its interface, and reclaim() through free_sent().
///
/// Nothing the device writes back is trusted: a receive write-back with a bad length, without
/// EOP, with an error bit, or with DD on a slot the driver never posted is dropped (the buffer
/// goes straight back to the device) and counted; each kind but the error bits (the wire's
/// doing, not the device's) is also logged, the first time.
#pragma once
#include <driver_ixgbe/chip.h>
#include <driver_ixgbe/ixgbe_regs.h>
#include <driver_net/net_buf.h>

#include <cstddef>
#include <cstdint>

namespace driver_ixgbe {

using driver_net::NetBuf;

/// One receive descriptor: what the driver writes, or what the device wrote back.
union AdvRxDesc {
    AdvRxRead read;  ///< Posted by the driver.
    AdvRxWb wb;      ///< Written back by the device.
};
static_assert(sizeof(AdvRxDesc) == 16);

/// One transmit descriptor.
union AdvTxDesc {
    AdvTxRead read;  ///< Posted by the driver.
    AdvTxWb wb;      ///< Written back by the device (DD).
};
static_assert(sizeof(AdvTxDesc) == 16);

/// Largest ring (82599 RDLEN/TDLEN hold up to 4096 descriptors with the 16-bit head).
inline constexpr uint16_t kMaxRingSize = 4096;
/// Smallest receive buffer the ring accepts: SRRCTL.BSIZEPACKET, what the device may write.
inline constexpr size_t kRxBufferLen = kRxBufferKib * 1024;

/// Counters of the receive ring.
struct RxStats {
    uint64_t packets;      ///< Frames returned by pop().
    uint64_t bad_len;      ///< Dropped: write-back length 0 or larger than the buffer.
    uint64_t no_eop;       ///< Dropped: a frame spanning buffers (no EOP), counted once.
    uint64_t errors;       ///< Dropped: the device flagged an error (ChipMap::rx_error_mask).
    uint64_t unposted_dd;  ///< DD found on a slot the driver had not posted.
    uint64_t tail_writes;  ///< RDT writes.
    /// IPv4 frames whose header checksum the device verified (status IPCS, no IPE), and ones
    /// it found bad (IPE: dropped). Chapter 4's exercise 1 maintains them; until then they
    /// stay 0 and the device's verdict is ignored.
    uint64_t csum_ok;
    uint64_t csum_bad;  ///< See csum_ok.
};

/// Counters of the transmit ring.
struct TxStats {
    uint64_t packets;      ///< Frames queued by transmit().
    uint64_t full;         ///< transmit() refused with Again: the ring was full.
    uint64_t reclaimed;    ///< Buffers freed by reclaim().
    uint64_t tail_writes;  ///< TDT writes.
};

/// The receive ring of queue 0.
class RxRing {
public:
    RxRing() = default;
    RxRing(const RxRing&) = delete;
    RxRing& operator=(const RxRing&) = delete;
    ~RxRing() { delete[] m_bufs; }
    /// Lays the ring out on @p mem (zeroed DMA memory of at least size * 16 bytes) for the
    /// queue whose register block starts at @p base. @p size: a multiple of 8 (RDLEN must be
    /// a multiple of 128 bytes), 8..kMaxRingSize. Errors: InvalidParam, NoMemory.
    [[nodiscard]] DevResult<> init(Regs& regs, const DmaBlock& mem, uint16_t size, uint32_t base,
                                   uint32_t error_mask);
    /// Writes RDBAL/RDBAH/RDLEN and RDH = RDT = 0 (82599 4.6.7, 82576 4.5.9).
    void program();
    /// Posts @p buf (capacity at least kRxBufferLen) at the tail; the ring owns it. The tail
    /// register is written by flush(). Errors: Again (ring full), InvalidParam.
    [[nodiscard]] DevResult<> post(NetBuf* buf);
    /// Writes RDT if posts happened since the last write.
    void flush();
    /// Writes RDT only once a batch of posts has gathered (16, or a quarter of the ring), or
    /// at once if the device holds fewer than a batch: each RDT write is an MMIO exit under a
    /// hypervisor, and the device still holds the rest of the ring meanwhile (Linux's igb
    /// batches the same way). The device is never left short while posts wait.
    void flush_batched();
    /// The next completed frame; the caller owns the buffer (packet length set). Bad
    /// write-backs are dropped, counted and their buffers reposted. Error: Again.
    [[nodiscard]] DevResult<NetBuf*> pop();
    /// Whether the descriptor at the head of the ring is done (a frame may be waiting).
    bool has_done() const;
    /// Whether post() would take another buffer.
    bool can_post() const { return m_posted + 1u < m_size; }
    /// Gives every posted buffer to @p fn (the device must be stopped), leaving the ring empty.
    void drain(void (*fn)(NetBuf*));
    /// Descriptors in the ring.
    uint16_t size() const { return m_size; }
    /// Counters.
    const RxStats& stats() const { return m_stats; }

private:
    void repost(NetBuf* buf);

    Regs* m_regs = nullptr;
    volatile AdvRxDesc* m_desc = nullptr;
    NetBuf** m_bufs = nullptr;  // the buffer posted in each slot, or null
    uint64_t m_phys = 0;
    uint32_t m_base = 0;
    uint32_t m_error_mask = 0;
    uint16_t m_size = 0;
    uint16_t m_clean = 0;       // next slot the device completes
    uint16_t m_use = 0;         // next slot to post: the tail
    uint16_t m_posted = 0;      // slots in [m_clean, m_use)
    uint16_t m_written = 0;     // the tail as last written to RDT
    bool m_discarding = false;  // inside a frame without EOP: drop up to its last buffer
    RxStats m_stats = {};
};

/// The transmit ring of queue 0.
class TxRing {
public:
    TxRing() = default;
    TxRing(const TxRing&) = delete;
    TxRing& operator=(const TxRing&) = delete;
    ~TxRing() { delete[] m_bufs; }
    /// As RxRing::init, for the transmit queue at @p base.
    [[nodiscard]] DevResult<> init(Regs& regs, const DmaBlock& mem, uint16_t size, uint32_t base);
    /// Writes TDBAL/TDBAH/TDLEN and TDH = TDT = 0 (82599 4.6.8, 82576 4.5.10).
    void program();
    /// Queues @p buf's packet (header room not sent) as one descriptor and writes TDT. The
    /// ring owns the buffer until reclaim(). Errors: Again (full), InvalidParam (empty or
    /// longer than a descriptor can carry).
    [[nodiscard]] DevResult<> transmit(NetBuf* buf);
    /// Frees every buffer the device has finished with (DD written back), in batches of up to
    /// NetBufPool::kMaxBatch per pool. Returns how many were freed. Error: BadState if a
    /// pool refused a batch (a buffer freed behind the ring's back): those buffers leave the
    /// ring without being freed, the call logs one warning, the ring stays consistent.
    [[nodiscard]] DevResult<size_t> reclaim();
    /// Whether transmit() would take another buffer.
    bool can_transmit() const { return m_in_flight + 1u < m_size; }
    /// Gives every buffer still in the ring to @p fn (the device must be stopped).
    void drain(void (*fn)(NetBuf*));
    /// Descriptors in the ring.
    uint16_t size() const { return m_size; }
    /// Counters.
    const TxStats& stats() const { return m_stats; }

private:
    /// Gives @p n sent buffers of one pool back to it: each leaves the driver's hold
    /// (NetBuf::take_from_driver: IxgbeNic::transmit() marked it), then one free_batch().
    [[nodiscard]] DevResult<> free_sent(NetBuf* const* batch, size_t n);

    Regs* m_regs = nullptr;
    volatile AdvTxDesc* m_desc = nullptr;
    NetBuf** m_bufs = nullptr;
    uint64_t m_phys = 0;
    uint32_t m_base = 0;
    uint16_t m_size = 0;
    uint16_t m_clean = 0;      // oldest descriptor not yet reclaimed
    uint16_t m_use = 0;        // next free slot: the tail
    uint16_t m_in_flight = 0;  // slots in [m_clean, m_use)
    TxStats m_stats = {};
};

}  // namespace driver_ixgbe
