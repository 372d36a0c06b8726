// driver_net/src/loopback_probe.cpp: the loopback NIC registers itself with axdriver as a
// virtual device; axdriver probes it at boot without knowing its name.
#include <axdriver/registry.h>
#include <driver_net/loopback.h>

#include <new>

namespace driver_net {
namespace {

// Enough transmit buffers for a full transmit queue plus a full completion queue.
constexpr size_t kTxPoolBuffers = 2 * LoopbackNic::kQueueSize;

driver_common::DevResult<NetDriverOps*> probe_loopback() {
    auto pool = NetBufPool::create(kTxPoolBuffers, NetBufPool::kMinBufferLen);
    if (!pool.ok()) return pool.error();
    // A locally administered unicast address (IEEE 802: bit 1 of the first byte set).
    auto* nic = new (std::nothrow) LoopbackNic(pool.value(), {{0x02, 0, 0, 0, 0, 0x01}});
    if (!nic) return DevError::NoMemory;
    return static_cast<NetDriverOps*>(nic);
}

}  // namespace

AX_REGISTER_DRIVER(loopback_driver, {
                                        .name = "loopback",
                                        .bus = axdriver::DriverEntry::Bus::Virtual,
                                        .ids = nullptr,
                                        .num_ids = 0,
                                        .probe_pci = nullptr,
                                        .probe_virtual = probe_loopback,
                                        .type_tag = &LoopbackNic::kTypeTag,
                                    });

}  // namespace driver_net
