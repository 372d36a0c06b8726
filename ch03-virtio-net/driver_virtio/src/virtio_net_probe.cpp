// driver_virtio/src/virtio_net_probe.cpp: virtio-net registers itself with axdriver for the
// transitional (1af4:1000) and modern (1af4:1041) virtio-net PCI IDs (virtio 1.2 4.1.2).
#include <axdriver/registry.h>
#include <driver_virtio/virtio_net.h>

namespace driver_virtio {
namespace {

constexpr axdriver::PciId kIds[] = {{0x1af4, 0x1000}, {0x1af4, 0x1041}};

driver_common::DevResult<driver_net::NetDriverOps*> probe(const axdriver::pci::PciDevice& dev) {
    auto r = VirtioNetDev::create(dev);
    if (!r.ok()) return r.error();
    return static_cast<driver_net::NetDriverOps*>(r.value());
}

}  // namespace

AX_REGISTER_DRIVER(virtio_net_driver, {
                                          .name = "virtio-net",
                                          .bus = axdriver::DriverEntry::Bus::Pci,
                                          .ids = kIds,
                                          .num_ids = 2,
                                          .probe_pci = probe,
                                          .probe_virtual = nullptr,
                                          .type_tag = &VirtioNetDev::kTypeTag,
                                      });

}  // namespace driver_virtio
