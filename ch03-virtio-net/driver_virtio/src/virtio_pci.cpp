// driver_virtio/src/virtio_pci.cpp: the modern virtio PCI transport (virtio 1.2 section 4.1).
#include <axhal/cpu.h>
#include <axhal/layout.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <axhal/paging.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <driver_virtio/virtio_pci.h>
#include <driver_virtio/virtio_spec.h>

namespace driver_virtio {

using axhal::mmio_read;
using axhal::mmio_write;
namespace pci = axdriver::pci;

namespace {

// 4.1.3.1: 64-bit fields are written as two 32-bit accesses, the low half first.
void write64(uintptr_t at, uint64_t v) {
    mmio_write<uint32_t>(at, uint32_t(v));
    mmio_write<uint32_t>(at + sizeof(uint32_t), uint32_t(v >> 32));
}

// struct virtio_pci_cap (4.1.4): after the generic {id, next}: cap_len, cfg_type, bar, id,
// padding[2], offset (le32), length (le32); struct virtio_pci_notify_cap adds
// notify_off_multiplier (le32).
constexpr uint8_t kCapLenOff = 2;
constexpr uint8_t kCapCfgTypeOff = 3;
constexpr uint8_t kCapBarOff = 4;
constexpr uint8_t kCapOffsetOff = 8;
constexpr uint8_t kCapLengthOff = 12;
constexpr uint8_t kCapMultiplierOff = 16;
constexpr uint8_t kCapMinLen = 16;        // sizeof(struct virtio_pci_cap)
constexpr uint8_t kNotifyCapMinLen = 20;  // sizeof(struct virtio_pci_notify_cap)

struct VirtioCap {
    uint8_t cap_len, cfg_type, bar;
    uint32_t offset, length;
};

// Reads the capability at @p at: its first bytes, then the fields past them only if cap_len
// says they are there (a short capability reads as cap_len only, and is skipped).
VirtioCap read_cap(pci::ConfigAccess& cfg, pci::Bdf bdf, uint8_t at) {
    VirtioCap c{pci::read8(cfg, bdf, uint16_t(at + kCapLenOff)), 0, 0, 0, 0};
    if (c.cap_len < kCapMinLen) return c;
    c.cfg_type = pci::read8(cfg, bdf, uint16_t(at + kCapCfgTypeOff));
    c.bar = pci::read8(cfg, bdf, uint16_t(at + kCapBarOff));
    c.offset = cfg.read32(bdf, uint16_t(at + kCapOffsetOff));
    c.length = cfg.read32(bdf, uint16_t(at + kCapLengthOff));
    return c;
}

// The virtual address of [offset, offset + length) in BAR @p bar, checked, mapped uncached.
DevResult<uintptr_t> map(const pci::PciDevice& dev, const VirtioCap& c, uint32_t min_len) {
    if (c.bar > 5) return DevError::InvalidParam;
    const pci::Bar& b = dev.bars[c.bar];
    if (b.kind == pci::Bar::Kind::Io || b.kind == pci::Bar::Kind::None)
        return DevError::Unsupported;
    if (c.length < min_len || c.offset > b.size || c.length > b.size - c.offset) {
        return DevError::InvalidParam;
    }
    uintptr_t va = axhal::map_mmio(axhal::PhysAddr{b.address + c.offset}, c.length);
    if (va == 0) return DevError::Unsupported;  // above the direct map
    return va;
}

}  // namespace

// Chapter 3, 5.1: find the four structures through the vendor capabilities.
DevResult<> VirtioPciTransport::init(pci::ConfigAccess& cfg, const pci::PciDevice& dev) {
    bool have_common = false;
    bool have_notify = false;
    bool have_isr = false;
    for (size_t i = 0; i < dev.num_caps; ++i) {
        if (dev.caps[i].id != pci::kCapVendorSpecific) continue;
        uint8_t at = dev.caps[i].offset;
        VirtioCap c = read_cap(cfg, dev.bdf, at);
        if (c.cap_len < kCapMinLen) continue;  // too short to be a virtio structure
        // 4.1.4: use the first capability of each type that the driver can use; skip the rest.
        if (c.cfg_type == kPciCapCommonCfg && !have_common) {
            if (auto m = map(dev, c, kCommonCfgMinLen); m.ok()) {
                m_common = m.value();
                have_common = true;
            }
        } else if (c.cfg_type == kPciCapNotifyCfg && !have_notify) {
            if (c.cap_len < kNotifyCapMinLen) continue;  // no notify_off_multiplier
            if (auto m = map(dev, c, sizeof(uint16_t)); m.ok()) {
                m_notify = m.value();
                m_notify_len = c.length;
                m_notify_multiplier = cfg.read32(dev.bdf, uint16_t(at + kCapMultiplierOff));
                have_notify = true;
            }
        } else if (c.cfg_type == kPciCapIsrCfg && !have_isr) {
            if (auto m = map(dev, c, 1); m.ok()) {
                m_isr = m.value();
                have_isr = true;
            }
        } else if (c.cfg_type == kPciCapDeviceCfg && m_device == 0) {
            if (auto m = map(dev, c, 1); m.ok()) {
                m_device = m.value();
                m_device_len = c.length;
            }
        }
    }
    if (!have_common || !have_notify || !have_isr) {
        axlog::warn(
            "virtio: {:04x}:{:04x} has no usable modern (virtio 1.x) interface; "
            "legacy-only devices are not supported",
            dev.vendor_id, dev.device_id);
        return DevError::Unsupported;
    }
    return {};
}

// Chapter 3, 1.2 (step 1): 4.1.4.3.2, the device is reset when device_status reads back 0.
DevResult<> VirtioPciTransport::reset() {
    if (m_common == 0) return DevError::BadState;  // init() never found the device's registers
    mmio_write<uint8_t>(m_common + kDeviceStatus, 0);
    uint64_t start = axhal::monotonic_ns();
    while (mmio_read<uint8_t>(m_common + kDeviceStatus) != 0) {
        if (axhal::monotonic_ns() - start > kResetTimeoutNs) return DevError::Io;
        axhal::pause();
    }
    return {};
}

// Chapter 3, 1.2: the status byte (2.1).
uint8_t VirtioPciTransport::status() const {
    return mmio_read<uint8_t>(m_common + kDeviceStatus);
}

void VirtioPciTransport::add_status(uint8_t bits) {
    mmio_write<uint8_t>(m_common + kDeviceStatus, uint8_t(status() | bits));
}

// Chapter 3, 1.1: 64 feature bits as two 32-bit words, chosen by the select registers (4.1.4.3).
uint64_t VirtioPciTransport::device_features() const {
    mmio_write<uint32_t>(m_common + kDeviceFeatureSelect, 0);
    uint64_t lo = mmio_read<uint32_t>(m_common + kDeviceFeature);
    mmio_write<uint32_t>(m_common + kDeviceFeatureSelect, 1);
    uint64_t hi = mmio_read<uint32_t>(m_common + kDeviceFeature);
    return lo | (hi << 32);
}

void VirtioPciTransport::set_driver_features(uint64_t features) {
    mmio_write<uint32_t>(m_common + kDriverFeatureSelect, 0);
    mmio_write<uint32_t>(m_common + kDriverFeature, uint32_t(features));
    mmio_write<uint32_t>(m_common + kDriverFeatureSelect, 1);
    mmio_write<uint32_t>(m_common + kDriverFeature, uint32_t(features >> 32));
}

uint16_t VirtioPciTransport::num_queues() const {
    return mmio_read<uint16_t>(m_common + kNumQueues);
}

uint16_t VirtioPciTransport::queue_max_size(uint16_t q) const {
    if (q >= num_queues()) return 0;
    mmio_write<uint16_t>(m_common + kQueueSelect, q);
    return mmio_read<uint16_t>(m_common + kQueueSize);
}

// Chapter 3, 5.2: size, ring addresses, vector (read back), notification address, enable.
DevResult<> VirtioPciTransport::setup_queue(uint16_t q, uint16_t size, uint64_t desc,
                                            uint64_t avail, uint64_t used, uint16_t msix_vector) {
    uint16_t max = queue_max_size(q);  // also selects q
    if (q >= kMaxQueues || max == 0 || size == 0 || size > max) return DevError::InvalidParam;
    mmio_write<uint16_t>(m_common + kQueueSize, size);
    write64(m_common + kQueueDesc, desc);
    write64(m_common + kQueueDriver, avail);
    write64(m_common + kQueueDevice, used);
    mmio_write<uint16_t>(m_common + kQueueMsixVector, msix_vector);
    if (mmio_read<uint16_t>(m_common + kQueueMsixVector) != msix_vector) {
        return DevError::Unsupported;  // 4.1.5.1.2.1: the device could not allocate the vector
    }
    // The notification address of this queue never changes: compute it once (4.1.4.4), and
    // check the device's offset keeps it inside the notify structure.
    uint64_t off = uint64_t(mmio_read<uint16_t>(m_common + kQueueNotifyOff)) * m_notify_multiplier;
    if (off + 2 > m_notify_len) return DevError::InvalidParam;
    m_queue_notify[q] = m_notify + uintptr_t(off);
    mmio_write<uint16_t>(m_common + kQueueEnable, 1);
    return {};
}

void VirtioPciTransport::set_config_msix_vector(uint16_t vector) {
    mmio_write<uint16_t>(m_common + kConfigMsixVector, vector);
}

// Chapter 3, 5.2: one 16-bit write at the address setup_queue() computed (4.1.4.4).
void VirtioPciTransport::notify(uint16_t q) const {
    if (q < kMaxQueues && m_queue_notify[q]) mmio_write<uint16_t>(m_queue_notify[q], q);
}

// Chapter 3, 5.2. 2.5.1, 4.1.4.3.1: read the fields, and read them again if config_generation
// changed meanwhile; each field with its own width (4.1.3.1). Bounded: a device must not hang us.
DevResult<> VirtioPciTransport::read_device_config(uint16_t offset, void* out, size_t len,
                                                   size_t width) const {
    if (m_device == 0 || offset > m_device_len || len > m_device_len - offset) {
        return DevError::InvalidParam;
    }
    auto* bytes = static_cast<uint8_t*>(out);
    for (int tries = 0; tries < kConfigReadTries; ++tries) {
        uint8_t before = mmio_read<uint8_t>(m_common + kConfigGeneration);
        for (size_t i = 0; i < len; i += width) {
            uintptr_t at = m_device + offset + i;
            if (width == sizeof(uint16_t)) {
                uint16_t v = mmio_read<uint16_t>(at);
                __builtin_memcpy(bytes + i, &v, sizeof(v));
            } else {
                bytes[i] = mmio_read<uint8_t>(at);
            }
        }
        if (before == mmio_read<uint8_t>(m_common + kConfigGeneration)) return {};
    }
    return DevError::Again;
}

DevResult<> VirtioPciTransport::device_config_bytes(uint16_t offset, uint8_t* out,
                                                    size_t len) const {
    return read_device_config(offset, out, len, 1);
}

DevResult<uint16_t> VirtioPciTransport::device_config16(uint16_t offset) const {
    if (offset % sizeof(uint16_t)) return DevError::InvalidParam;
    uint16_t v = 0;
    if (auto r = read_device_config(offset, &v, sizeof(v), sizeof(v)); !r.ok()) return r.error();
    return v;
}

}  // namespace driver_virtio
