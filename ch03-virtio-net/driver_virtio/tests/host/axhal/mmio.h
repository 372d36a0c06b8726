/// @file axhal/mmio.h (host tests)
/// @brief The host tests' stand-in for axhal/mmio.h. It comes first on the include path of the
/// driver's host build (driver_virtio_host), so virtio_pci.cpp, virtio_net.cpp and
/// msix_route.cpp compile unchanged and every register access reaches the simulated device of
/// tests/sim_virtio_net.h, with its width, instead of memory.
#pragma once
#include <cstdint>

namespace axhal {
namespace host {

/// A simulated device's registers.
class MmioHandler {
public:
    /// Handles a read of @p width bytes at virtual @p addr if it is the device's; false if not.
    virtual bool read(uintptr_t addr, unsigned width, uint64_t& value) = 0;
    /// Handles a write of @p width bytes at virtual @p addr if it is the device's; false if not.
    virtual bool write(uintptr_t addr, unsigned width, uint64_t value) = 0;

protected:
    ~MmioHandler() = default;
};

/// Routes the accesses below to @p handler (nullptr: plain memory).
void set_mmio_handler(MmioHandler* handler);
/// A read of @p width bytes: the handler's, or memory's.
uint64_t mmio_access_read(uintptr_t addr, unsigned width);
/// A write of @p width bytes: the handler's, or memory's.
void mmio_access_write(uintptr_t addr, unsigned width, uint64_t value);

}  // namespace host

/// Reads a device register of type T at virtual address @p addr.
template <class T>
inline T mmio_read(uintptr_t addr) {
    return T(host::mmio_access_read(addr, sizeof(T)));
}

/// Writes @p v to a device register of type T at virtual address @p addr.
template <class T>
inline void mmio_write(uintptr_t addr, T v) {
    host::mmio_access_write(addr, sizeof(T), uint64_t(v));
}

}  // namespace axhal
