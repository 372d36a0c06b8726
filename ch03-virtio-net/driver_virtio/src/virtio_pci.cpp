// driver_virtio/src/virtio_pci.cpp: the modern virtio PCI transport (virtio 1.2 section 4.1).
#include <axhal/cpu.h>
#include <axhal/layout.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <driver_virtio/virtio_pci.h>
#include <driver_virtio/virtio_spec.h>

namespace driver_virtio {

using axhal::mmio_read;
using axhal::mmio_write;
namespace pci = axdriver::pci;

namespace {

// struct virtio_pci_cap (4.1.4): after the generic {id, next}: cap_len, cfg_type, bar, id,
// padding[2], offset (le32), length (le32); the notify capability adds notify_off_multiplier.
struct VirtioCap {
    uint8_t cfg_type, bar;
    uint32_t offset, length;
};

VirtioCap read_cap(pci::ConfigAccess& cfg, pci::Bdf bdf, uint8_t at) {
    return {pci::read8(cfg, bdf, uint16_t(at + 3)), pci::read8(cfg, bdf, uint16_t(at + 4)),
            cfg.read32(bdf, uint16_t(at + 8)), cfg.read32(bdf, uint16_t(at + 12))};
}

// The virtual address of [offset, offset + length) in BAR @p bar, checked.
DevResult<uintptr_t> map(const pci::PciDevice& dev, const VirtioCap& c, uint32_t min_len) {
    if (c.bar > 5) return DevError::InvalidParam;
    const pci::Bar& b = dev.bars[c.bar];
    if (b.kind == pci::Bar::Kind::Io || b.kind == pci::Bar::Kind::None)
        return DevError::Unsupported;
    if (c.length < min_len || c.offset > b.size || c.length > b.size - c.offset) {
        return DevError::InvalidParam;
    }
    if (b.address + b.size > AX_DIRECT_MAP_SIZE) return DevError::Unsupported;
    return axhal::phys_to_virt(axhal::PhysAddr{b.address + c.offset});
}

}  // namespace

DevResult<> VirtioPciTransport::init(pci::ConfigAccess& cfg, const pci::PciDevice& dev) {
    bool have_common = false, have_notify = false, have_isr = false;
    for (size_t i = 0; i < dev.num_caps; ++i) {
        if (dev.caps[i].id != pci::kCapVendorSpecific) continue;
        uint8_t at = dev.caps[i].offset;
        VirtioCap c = read_cap(cfg, dev.bdf, at);
        // 4.1.4: use the first capability of each type that the driver can use; skip the rest.
        if (c.cfg_type == kPciCapCommonCfg && !have_common) {
            if (auto m = map(dev, c, kCommonCfgMinLen); m.ok()) m_common = m.value(), have_common = true;
        } else if (c.cfg_type == kPciCapNotifyCfg && !have_notify) {
            if (auto m = map(dev, c, 2); m.ok()) {
                m_notify = m.value(), m_notify_len = c.length, have_notify = true;
                m_notify_multiplier = cfg.read32(dev.bdf, uint16_t(at + 16));
            }
        } else if (c.cfg_type == kPciCapIsrCfg && !have_isr) {
            if (auto m = map(dev, c, 1); m.ok()) m_isr = m.value(), have_isr = true;
        } else if (c.cfg_type == kPciCapDeviceCfg && m_device == 0) {
            if (auto m = map(dev, c, 1); m.ok()) m_device = m.value(), m_device_len = c.length;
        }
    }
    if (!have_common || !have_notify || !have_isr) {
        axlog::warn("virtio: {:04x}:{:04x} has no usable modern (virtio 1.x) interface; "
                    "legacy-only devices are not supported",
                    dev.vendor_id, dev.device_id);
        return DevError::Unsupported;
    }
    return {};
}

DevResult<> VirtioPciTransport::reset() {
    if (m_common == 0) return DevError::BadState;  // init() never found the device's registers
    mmio_write<uint8_t>(m_common + kDeviceStatus, 0);
    uint64_t start = axhal::monotonic_ns();
    while (mmio_read<uint8_t>(m_common + kDeviceStatus) != 0) {
        if (axhal::monotonic_ns() - start > 1000000000) return DevError::Io;
        axhal::pause();
    }
    return {};
}

uint8_t VirtioPciTransport::status() const {
    return mmio_read<uint8_t>(m_common + kDeviceStatus);
}

void VirtioPciTransport::add_status(uint8_t bits) {
    mmio_write<uint8_t>(m_common + kDeviceStatus, uint8_t(status() | bits));
}

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

DevResult<> VirtioPciTransport::setup_queue(uint16_t q, uint16_t size, uint64_t desc,
                                            uint64_t avail, uint64_t used, uint16_t msix_vector) {
    uint16_t max = queue_max_size(q);  // also selects q
    if (q >= kMaxQueues || max == 0 || size == 0 || size > max) return DevError::InvalidParam;
    mmio_write<uint16_t>(m_common + kQueueSize, size);
    mmio_write<uint64_t>(m_common + kQueueDesc, desc);
    mmio_write<uint64_t>(m_common + kQueueDriver, avail);
    mmio_write<uint64_t>(m_common + kQueueDevice, used);
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

void VirtioPciTransport::notify(uint16_t q) const {
    if (q < kMaxQueues && m_queue_notify[q]) mmio_write<uint16_t>(m_queue_notify[q], q);
}

uint8_t VirtioPciTransport::device_config8(uint16_t offset) const {
    if (m_device == 0 || offset >= m_device_len) return 0;
    uint8_t v = 0;
    for (int tries = 0; tries < 16; ++tries) {  // bounded: a device must not hang the driver
        // 4.1.4.3.1: re-read if the configuration changed while we read it
        uint8_t gen = mmio_read<uint8_t>(m_common + kConfigGeneration);
        v = mmio_read<uint8_t>(m_device + offset);
        if (gen == mmio_read<uint8_t>(m_common + kConfigGeneration)) break;
    }
    return v;
}

}  // namespace driver_virtio
