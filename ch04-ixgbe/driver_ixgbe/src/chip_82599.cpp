// driver_ixgbe/src/chip_82599.cpp: the Intel 82599 10 GbE controller's ChipMap (ixgbe). The
// steps follow the 82599 datasheet's initialization sequence (section 4.6.3 onwards); offsets
// and bits are from its register chapter 8.2.3. No 82599 runs in QEMU: this chip is tested
// against the register-level model in tests/model_82599.cpp.
#include <driver_ixgbe/chip.h>
#include <driver_ixgbe/ixgbe_regs.h>

namespace driver_ixgbe {
namespace {

// 82599-only registers (82599 8.2.3).
enum : uint32_t {
    kEicr = 0x00800,        // 8.2.3.5.1
    kEiac = 0x00810,        // 8.2.3.5.5
    kEitr0 = 0x00820,       // 8.2.3.5.12
    kEims = 0x00880,        // 8.2.3.5.3
    kEimc = 0x00888,        // 8.2.3.5.4
    kGpie = 0x00898,        // 8.2.3.5.11
    kIvar0 = 0x00900,       // 8.2.3.10.15
    kRdbal0 = 0x01000,      // 8.2.3.8.1
    kSrrctl0 = 0x02100,     // 8.2.3.8.7
    kDcaRxctrl0 = 0x02200,  // 8.2.3.11.1
    kRdrxctl = 0x02F00,     // 8.2.3.8.8
    kRxctrl = 0x03000,      // 8.2.3.8.10
    kRxpbsize0 = 0x03C00,   // 8.2.3.8.9
    kHlreg0 = 0x04240,      // 8.2.3.22.8
    kAutoc = 0x042A0,       // 8.2.3.22.19
    kLinks = 0x042A4,       // 8.2.3.22.20
    kRttdcs = 0x04900,      // 8.2.3.10.2
    kDmatxctl = 0x04A80,    // 8.2.3.9.2
    kFctrl = 0x05080,       // 8.2.3.7.1
    kTdbal0 = 0x06000,      // 8.2.3.9.5
    kDtxmxszrq = 0x08100,   // 8.2.3.9.1
    kTxpbsize0 = 0x0CC00,   // 8.2.3.9.13
    kEec = 0x10010,         // 8.2.3.2.1
};

constexpr uint64_t kMs = 1000000;

void mask_all(Regs& r) {
    r.write(kEimc, 0x7fffffff);  // 4.6.3.1: mask every cause (bit 31 is reserved: leave it)
    (void)r.read(kEicr);         // and clear what is pending (EICR clears on read, 8.2.3.5.1)
}

DevResult<> after_reset(Regs& r) {
    // 4.6.3: wait for the EEPROM auto-read (EEC.ARD, bit 9), then for DMA initialisation
    // (RDRXCTL.DMAIDONE, bit 3), before touching the queues.
    if (auto w = r.wait(kEec, 1u << 9, 1u << 9, 100 * kMs); !w.ok()) return w;
    return r.wait(kRdrxctl, 1u << 3, 1u << 3, 100 * kMs);
}

// Chapter 4, 3.3.
DevResult<> link_start(Regs& r) {
    // 4.6.4: link mode select (LMS, 15:13) = 011, 10 Gb/s serial with KR/KX4 auto-negotiation;
    // 10G_PMA_PMD_PARALLEL (8:7) = 00, XAUI; then restart auto-negotiation (AN_RESTART, bit
    // 12, self-clearing). This assumes an SFP+/XAUI board, as ixy does.
    uint32_t autoc = r.read(kAutoc);
    autoc = (autoc & ~(0x7u << 13) & ~(0x3u << 7)) | (0x3u << 13);
    r.write(kAutoc, autoc);
    r.write(kAutoc, autoc | (1u << 12));
    return {};
}

bool link_up(Regs& r) {
    return r.read(kLinks) & (1u << 30);  // LINKS.LINK_UP (8.2.3.22.20)
}

void rx_global(Regs& r, bool promisc) {
    r.clear(kRxctrl, 1u << 0);  // 4.6.7: receiver off (RXEN) while it is set up
    // 4.6.7 / 4.6.11.3.1: one packet buffer of 128 KiB (SIZE, 19:10, in KiB), the others 0.
    r.write(kRxpbsize0, 128u << 10);
    for (uint32_t i = 1; i < 8; ++i) r.write(kRxpbsize0 + 4 * i, 0);
    r.set(kHlreg0, 1u << 1);  // 8.2.3.22.8: RXCRCSTRP, strip the FCS...
    // ...and 8.2.3.8.8: CRCSTRIP too (bit 1), RSCFRSTSIZE (21:17) = 0, and bits 25 and 26
    // (RSCACKC, FCOE_WRFIX) which the datasheet says must be set.
    uint32_t rdrxctl = r.read(kRdrxctl);
    rdrxctl = (rdrxctl & ~(0x1fu << 17)) | (1u << 1) | (1u << 25) | (1u << 26);
    r.write(kRdrxctl, rdrxctl);
    // 8.2.3.7.1: accept broadcast (BAM, bit 10); unicast/multicast promiscuous (UPE 9, MPE 8)
    // only if asked. FCTRL may change only while RXEN is 0 (it is, above).
    uint32_t fctrl = r.read(kFctrl) | (1u << 10);
    fctrl = promisc ? fctrl | (1u << 9) | (1u << 8) : fctrl & ~((1u << 9) | (1u << 8));
    r.write(kFctrl, fctrl);
    r.set(kCtrlExt, 1u << 16);       // 4.6.7: NS_DIS, no-snoop disable
    r.clear(kDcaRxctrl0, 1u << 12);  // 8.2.3.11.1: bit 12 must be 0 (relaxed-order write-back)
}

void rx_enable(Regs& r, bool) {
    r.set(kRxctrl, 1u << 0);  // 4.6.7, last step: RXEN
}

void tx_global(Regs& r) {
    // 4.6.8: the MAC appends the FCS (TXCRCEN, bit 0) and pads short frames (TXPADEN, bit 10).
    r.set(kHlreg0, (1u << 0) | (1u << 10));
    // 4.6.11.3.1: one transmit packet buffer of 40 KiB (SIZE, 19:10, in KiB), the others 0.
    r.write(kTxpbsize0, 40u << 10);
    for (uint32_t i = 1; i < 8; ++i) r.write(kTxpbsize0 + 4 * i, 0);
    r.write(kDtxmxszrq, 0xfff);  // 8.2.3.9.1: MAX_BYTES_NUM_REQ (11:0); 15:12 are reserved
    r.clear(kRttdcs, 1u << 6);   // 4.6.8: descriptor arbiter on (ARBDIS = 0)
    // 4.6.8 / 8.2.3.9.2: DMATXCTL.TE before any TXDCTL.ENABLE, or the queue never starts.
    r.set(kDmatxctl, 1u << 0);
}

void tx_enable(Regs&) {}  // DMATXCTL.TE is already on (tx_global)

void route_rx_queue0(Regs& r, uint8_t entry) {
    // 7.3.1 / 8.2.3.5.11: MSI-X mode (GPIE.MULTIPLE_MSIX, bit 4), PBA support (bit 31).
    r.write(kGpie, (1u << 4) | (1u << 31));
    // 8.2.3.10.15: IVAR(0) byte 0 is receive queue 0: the entry, with INT_ALLOC_VAL (bit 7).
    r.write(kIvar0, (r.read(kIvar0) & ~0xffu) | entry | 0x80u);
}

}  // namespace

const ChipMap kChip82599 = {
    .name = "82599",
    .driver = "ixgbe",
    .reset_mask = kCtrlReset | kCtrlLinkReset,  // 8.2.3.1.1: both self-clear
    .rx_ring = kRdbal0,
    .tx_ring = kTdbal0,
    .srrctl = kSrrctl0,
    .srrctl_drop_en = 1u << 28,
    // 8.2.3.9.10: PTHRESH 36, HTHRESH 8, WTHRESH 4 (write back every 4 descriptors).
    .txdctl_thresholds = 36u | (8u << 8) | (4u << 16),
    .eims = kEims,
    .eimc = kEimc,
    .eicr = kEicr,
    .eiac = kEiac,
    .eitr0 = kEitr0,
    .rx_error_mask = 1u << 29,  // 7.1.6.2: RXE (bits 30/31, L4E/IPE, need RXCSUM offload)
    .mask_all = mask_all,
    .after_reset = after_reset,
    .link_start = link_start,
    .link_up = link_up,
    .rx_global = rx_global,
    .rx_enable = rx_enable,
    .tx_global = tx_global,
    .tx_enable = tx_enable,
    .route_rx_queue0 = route_rx_queue0,
};

}  // namespace driver_ixgbe
