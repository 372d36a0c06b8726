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
/// with sizes, capabilities, and the matched driver or "no driver"), probes the registered
/// drivers and returns the devices. With @p only_type (a device class's `&kTypeTag`, as a
/// static build's init_drivers passes), drivers of other classes are not started at all (a
/// debug line names each): a kernel built for one NIC type brings up no device it cannot use.
/// Runs once; later calls return the first call's result, whatever their argument.
const ProbeResult& probe_all(const void* only_type = nullptr);

}  // namespace axdriver
