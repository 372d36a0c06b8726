// driver_ixgbe/tests/model.h: register-level models of the Intel 82599 and 82576 for the host
// tests. Each is an IxgbeHal (the driver runs on it unchanged): a sparse register file with
// the datasheet's reset values, self-clearing and ready bits, clear-on-read registers, and the
// queue-0 DMA engines walking the rings in memory the model handed out. The models are strict:
// every rule the driver breaks (a register the model does not know, a reserved bit, a ring
// length not a multiple of 128, a tail beyond the ring, DMATXCTL.TE after a queue enable, ...)
// is recorded in violations(), which every test checks is empty.
#pragma once
#include <driver_ixgbe/ixgbe_hal.h>
#include <driver_ixgbe/ring.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace driver_ixgbe::model {

using Frame = std::vector<uint8_t>;

/// What both chips' models share: memory, registers, rings, the wire.
class IntelModel : public IxgbeHal {
public:
    explicit IntelModel(const uint8_t (&mac)[6]);
    virtual ~IntelModel();

    // IxgbeHal
    DevResult<DmaBlock> dma_alloc(size_t size) override;
    void dma_dealloc(const DmaBlock& block) override;
    DevResult<> mmio_map(uint64_t phys, size_t size) override;
    uint32_t read32(uint32_t offset) override;
    void write32(uint32_t offset, uint32_t value) override;
    uint64_t now_ns() override { return m_now; }
    void relax() override { m_now += 1000; }  // each poll of a bounded wait: 1 us

    // --- the test's side -----------------------------------------------------------------
    /// A frame arrives from the wire. Returns whether the device accepted it (receiver on,
    /// queue enabled, link up, filters passed); with no free descriptor it is counted in
    /// rx_missed and dropped (SRRCTL.DROP_EN).
    bool inject(const Frame& frame);
    /// Frames the device put on the wire, in order.
    std::vector<Frame>& sent() { return m_sent; }
    /// Rules the driver broke. Every test expects none.
    const std::vector<std::string>& violations() const { return m_violations; }
    /// Frames dropped for want of a receive descriptor.
    uint64_t rx_missed() const { return m_rx_missed; }
    /// MSI-X messages sent on entry @p entry.
    uint64_t interrupts(unsigned entry) const { return m_msix[entry & 31]; }
    /// The cable: unplugged, the link goes down at once; plugged, it comes back up.
    void set_cable(bool plugged);
    /// A reset never completes (CTRL.RST stays set).
    void never_finish_reset() { m_reset_sticks = true; }
    /// Transmit write-back is held back until @p n descriptors are done (WTHRESH-style); the
    /// rest waits for flush_tx_writeback(). 0: write back at once.
    void delay_tx_writeback(unsigned n) { m_tx_wb_batch = n; }
    /// Writes back every held transmit descriptor.
    void flush_tx_writeback();
    /// Descriptors done but not yet written back.
    size_t tx_writeback_pending() const { return m_tx_wb_pending.size(); }
    /// Changes the next receive write-back before the device writes it (a hostile device).
    void tamper_next_rx(std::function<void(AdvRxWb&)> fn) { m_tamper = std::move(fn); }
    /// Writes a completed write-back (DD|EOP, @p len) into receive slot @p slot, posted or not.
    void write_rx_slot(uint16_t slot, uint16_t len);
    /// The host address of device address @p phys (length @p len), or null.
    uint8_t* host(uint64_t phys, size_t len);
    /// DMA blocks handed out and not given back.
    size_t dma_blocks() const { return m_regions.size(); }
    /// Current value of a register, without side effects (for assertions).
    uint32_t peek(uint32_t off) const;

protected:
    /// Register defaults after a reset (RAL0/RAH0 and the chip's ready bits).
    virtual void reset_defaults() = 0;
    /// A chip register write; false if the model does not know the register.
    virtual bool chip_write(uint32_t off, uint32_t v) = 0;
    /// A chip register read; false if unknown.
    virtual bool chip_read(uint32_t off, uint32_t& v) = 0;
    /// Receive set-up the chip needs (receiver on, CRC strip, filters).
    virtual bool rx_on() const = 0;
    virtual bool tx_on() const = 0;
    virtual bool crc_stripped() const = 0;
    virtual bool broadcast_ok() const = 0;
    virtual bool promisc() const = 0;
    virtual bool link() const = 0;
    /// Called when the link changes (cable) or auto-negotiation is restarted.
    virtual void link_event(bool up) = 0;
    /// With MSI-X mode on (GPIE bit 4 on both chips), the entry receive queue 0 is routed to
    /// (IVAR byte 0, valid bit 7), else -1.
    int rx_queue_entry() const {
        if (!(reg(m_gpie) & (1u << 4)) || !(reg(m_ivar0) & 0x80)) return -1;
        return int(reg(m_ivar0) & 0x1f);
    }
    /// WTHRESH of TXDCTL.
    virtual unsigned wthresh() const = 0;
    /// Checks a write of RXDCTL (@p rx) or TXDCTL with value @p v (reserved bits, order).
    virtual void queue_control(bool rx, uint32_t v) = 0;

    void violation(std::string what);
    void reset();
    uint32_t& reg(uint32_t off) { return m_regs[off]; }
    uint32_t reg(uint32_t off) const;

    // Offsets that differ (set by the subclass).
    uint32_t m_rx_base = 0, m_tx_base = 0, m_srrctl = 0;
    uint32_t m_eims = 0, m_eimc = 0, m_eicr = 0, m_eiac = 0, m_eitr0 = 0, m_gpie = 0, m_ivar0 = 0;
    uint32_t m_srrctl_reserved = 0;  // SRRCTL bits that must be written 0
    uint32_t m_eimc_reserved = 0;    // EIMC bits that must be written 0
    uint32_t m_ipe = 0;              // the write-back's IPE error bit (differs per chip)
    bool m_eicr_clear_on_read = true;
    uint8_t m_mac[6];
    bool m_reset_sticks = false;
    unsigned m_reset_reads = 0;  // CTRL reads left before RST reads 0
    bool m_cable = true;

private:
    void queue_write(uint32_t off, uint32_t v);
    void run_tx();
    void deliver_rx_interrupt();
    struct Region {
        uint64_t phys;
        std::unique_ptr<uint8_t[], void (*)(uint8_t*)> mem;
        size_t size;
    };
    std::vector<Region> m_regions;
    uint64_t m_next_phys = 0x1000000;
    std::map<uint32_t, uint32_t> m_regs;
    std::vector<Frame> m_sent;
    std::vector<std::string> m_violations;
    Frame m_tx_frame;  // gathered so far (descriptors without EOP)
    std::vector<uint16_t> m_tx_wb_pending;
    unsigned m_tx_wb_batch = 0;
    std::function<void(AdvRxWb&)> m_tamper;
    uint64_t m_rx_missed = 0;
    uint64_t m_msix[32] = {};
    uint64_t m_now = 0;
    bool m_mapped = false;
};

/// The 82599 (82599 datasheet, rev. 3.3).
std::unique_ptr<IntelModel> make_82599(const uint8_t (&mac)[6]);
/// The 82576 (82576 datasheet, rev. 2.6), as silicon behaves (EICR not clear-on-read).
std::unique_ptr<IntelModel> make_82576(const uint8_t (&mac)[6]);

}  // namespace driver_ixgbe::model
