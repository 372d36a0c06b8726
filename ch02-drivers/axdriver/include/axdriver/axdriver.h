/// @file axdriver/axdriver.h
/// @brief The driver framework's boot step (ArceOS axdriver::init_drivers): enumerate PCI,
/// print what was found, probe every registered driver against it (and the virtual drivers),
/// and keep the devices that came up. all_devices.h turns them into AllDevices.
#pragma once
#include <axdriver/registry.h>

#include <cstddef>

namespace axdriver {

/// Most network devices the framework keeps.
inline constexpr size_t kMaxNetDevices = 8;

/// A device a driver brought up.
struct ProbedNetDevice {
    driver_net::NetDriverOps* dev;  ///< The device (lives until the kernel stops).
    const DriverEntry* driver;      ///< The driver that made it.
};

/// What probing found.
struct ProbeResult {
    ProbedNetDevice net[kMaxNetDevices];  ///< Network devices, in probe order.
    size_t num_net = 0;                   ///< Entries used in net.
    size_t pci_functions = 0;             ///< PCI functions enumerated.
};

/// Enumerates PCI (printing one line per function: bus:dev.fn, vendor:device, class, BARs
/// with sizes, capabilities, and the matched driver or "no driver"), probes every registered
/// driver and returns the devices. Runs once; later calls return the same result.
const ProbeResult& probe_all();

}  // namespace axdriver
