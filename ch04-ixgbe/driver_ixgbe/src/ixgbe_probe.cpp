// driver_ixgbe/src/ixgbe_probe.cpp: the kernel side of the Intel driver, what ArceOS keeps in
// axdriver (ixgbe.rs): the IxgbeHal over axhal and axalloc, the MSI-X vector for receive
// queue 0, and the two registry entries, `ixgbe` for the 82599 family and `igb` for the 82576
// family. The command line `msix=0` makes the driver poll instead (QEMU's igb has no
// `vectors` property to take MSI-X away).
#include <axalloc/axalloc.h>
#include <axdriver/msix.h>
#include <axdriver/registry.h>
#include <axhal/cpu.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <axhal/time.h>
#include <axhal/trap.h>
#include <axlog/log.h>
#include <axruntime/axruntime.h>
#include <driver_ixgbe/ixgbe_nic.h>

#include <new>

namespace driver_ixgbe {
namespace {

namespace pci = axdriver::pci;
using driver_net::NetDriverOps;

/// IxgbeHal in the kernel (chapter 4, section 4).
class AxIxgbeHal final : public IxgbeHal {
public:
    DevResult<DmaBlock> dma_alloc(size_t size) override {
        auto r = axalloc::dma_alloc(size);
        if (!r.ok()) return DevError::NoMemory;
        return DmaBlock{r.value().virt, r.value().phys.value, r.value().size};
    }
    void dma_dealloc(const DmaBlock& b) override {
        (void)axalloc::dma_free({b.virt, axhal::PhysAddr{b.phys}, b.size});
    }
    DevResult<> mmio_map(uint64_t phys, size_t size) override {
        if (phys + size > AX_DIRECT_MAP_SIZE) return DevError::Unsupported;
        m_base = axhal::phys_to_virt(axhal::PhysAddr{phys});  // the direct map covers MMIO
        return {};
    }
    uint32_t read32(uint32_t offset) override {
        return axhal::mmio_read<uint32_t>(m_base + offset);
    }
    void write32(uint32_t offset, uint32_t value) override {
        axhal::mmio_write<uint32_t>(m_base + offset, value);  // x86: after earlier stores
    }
    uint64_t now_ns() override { return axhal::monotonic_ns(); }
    void relax() override { axhal::pause(); }

private:
    uintptr_t m_base = 0;
};

IxgbeNic* g_by_vector[256];

void irq_handler(axhal::TrapFrame& frame) {
    // EIAC already cleared the cause; the woken code polls the ring.
    if (IxgbeNic* nic = g_by_vector[frame.vector]) nic->on_rx_interrupt();
    axhal::lapic_eoi();
}

AX_CMDLINE_ARGS("msix");  // msix=0: poll instead of taking an interrupt

// Routes MSI-X entry kRxMsixEntry to a fresh CPU vector; 0 if MSI-X is off or unavailable.
uint8_t route_msix(const pci::PciDevice& dev) {
    if (axruntime::cmdline_value("msix") == "0") return 0;
    auto info = pci::read_msix(pci::config_access(), dev);
    if (!info.ok()) return 0;
    uint8_t vector = axhal::alloc_trap_vector(irq_handler);
    if (!vector) return 0;
    if (!pci::msix_route(pci::config_access(), dev, info.value(), IxgbeNic::kRxMsixEntry, vector)
             .ok()) {
        axhal::free_trap_vector(vector);
        return 0;
    }
    return vector;
}

driver_common::DevResult<NetDriverOps*> probe(const pci::PciDevice& dev, const ChipMap& chip) {
    const pci::Bar& bar =
        dev.bars[0];  // BAR0: the registers, 128 KiB (82599 9.3.6.1, 82576 9.4.11)
    if ((bar.kind != pci::Bar::Kind::Memory32 && bar.kind != pci::Bar::Kind::Memory64) ||
        bar.size < 0x20000) {
        return DevError::Unsupported;
    }
    auto* hal = new (std::nothrow) AxIxgbeHal();
    if (!hal) return DevError::NoMemory;
    if (auto r = hal->mmio_map(bar.address, bar.size); !r.ok()) {
        delete hal;
        return r.error();
    }
    uint8_t vector = route_msix(dev);
    IxgbeNic::Options opt;
    opt.msix = vector != 0;
    auto nic = IxgbeNic::create(*hal, chip, opt);
    if (!nic.ok()) {
        if (vector) axhal::free_trap_vector(vector);
        delete hal;
        return nic.error();
    }
    if (vector) g_by_vector[vector] = nic.value();
    return static_cast<NetDriverOps*>(nic.value());
}

// The 82599 family (82599 datasheet 9.3.3.1 and the specification update's device IDs).
constexpr axdriver::PciId kIxgbeIds[] = {
    {0x8086, 0x10f7}, {0x8086, 0x10f8}, {0x8086, 0x10f9}, {0x8086, 0x10fb}, {0x8086, 0x10fc},
    {0x8086, 0x1507}, {0x8086, 0x1514}, {0x8086, 0x1517}, {0x8086, 0x151c}, {0x8086, 0x1529},
    {0x8086, 0x152a}, {0x8086, 0x154d}, {0x8086, 0x1557},
};
// The 82576 family (82576 datasheet 9.4.3 and its specification update); QEMU's igb is 10c9.
constexpr axdriver::PciId kIgbIds[] = {
    {0x8086, 0x10c9}, {0x8086, 0x10e6}, {0x8086, 0x10e7}, {0x8086, 0x10e8},
    {0x8086, 0x150a}, {0x8086, 0x150d}, {0x8086, 0x1518}, {0x8086, 0x1526},
};

driver_common::DevResult<NetDriverOps*> probe_ixgbe(const pci::PciDevice& dev) {
    return probe(dev, kChip82599);
}
driver_common::DevResult<NetDriverOps*> probe_igb(const pci::PciDevice& dev) {
    return probe(dev, kChip82576);
}

}  // namespace

AX_REGISTER_DRIVER(ixgbe_driver, {
                                     .name = "ixgbe",
                                     .bus = axdriver::DriverEntry::Bus::Pci,
                                     .ids = kIxgbeIds,
                                     .num_ids = sizeof(kIxgbeIds) / sizeof(kIxgbeIds[0]),
                                     .probe_pci = probe_ixgbe,
                                     .probe_virtual = nullptr,
                                     .type_tag = &IxgbeNic::kTypeTag,
                                 });
AX_REGISTER_DRIVER(igb_driver, {
                                   .name = "igb",
                                   .bus = axdriver::DriverEntry::Bus::Pci,
                                   .ids = kIgbIds,
                                   .num_ids = sizeof(kIgbIds) / sizeof(kIgbIds[0]),
                                   .probe_pci = probe_igb,
                                   .probe_virtual = nullptr,
                                   .type_tag = &IxgbeNic::kTypeTag,
                               });

}  // namespace driver_ixgbe
