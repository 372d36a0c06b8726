/// @file driver_ixgbe/ixgbe_regs.h
/// @brief The registers and descriptors the Intel driver uses, and only those, from the Intel
/// 82599 10 GbE Controller Datasheet (rev. 3.3) and the Intel 82576 GbE Controller Datasheet
/// (rev. 2.6). Section numbers are the datasheets'. Registers at the same offset with the same
/// meaning on both chips are here; the ones that differ are in chip.h's ChipMap.
#pragma once
#include <cstdint>

namespace driver_ixgbe {

/// Register offsets shared by the 82599 and the 82576 (82599 8.2.3, 82576 8.2-8.12).
enum Reg : uint32_t {
    kCtrl = 0x00000,     ///< Device Control (82599 8.2.3.1.1, 82576 8.2.1).
    kStatus = 0x00008,   ///< Device Status (82599 8.2.3.1.2, 82576 8.2.2).
    kCtrlExt = 0x00018,  ///< Extended Device Control (82599 8.2.3.1.3, 82576 8.2.3).
    kRal0 = 0x05400,     ///< Receive Address Low, entry 0 (82599 8.2.3.7.8, 82576 8.10.13).
    kRah0 = 0x05404,     ///< Receive Address High, entry 0 (82599 8.2.3.7.9, 82576 8.10.14).
    kMta = 0x05200,      ///< Multicast Table Array, 128 words (82599 8.2.3.7.7, 82576 8.10.11).
    kGprc = 0x04074,     ///< Good Packets Received Count, clear on read (82599 8.2.3.23.18).
    kGptc = 0x04080,     ///< Good Packets Transmitted Count, clear on read (82599 8.2.3.23.32).
};

/// Offsets inside a queue's register block, from its ring base (RDBAL or TDBAL): the same
/// layout on both chips (82599 8.2.3.8 and 8.2.3.9, 82576 8.9 and 8.12).
enum QueueReg : uint32_t {
    kQBal = 0x00,    ///< Descriptor ring base, low 32 bits (128-byte aligned).
    kQBah = 0x04,    ///< Descriptor ring base, high 32 bits.
    kQLen = 0x08,    ///< Ring length in bytes, a multiple of 128.
    kQHead = 0x10,   ///< Head: the next descriptor the device uses (the device moves it).
    kQTail = 0x18,   ///< Tail: one past the last descriptor the driver gave (the driver moves it).
    kQXdctl = 0x28,  ///< RXDCTL or TXDCTL: queue enable and thresholds.
};

/// CTRL bits (82599 8.2.3.1.1, 82576 8.2.1).
inline constexpr uint32_t kCtrlLinkReset = 1u << 3;  ///< LRST (82576) / LNK_RST (82599).
inline constexpr uint32_t kCtrlReset = 1u << 26;     ///< RST: software reset, self-clearing.
/// RAH bit 31: Address Valid (82599 8.2.3.7.9, 82576 8.10.14).
inline constexpr uint32_t kRahAv = 1u << 31;
/// RXDCTL / TXDCTL bit 25: queue enable; reads back 1 once the queue runs (82599 8.2.3.8.6,
/// 8.2.3.9.10; 82576 8.9.6, 8.12.13).
inline constexpr uint32_t kXdctlEnable = 1u << 25;
/// SRRCTL: DESCTYPE (27:25) = 001, advanced one-buffer descriptors (82599 8.2.3.8.7, 82576
/// 8.9.4); BSIZEPACKET (6:0) in KiB.
inline constexpr uint32_t kSrrctlDescAdvOneBuf = 1u << 25;
/// Receive buffer size the driver programs (BSIZEPACKET = 2): a whole 1522-byte frame fits.
inline constexpr uint32_t kRxBufferKib = 2;

/// Advanced receive descriptor, read format: what the driver writes (82599 7.1.6.1, 82576
/// 7.1.5.1). The device overwrites it with the write-back format.
struct AdvRxRead {
    uint64_t pkt_addr;  ///< Physical address of the packet buffer.
    uint64_t hdr_addr;  ///< Header buffer (unused: 0). Bit 0 of it becomes DD: write 0.
};
static_assert(sizeof(AdvRxRead) == 16);

/// Advanced receive descriptor, write-back format (82599 7.1.6.2, 82576 7.1.5.2).
struct AdvRxWb {
    uint32_t info;          ///< RSS type, packet type, header length.
    uint32_t rss_hash;      ///< RSS hash or checksum.
    uint32_t status_error;  ///< Status (19:0) and errors (31:20).
    uint16_t length;        ///< Bytes written to the buffer.
    uint16_t vlan;          ///< VLAN tag.
};
static_assert(sizeof(AdvRxWb) == 16);

/// Status bits of AdvRxWb::status_error, the same on both chips (82599 table 7-14, 82576
/// table 7-17). The error bits differ: ChipMap::rx_error_mask.
inline constexpr uint32_t kRxStatusDd = 1u << 0;   ///< Descriptor done.
inline constexpr uint32_t kRxStatusEop = 1u << 1;  ///< End of packet: last buffer of a frame.

/// Advanced transmit data descriptor, read format (82599 7.2.3.2.4, 82576 7.2.2.3).
struct AdvTxRead {
    uint64_t buffer_addr;    ///< Physical address of the data.
    uint32_t cmd_type_len;   ///< DTALEN (15:0), DTYP (23:20), DCMD (31:24).
    uint32_t olinfo_status;  ///< PAYLEN (31:14); STA (3:0) after write-back.
};
static_assert(sizeof(AdvTxRead) == 16);

/// Advanced transmit descriptor, write-back format (82599 7.2.3.2.5, 82576 7.2.2.4).
struct AdvTxWb {
    uint64_t reserved;  ///< Not written.
    uint32_t nxtseq;    ///< Reserved.
    uint32_t status;    ///< STA: bit 0 is DD.
};
static_assert(sizeof(AdvTxWb) == 16);

/// cmd_type_len fields of AdvTxRead (82599 7.2.3.2.4, 82576 7.2.2.3).
inline constexpr uint32_t kTxDtypData = 0x3u << 20;  ///< DTYP 0011: advanced data descriptor.
inline constexpr uint32_t kTxCmdEop = 1u << 24;      ///< End of packet.
inline constexpr uint32_t kTxCmdIfcs = 1u << 25;     ///< Insert the FCS (Ethernet CRC).
inline constexpr uint32_t kTxCmdRs = 1u << 27;       ///< Report status: write DD back.
inline constexpr uint32_t kTxCmdDext = 1u << 29;     ///< Descriptor extension: advanced format.
inline constexpr uint32_t kTxLenMask = 0xffffu;      ///< DTALEN.
inline constexpr uint32_t kTxPaylenShift = 14;       ///< olinfo_status PAYLEN position.
inline constexpr uint32_t kTxStatusDd = 1u << 0;     ///< AdvTxWb::status: descriptor done.

}  // namespace driver_ixgbe
