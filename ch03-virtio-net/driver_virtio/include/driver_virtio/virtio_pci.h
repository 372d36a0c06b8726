/// @file driver_virtio/virtio_pci.h
/// @brief The virtio PCI transport, modern interface (virtio 1.2 section 4.1): the common,
/// notification, ISR and device configuration structures, found through the vendor-specific
/// capabilities of ch02's capability walk and reached through the BARs they name.
#pragma once
#include <axdriver/pci.h>
#include <driver_common/driver_common.h>

#include <cstdint>

namespace driver_virtio {

using driver_common::DevError;
using driver_common::DevResult;

/// Access to one virtio PCI function's registers (kernel only: MMIO through the direct map).
class VirtioPciTransport {
public:
    /// Locates the structures of @p dev (4.1.4): for each type, the first capability the driver
    /// can use (a later one is tried if an earlier one is shorter than its cap_len requires,
    /// points outside its BAR, into an I/O BAR or above the direct map). The structures' BARs
    /// are mapped uncached (axhal::map_mmio). Errors: Unsupported (a type has no usable
    /// capability: e.g. a legacy-only device without any).
    [[nodiscard]] DevResult<> init(axdriver::pci::ConfigAccess& cfg,
                                   const axdriver::pci::PciDevice& dev);

    /// Writes 0 to device_status and waits until the device reads back 0 (4.1.4.3.2). Errors:
    /// Io if it does not within kResetTimeoutNs, BadState if init() did not succeed.
    [[nodiscard]] DevResult<> reset();
    /// The device status byte.
    uint8_t status() const;
    /// Sets bits in the device status byte (the handshake only ever adds bits).
    void add_status(uint8_t bits);
    /// All 64 feature bits the device offers.
    uint64_t device_features() const;
    /// Tells the device which features the driver accepts.
    void set_driver_features(uint64_t features);
    /// Number of virtqueues the device has.
    uint16_t num_queues() const;
    /// Largest size of queue @p q (0: the queue does not exist).
    uint16_t queue_max_size(uint16_t q) const;
    /// Gives queue @p q its size, ring addresses and MSI-X vector (kNoVector for none), then
    /// enables it. Errors: InvalidParam (no such queue, q >= kMaxQueues, size above its
    /// maximum, a notification address outside the notify structure), Unsupported
    /// (the device refused the MSI-X vector: it reads back kNoVector).
    [[nodiscard]] DevResult<> setup_queue(uint16_t q, uint16_t size, uint64_t desc, uint64_t avail,
                                          uint64_t used, uint16_t msix_vector);
    /// Sets the MSI-X vector for configuration changes (kNoVector: none).
    void set_config_msix_vector(uint16_t vector);
    /// Notifies the device that queue @p q has new buffers (4.1.4.4).
    void notify(uint16_t q) const;
    /// Reads @p len bytes of the device-specific configuration at @p offset, one byte at a
    /// time (for byte arrays such as a MAC address), all between two reads of the
    /// configuration generation, so the group is consistent (2.5.1, 4.1.4.3.1). Errors:
    /// InvalidParam (outside device_config_len(), or no such structure), Again (the generation
    /// kept changing over kConfigReadTries attempts).
    [[nodiscard]] DevResult<> device_config_bytes(uint16_t offset, uint8_t* out, size_t len) const;
    /// Reads the 16-bit field at @p offset (even) of the device-specific configuration with one
    /// 16-bit access (4.1.3.1), checked against the generation. Errors: as device_config_bytes.
    [[nodiscard]] DevResult<uint16_t> device_config16(uint16_t offset) const;
    /// Attempts at a consistent configuration read before giving up.
    static constexpr int kConfigReadTries = 16;
    /// Length of the device-specific configuration structure.
    uint32_t device_config_len() const { return m_device_len; }

    /// Queues whose notification address is cached by setup_queue().
    static constexpr uint16_t kMaxQueues = 4;
    /// How long reset() waits for the device: one second.
    static constexpr uint64_t kResetTimeoutNs = 1'000'000'000;

private:
    DevResult<> read_device_config(uint16_t offset, void* out, size_t len, size_t width) const;

    uintptr_t m_common = 0;
    uintptr_t m_queue_notify[kMaxQueues] = {};
    uintptr_t m_notify = 0;
    uint32_t m_notify_len = 0;
    uint32_t m_notify_multiplier = 0;
    uintptr_t m_isr = 0;
    uintptr_t m_device = 0;
    uint32_t m_device_len = 0;
};

}  // namespace driver_virtio
