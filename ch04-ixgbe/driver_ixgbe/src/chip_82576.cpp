// driver_ixgbe/src/chip_82576.cpp: the Intel 82576 GbE controller's ChipMap (igb), the chip
// QEMU emulates as `-device igb`. Sections are the 82576 datasheet's (initialization 4.5,
// registers chapter 8). Where QEMU's model differs from silicon, the comment says so.
#include <driver_ixgbe/chip.h>
#include <driver_ixgbe/ixgbe_regs.h>

namespace driver_ixgbe {
namespace {

// 82576-only registers (82576 chapter 8).
enum : uint32_t {
    kMdic = 0x00020,     // 8.2.4
    kIcr = 0x000C0,      // 8.8.1
    kImc = 0x000D8,      // 8.8.6
    kRctl = 0x00100,     // 8.9.1
    kTctl = 0x00400,     // 8.12.1
    kGpie = 0x01514,     // 8.8.11
    kEims = 0x01524,     // 8.8.9
    kEimc = 0x01528,     // 8.8.10
    kEiac = 0x0152C,     // 8.8.12
    kEicr = 0x01580,     // 8.8.7
    kEitr0 = 0x01680,    // 8.8.13
    kIvar0 = 0x01700,    // 8.8.15
    kRdbal0 = 0x0C000,   // 8.9.5
    kSrrctl0 = 0x0C00C,  // 8.9.4
    kTdbal0 = 0x0E000,   // 8.12.6
};

// MDIC fields (8.2.4): data 15:0, PHY register 20:16, PHY address 25:21, op 27:26, READY 28,
// ERROR 30. The internal PHY answers at address 1 (QEMU refuses any other).
constexpr uint32_t kMdicPhyAddr = 1u << 21;
constexpr uint32_t kMdicOpWrite = 1u << 26;
constexpr uint32_t kMdicOpRead = 2u << 26;
constexpr uint32_t kMdicReady = 1u << 28;
constexpr uint32_t kMdicError = 1u << 30;
// PHY control register (BMCR, PHY register 0; 82576 8.24.1 / IEEE 802.3 22.2.4.1).
constexpr uint32_t kBmcrAutoNegEnable = 1u << 12;
constexpr uint32_t kBmcrRestartAutoNeg = 1u << 9;
constexpr uint64_t kMs = 1000000;

void mask_all(Regs& r) {
    r.write(kImc, 0xffffffff);   // 4.5.1: mask every legacy cause (IMC, 8.8.6)...
    r.write(kEimc, 0xffffffff);  // ...and every extended one (EIMC, 8.8.10)
    (void)r.read(kIcr);          // ICR clears on read (8.8.1)
    // EICR: QEMU clears it on read, silicon only when written with ones (8.8.7): do both.
    r.write(kEicr, r.read(kEicr));
}

DevResult<> after_reset(Regs&) {
    // 4.5.2: after CTRL.RST the 82576 reloads its EEPROM words in the background; nothing of
    // it matters to queue 0 (QEMU never sets EECD.AUTO_RD: waiting for it would time out).
    return {};
}

// One PHY register access through MDIC, with a bounded wait for READY (8.2.4).
DevResult<uint16_t> mdic(Regs& r, uint32_t op, uint32_t reg, uint16_t data) {
    r.write(kMdic, op | kMdicPhyAddr | (reg << 16) | data);
    if (auto w = r.wait(kMdic, kMdicReady, kMdicReady, 10 * kMs); !w.ok()) return w.error();
    uint32_t v = r.read(kMdic);
    if (v & kMdicError) return DevError::Io;
    return uint16_t(v & 0xffff);
}

// Chapter 4, 3.3.
DevResult<> link_start(Regs& r) {
    // 4.5.4: copper link comes from the PHY's auto-negotiation; restart it (BMCR, read-modify-
    // write). CTRL.SLU alone does not bring QEMU's link up, and a reset drops it.
    auto bmcr = mdic(r, kMdicOpRead, 0, 0);
    if (!bmcr.ok()) return bmcr.error();
    auto w =
        mdic(r, kMdicOpWrite, 0, uint16_t(bmcr.value() | kBmcrAutoNegEnable | kBmcrRestartAutoNeg));
    if (!w.ok()) return w.error();
    return {};
}

bool link_up(Regs& r) {
    return r.read(kStatus) & (1u << 1);  // STATUS.LU (8.2.2)
}

void rx_global(Regs& r, bool) {
    r.write(kRctl, 0);  // 4.5.9: receiver off while the ring is set up (RCTL, 8.9.1)
}

void rx_enable(Regs& r, bool promisc) {
    // 8.9.1: EN (bit 1), accept broadcast (BAM, 15), strip the FCS (SECRC, 26); BSIZE 00 with
    // BSEX 0 is 2 KiB, overridden per queue by SRRCTL. Unicast/multicast promiscuous (UPE 3,
    // MPE 4) only if asked. Without SECRC every length would include the 4 FCS bytes.
    uint32_t rctl = (1u << 1) | (1u << 15) | (1u << 26);
    if (promisc) rctl |= (1u << 3) | (1u << 4);
    r.write(kRctl, rctl);
}

void tx_global(Regs&) {}  // 4.5.10: nothing global before the queue: TCTL.EN comes after

void tx_enable(Regs& r) {
    // 4.5.10 / 8.12.1: TCTL.EN (bit 1) and pad short packets (PSP, bit 3).
    r.set(kTctl, (1u << 1) | (1u << 3));
}

void route_rx_queue0(Regs& r, uint8_t entry) {
    // 7.3.1.2 / 8.8.11: MSI-X mode (GPIE.Multiple_MSIX, bit 4), PBA support (bit 31). QEMU
    // accepts EIAC bits only once MSI-X mode is on, so this comes first.
    r.write(kGpie, (1u << 4) | (1u << 31));
    // 8.8.15: IVAR0 byte 0 is receive queue 0: the entry, with INT_Alloc_val (bit 7).
    r.write(kIvar0, (r.read(kIvar0) & ~0xffu) | entry | 0x80u);
}

}  // namespace

const ChipMap kChip82576 = {
    .name = "82576",
    .driver = "igb",
    // 8.2.1: only RST self-clears; QEMU leaves LRST (bit 3) set after reset.
    .reset_mask = kCtrlReset,
    .rx_ring = kRdbal0,
    .tx_ring = kTdbal0,
    .srrctl = kSrrctl0,
    .srrctl_drop_en = 1u << 31,
    // 8.12.13: PTHRESH (4:0) 8, HTHRESH (12:8) 1, WTHRESH (20:16) 1: write back every
    // descriptor (the 82599's 36 does not fit these fields).
    .txdctl_thresholds = 8u | (1u << 8) | (1u << 16),
    .eims = kEims,
    .eimc = kEimc,
    .eicr = kEicr,
    .eiac = kEiac,
    .eitr0 = kEitr0,
    // 7.1.5.2: RXE (31), CXE (28), SEQ (26), SE (25), CE (24); TCPE/IPE need RXCSUM offload.
    .rx_error_mask = (1u << 31) | (1u << 28) | (1u << 26) | (1u << 25) | (1u << 24),
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
