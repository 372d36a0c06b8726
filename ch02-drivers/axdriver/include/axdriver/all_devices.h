/// @file axdriver/all_devices.h
/// @brief AxNetDevice and AllDevices in the two modes of ArceOS's `dyn` feature, chosen per
/// build (CMake sets the macros):
/// - dynamic (AX_DRIVER_DYN=1): AxNetDevice is NetDriverOps, every call is virtual, any number
///   of devices of any drivers;
/// - static (AX_NET_DEVICE names the driver class, AX_NET_DEVICE_HEADER its header): AxNetDevice is
/// that one driver class (declared `final`),
///   calls are direct (and inlined where the callee's definition is visible, e.g. in its
///   header, or with link-time optimisation), one device.
/// The chapter compares the two (code size, cycles per call).
#pragma once
#include <axdriver/axdriver.h>
#include <axlog/log.h>

#if AX_DRIVER_DYN
namespace axdriver {
/// The network device type: any driver, through virtual calls.
using AxNetDevice = driver_net::NetDriverOps;
/// How many network devices AllDevices keeps.
inline constexpr size_t kNetDeviceSlots = kMaxNetDevices;
}  // namespace axdriver
#else
#if !defined(AX_NET_DEVICE) || !defined(AX_NET_DEVICE_HEADER)
#error "define AX_DRIVER_DYN=1, or AX_NET_DEVICE=<class> and AX_NET_DEVICE_HEADER=<header>"
#endif
#include AX_NET_DEVICE_HEADER
namespace axdriver {
/// The network device type: the one driver chosen at build time.
using AxNetDevice = AX_NET_DEVICE;
/// How many network devices AllDevices keeps.
inline constexpr size_t kNetDeviceSlots = 1;
}  // namespace axdriver
#endif

namespace axdriver {

/// Devices of one kind (ArceOS AxDeviceContainer): up to Slots of them.
template <class Dev, size_t Slots>
class AxDeviceContainer {
public:
    /// Adds @p dev; false if the container is full.
    bool push(Dev* dev) {
        if (m_count == Slots) return false;
        m_devs[m_count++] = dev;
        return true;
    }
    /// Number of devices.
    size_t size() const { return m_count; }
    /// Whether there is none.
    bool empty() const { return m_count == 0; }
    /// Device @p i.
    Dev* operator[](size_t i) const { return m_devs[i]; }
    /// Iteration.
    Dev* const* begin() const { return m_devs; }
    /// Iteration.
    Dev* const* end() const { return m_devs + m_count; }

private:
    Dev* m_devs[Slots] = {};
    size_t m_count = 0;
};

/// All devices the kernel drives (ArceOS AllDevices).
struct AllDevices {
    AxDeviceContainer<AxNetDevice, kNetDeviceSlots> net;  ///< Network devices.
};

/// Probes (axdriver::probe_all) and collects the devices this build's mode can hold. In the
/// static mode only drivers of the build's device class are started; a device of another
/// class (probed earlier by a direct probe_all() call), and devices beyond the first, are
/// left out with a warning.
inline AllDevices init_drivers() {
    AllDevices all;
#if AX_DRIVER_DYN
    const ProbeResult& r = probe_all();
#else
    const ProbeResult& r = probe_all(&AxNetDevice::kTypeTag);
#endif
    for (size_t i = 0; i < r.num_net; ++i) {
        const ProbedNetDevice& p = r.net[i];
#if AX_DRIVER_DYN
        AxNetDevice* dev = p.dev;
#else
        if (p.driver->type_tag != &AxNetDevice::kTypeTag) {
            axlog::warn(
                "axdriver: {} was started but this build drives another device type; "
                "left out",
                p.driver->name);
            continue;
        }
        auto* dev = static_cast<AxNetDevice*>(p.dev);
#endif
        if (!all.net.push(dev)) axlog::warn("axdriver: no room for {}; left out", p.driver->name);
    }
    return all;
}

}  // namespace axdriver
