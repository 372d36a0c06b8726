/// @file driver_ixgbe/chip.h
/// @brief What differs between the 82599 (ixgbe) and the 82576 (igb) for this driver: a
/// ChipMap of register offsets, bit masks and a few hooks (reset completion, link, global
/// receive and transmit set-up, interrupt routing), one per chip, chosen at probe time. The
/// ring engine and the bring-up order are shared (chapter 4, section 3).
#pragma once
#include <driver_ixgbe/ixgbe_hal.h>

#include <cstdint>

namespace driver_ixgbe {

/// Register access for one device through its IxgbeHal, with the read-modify-write and the
/// bounded wait every bring-up step uses.
class Regs {
public:
    /// Registers of the device behind @p hal (already mapped).
    explicit Regs(IxgbeHal& hal) : m_hal(hal) {}
    /// Reads register @p off.
    uint32_t read(uint32_t off) { return m_hal.read32(off); }
    /// Writes @p v to register @p off.
    void write(uint32_t off, uint32_t v) { m_hal.write32(off, v); }
    /// Sets @p bits in register @p off (read-modify-write).
    void set(uint32_t off, uint32_t bits) { write(off, read(off) | bits); }
    /// Clears @p bits in register @p off (read-modify-write).
    void clear(uint32_t off, uint32_t bits) { write(off, read(off) & ~bits); }
    /// Waits until `(read(off) & mask) == want`, for at most @p timeout_ns. Error: Io (timed
    /// out: the device never got there). Never waits without a deadline.
    [[nodiscard]] DevResult<> wait(uint32_t off, uint32_t mask, uint32_t want, uint64_t timeout_ns);
    /// The HAL behind the registers.
    IxgbeHal& hal() { return m_hal; }

private:
    IxgbeHal& m_hal;
};

/// One chip's differences (82599 datasheet vs 82576 datasheet; the research behind it is in
/// chapter 4, section 3). Offsets are byte offsets in BAR0.
struct ChipMap {
    const char* name;    ///< "82599" or "82576".
    const char* driver;  ///< Driver name: "ixgbe" or "igb".
    /// CTRL bits that read 0 once a software reset has finished.
    uint32_t reset_mask;
    uint32_t rx_ring;            ///< RDBAL of queue 0 (the queue block starts there).
    uint32_t tx_ring;            ///< TDBAL of queue 0.
    uint32_t srrctl;             ///< SRRCTL of queue 0.
    uint32_t srrctl_drop_en;     ///< SRRCTL bit: drop when no descriptor is free.
    uint32_t txdctl_thresholds;  ///< PTHRESH/HTHRESH/WTHRESH written with TXDCTL.ENABLE.
    uint32_t eims;               ///< Extended Interrupt Mask Set.
    uint32_t eimc;               ///< Extended Interrupt Mask Clear.
    uint32_t eicr;               ///< Extended Interrupt Cause Read.
    uint32_t eiac;               ///< Extended Interrupt Auto Clear.
    uint32_t eitr0;              ///< Interrupt throttle of vector 0.
    /// Write-back error bits (AdvRxWb::status_error) that make a frame bad (they differ:
    /// 82599 RXE/L4E/IPE are bits 29-31, 82576 TCPE/IPE/RXE are bits 29-31 plus CE/SE/SEQ/CXE).
    uint32_t rx_error_mask;
    /// Masks every interrupt cause and clears pending ones (before and after reset).
    void (*mask_all)(Regs& r);
    /// Waits for what a reset leaves unfinished (82599: EEPROM auto-read, DMA init). Error: Io.
    DevResult<> (*after_reset)(Regs& r);
    /// Starts link establishment (82599: AUTOC restart; 82576: PHY auto-negotiation by MDIC).
    DevResult<> (*link_start)(Regs& r);
    /// Whether the link is up now.
    bool (*link_up)(Regs& r);
    /// Receive set-up before the ring (receiver off, CRC strip, filters: broadcast on,
    /// promiscuous if asked).
    void (*rx_global)(Regs& r, bool promisc);
    /// Turns the receiver on once the ring is ready.
    void (*rx_enable)(Regs& r, bool promisc);
    /// Transmit set-up before the queue is enabled (82599: DMATXCTL.TE must come first).
    void (*tx_global)(Regs& r);
    /// Turns the transmitter on once the queue is enabled (82576: TCTL.EN).
    void (*tx_enable)(Regs& r);
    /// MSI-X mode with receive queue 0 routed to MSI-X entry @p entry (GPIE, IVAR).
    void (*route_rx_queue0)(Regs& r, uint8_t entry);
};

/// The Intel 82599 10 GbE controller (ixgbe).
extern const ChipMap kChip82599;
/// The Intel 82576 GbE controller (igb; QEMU's `-device igb`).
extern const ChipMap kChip82576;

}  // namespace driver_ixgbe
