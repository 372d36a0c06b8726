/// @file driver_virtio/virtio_spec.h
/// @brief Constants and layouts from the virtio 1.2 specification (OASIS, 2022) that the
/// transport, the virtqueues and virtio-net use. Section numbers are the specification's.
#pragma once
#include <cstdint>

namespace driver_virtio {

/// Device status bits (2.1).
enum Status : uint8_t {
    kStatusAcknowledge = 1,        ///< The guest found the device.
    kStatusDriver = 2,             ///< The guest has a driver for it.
    kStatusDriverOk = 4,           ///< The driver is ready: the device may run.
    kStatusFeaturesOk = 8,         ///< The driver accepted the features; the device agreed.
    kStatusDeviceNeedsReset = 64,  ///< The device hit an error it cannot recover from.
    kStatusFailed = 128,           ///< The driver gave up on the device.
};

/// Feature bits this code knows (2.2, 5.1.3, 6).
enum Feature : uint64_t {
    kNetFMac = 1ull << 5,           ///< virtio-net: the device config holds a MAC address.
    kNetFMrgRxbuf = 1ull << 15,     ///< virtio-net: receive buffers may be merged.
    kNetFStatus = 1ull << 16,       ///< virtio-net: the device config holds the link status.
    kFIndirectDesc = 1ull << 28,    ///< Indirect descriptor tables.
    kFEventIdx = 1ull << 29,        ///< used_event / avail_event notification suppression.
    kFVersion1 = 1ull << 32,        ///< Compliant with virtio 1.x (not legacy).
    kFAccessPlatform = 1ull << 33,  ///< The device sits behind an IOMMU.
};

/// PCI vendor capability types (4.1.4).
enum PciCapType : uint8_t {
    kPciCapCommonCfg = 1,  ///< Common configuration.
    kPciCapNotifyCfg = 2,  ///< Notifications.
    kPciCapIsrCfg = 3,     ///< ISR status.
    kPciCapDeviceCfg = 4,  ///< Device-specific configuration.
    kPciCapPciCfg = 5,     ///< PCI configuration access.
};

/// The common configuration structure, as offsets (4.1.4.3, struct virtio_pci_common_cfg).
enum CommonCfg : uint16_t {
    kDeviceFeatureSelect = 0x00,  ///< le32
    kDeviceFeature = 0x04,        ///< le32
    kDriverFeatureSelect = 0x08,  ///< le32
    kDriverFeature = 0x0c,        ///< le32
    kConfigMsixVector = 0x10,     ///< le16
    kNumQueues = 0x12,            ///< le16
    kDeviceStatus = 0x14,         ///< u8
    kConfigGeneration = 0x15,     ///< u8
    kQueueSelect = 0x16,          ///< le16
    kQueueSize = 0x18,            ///< le16
    kQueueMsixVector = 0x1a,      ///< le16
    kQueueEnable = 0x1c,          ///< le16
    kQueueNotifyOff = 0x1e,       ///< le16
    kQueueDesc = 0x20,            ///< le64
    kQueueDriver = 0x28,          ///< le64 (the available ring)
    kQueueDevice = 0x30,          ///< le64 (the used ring)
    kCommonCfgMinLen = 0x38,      ///< Length of the fields above.
};

/// "No MSI-X vector" (4.1.4.3).
inline constexpr uint16_t kNoVector = 0xffff;

/// A split virtqueue descriptor (2.7.5).
struct VirtqDesc {
    uint64_t addr;   ///< Guest-physical address of the buffer.
    uint32_t len;    ///< Length in bytes.
    uint16_t flags;  ///< kDescFNext, kDescFWrite, kDescFIndirect.
    uint16_t next;   ///< Next descriptor of the chain, if kDescFNext.
};
static_assert(sizeof(VirtqDesc) == 16);

/// VirtqDesc::flags: the chain continues in `next`.
inline constexpr uint16_t kDescFNext = 1;
/// VirtqDesc::flags: the device writes this buffer (else it reads it).
inline constexpr uint16_t kDescFWrite = 2;
/// VirtqDesc::flags: the buffer is a table of descriptors.
inline constexpr uint16_t kDescFIndirect = 4;

/// The available ring's header (2.7.6): the driver writes it; ring[queue size] of
/// VirtqAvailElem follows, then used_event (a VirtqEvent).
struct VirtqAvailHdr {
    uint16_t flags;  ///< kAvailFNoInterrupt (without EVENT_IDX).
    uint16_t idx;    ///< Where the driver will put the next entry (free-running, wraps).
};
static_assert(sizeof(VirtqAvailHdr) == 4);

/// One entry of the available ring (2.7.6).
struct VirtqAvailElem {
    uint16_t id;  ///< Head of a descriptor chain the driver offers.
};
static_assert(sizeof(VirtqAvailElem) == 2);

/// The used ring's header (2.7.8): the device writes it; ring[queue size] of VirtqUsedElem
/// follows, then avail_event (a VirtqEvent).
struct VirtqUsedHdr {
    uint16_t flags;  ///< kUsedFNoNotify (without EVENT_IDX).
    uint16_t idx;    ///< Where the device will put the next entry (free-running, wraps).
};
static_assert(sizeof(VirtqUsedHdr) == 4);

/// One entry of the used ring (2.7.8).
struct VirtqUsedElem {
    uint32_t id;   ///< Head of the descriptor chain the device finished.
    uint32_t len;  ///< Bytes the device wrote into the chain.
};
static_assert(sizeof(VirtqUsedElem) == 8);

/// The index after each ring with VIRTIO_F_EVENT_IDX (2.7.10): used_event after the available
/// ring (written by the driver), avail_event after the used ring (written by the device).
struct VirtqEvent {
    uint16_t idx;  ///< The index at which the writer wants to hear from the other side.
};
static_assert(sizeof(VirtqEvent) == 2);

/// avail->flags: do not interrupt me (ignored with EVENT_IDX) (2.7.7).
inline constexpr uint16_t kAvailFNoInterrupt = 1;
/// used->flags: do not notify me (ignored with EVENT_IDX) (2.7.7).
inline constexpr uint16_t kUsedFNoNotify = 1;

/// The virtio-net header in front of every packet (5.1.6), 12 bytes with VERSION_1.
struct VirtioNetHdr {
    uint8_t flags;         ///< NEEDS_CSUM, DATA_VALID.
    uint8_t gso_type;      ///< GSO_NONE (0) here.
    uint16_t hdr_len;      ///< Unused without GSO.
    uint16_t gso_size;     ///< Unused without GSO.
    uint16_t csum_start;   ///< Unused without CSUM.
    uint16_t csum_offset;  ///< Unused without CSUM.
    uint16_t num_buffers;  ///< Buffers of a merged receive (1 without MRG_RXBUF).
};
static_assert(sizeof(VirtioNetHdr) == 12);

/// virtio-net's queues (5.1.2): receiveq1 and transmitq1.
inline constexpr uint16_t kNetRxQueue = 0;
/// See kNetRxQueue.
inline constexpr uint16_t kNetTxQueue = 1;

/// virtio-net device configuration offsets (5.1.4).
enum NetCfg : uint16_t {
    kNetCfgMac = 0,     ///< u8[6], with kNetFMac.
    kNetCfgStatus = 6,  ///< le16, with kNetFStatus: bit 0 link up.
};

}  // namespace driver_virtio
