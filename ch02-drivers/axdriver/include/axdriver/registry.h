/// @file axdriver/registry.h
/// @brief The driver registry. A driver registers itself with AX_REGISTER_DRIVER in its own
/// source file; the entry lands in the `.axdriver_registry` linker section, and axdriver walks
/// the section at boot. axdriver never names a driver, so a kernel contains exactly the drivers
/// its stage links in (ArceOS does the same with Cargo features and a `register_net_driver!`).
#pragma once
#include <axdriver/pci.h>
#include <driver_net/net_driver_ops.h>

#include <cstddef>
#include <cstdint>

namespace axdriver {

/// A PCI vendor:device pair a driver handles.
struct PciId {
    uint16_t vendor;  ///< Vendor ID.
    uint16_t device;  ///< Device ID.
};

/// One registered driver. Aligned to 64 bytes so that the section is a gap-free array.
struct alignas(64) DriverEntry {
    /// How the driver finds its devices.
    enum class Bus : uint8_t {
        Pci,      ///< Probed for every PCI function matching one of `ids`.
        Virtual,  ///< Probed once at boot (devices without hardware, like the loopback NIC).
    };
    const char* name;  ///< Driver name, e.g. "virtio-net".
    Bus bus;           ///< Pci or Virtual.
    const PciId* ids;  ///< Bus::Pci: the vendor:device pairs matched.
    size_t num_ids;    ///< Entries in ids.
    /// Bus::Pci: creates a device for @p dev (already enabled for DMA). The device lives until
    /// the kernel stops. Errors: the driver's DevError (logged by axdriver).
    driver_common::DevResult<driver_net::NetDriverOps*> (*probe_pci)(const pci::PciDevice& dev);
    /// Bus::Virtual: creates the device.
    driver_common::DevResult<driver_net::NetDriverOps*> (*probe_virtual)();
    /// Identifies the driver's device class, so a build with one statically chosen device type
    /// (axdriver/all_devices.h) can convert safely: the address of the class's kTypeTag.
    const void* type_tag;
};

/// The registered drivers: [begin, end).
const DriverEntry* registry_begin();
/// One past the last registered driver.
const DriverEntry* registry_end();

}  // namespace axdriver

/// Registers a driver: `AX_REGISTER_DRIVER(loopback_entry, {...DriverEntry fields...});`
#define AX_REGISTER_DRIVER(ident, ...)                                                             \
    [[gnu::used, gnu::section(".axdriver_registry")]] static const ::axdriver::DriverEntry ident = \
        __VA_ARGS__
