// axdriver/src/pci_access.cpp: the kernel's two ways into PCI configuration space, ECAM
// (memory mapped, found through ACPI's MCFG table) and the legacy 0xCF8/0xCFC ports, and the
// choice between them. Kernel only: pci.cpp does the rest over the ConfigAccess chosen here.
#include <axdriver/pci.h>
#include <axhal/acpi.h>
#include <axhal/cpu.h>
#include <axhal/layout.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <axlog/log.h>

#include <cstring>

namespace axdriver::pci {
namespace {

// What a read of a function that does not exist returns (PCI 3.0 6.2.1).
constexpr uint32_t kAllOnes = 0xffffffff;

// ECAM (PCIe 4.0 7.2.2): every function's 4 KiB configuration space is memory mapped at
// base + (bus << 20 | device << 15 | function << 12). MCFG gives the base of bus 0 even when
// the first bus decoded is not 0 (PCI Firmware 3.0 table 4-3).
class EcamAccess final : public ConfigAccess {
public:
    /// Uses the region at physical @p base, which decodes buses @p start_bus..@p end_bus.
    void set(uint64_t base, uint8_t start_bus, uint8_t end_bus) {
        m_base = base;
        m_start_bus = start_bus;
        m_end_bus = end_bus;
    }

    uint32_t read32(Bdf bdf, uint16_t offset) override {
        if (!covers(bdf, offset)) return kAllOnes;
        return axhal::mmio_read<uint32_t>(address(bdf, offset));
    }

    void write32(Bdf bdf, uint16_t offset, uint32_t value) override {
        if (covers(bdf, offset)) axhal::mmio_write<uint32_t>(address(bdf, offset), value);
    }

    uint16_t config_size() const override { return 4096; }

private:
    // Outside the buses MCFG names nothing is mapped: such functions read as absent.
    bool covers(Bdf bdf, uint16_t offset) const {
        return bdf.bus >= m_start_bus && bdf.bus <= m_end_bus && bdf.device < 32 &&
               bdf.function < 8 && offset < 4096;
    }

    uintptr_t address(Bdf bdf, uint16_t offset) const {
        uint64_t off = uint64_t(bdf.bus) << 20 | uint64_t(bdf.device) << 15 |
                       uint64_t(bdf.function) << 12 | (offset & 0xffcu);
        return axhal::phys_to_virt(axhal::PhysAddr{m_base + off});
    }

    uint64_t m_base = 0;
    uint8_t m_start_bus = 1;  // empty until set(): start above end
    uint8_t m_end_bus = 0;
};

// Configuration mechanism #1 (PCI 3.0 3.2.2.3.2): write the enable bit, bus, device,
// function and register to CONFIG_ADDRESS, then move the register through CONFIG_DATA. Only
// the first 256 bytes of each configuration space are reachable this way.
class PortAccess final : public ConfigAccess {
public:
    uint32_t read32(Bdf bdf, uint16_t offset) override {
        if (!covers(bdf, offset)) return kAllOnes;
        axhal::IrqGuard no_irqs;  // the address/data pair is one step, even for a handler
        axhal::outl(kConfigAddress, address(bdf, offset));
        return axhal::inl(kConfigData);
    }

    void write32(Bdf bdf, uint16_t offset, uint32_t value) override {
        if (!covers(bdf, offset)) return;
        axhal::IrqGuard no_irqs;
        axhal::outl(kConfigAddress, address(bdf, offset));
        axhal::outl(kConfigData, value);
    }

    uint16_t config_size() const override { return 256; }

private:
    static constexpr uint16_t kConfigAddress = 0xcf8;
    static constexpr uint16_t kConfigData = 0xcfc;

    static bool covers(Bdf bdf, uint16_t offset) {
        return bdf.device < 32 && bdf.function < 8 && offset < 256;
    }

    static uint32_t address(Bdf bdf, uint16_t offset) {
        return 0x80000000u | uint32_t(bdf.bus) << 16 | uint32_t(bdf.device) << 11 |
               uint32_t(bdf.function) << 8 | (offset & 0xfcu);
    }
};

// MCFG (PCI Firmware 3.0 section 4.1.2): the ACPI header, 8 reserved bytes, then one entry
// per segment and bus range.
struct [[gnu::packed]] McfgEntry {
    uint64_t base;      // ECAM base address (of bus 0)
    uint16_t segment;   // PCI segment group
    uint8_t start_bus;  // first bus decoded
    uint8_t end_bus;    // last bus decoded
    uint32_t reserved;
};
static_assert(sizeof(McfgEntry) == 16);
constexpr size_t kMcfgEntries = sizeof(axhal::acpi::SdtHeader) + 8;

// One MiB of ECAM per bus (PCIe 4.0 7.2.2: 32 devices x 8 functions x 4 KiB).
constexpr uint64_t kEcamBusSize = uint64_t(1) << 20;

constinit EcamAccess g_ecam;
constinit PortAccess g_ports;
ConfigAccess* g_access;  // chosen on the first config_access()

// Sets g_ecam up from MCFG's segment 0 entry. False if there is none or it is unusable.
bool ecam_from_mcfg() {
    const axhal::acpi::SdtHeader* mcfg = axhal::acpi::find_table("MCFG");
    if (!mcfg) return false;
    if (mcfg->length < kMcfgEntries) {
        axlog::warn("pci: MCFG of {} bytes is too short", mcfg->length);
        return false;
    }
    size_t n = (mcfg->length - kMcfgEntries) / sizeof(McfgEntry);
    const auto* entries = reinterpret_cast<const uint8_t*>(mcfg) + kMcfgEntries;
    for (size_t i = 0; i < n; ++i) {
        McfgEntry e;
        std::memcpy(&e, entries + i * sizeof(e), sizeof(e));
        if (e.segment != 0) continue;
        // The region up to the last bus must be 1 MiB aligned and inside the direct map.
        uint64_t span = (uint64_t(e.end_bus) + 1) * kEcamBusSize;
        if (e.start_bus > e.end_bus || e.base % kEcamBusSize != 0 || e.base >= AX_DIRECT_MAP_SIZE ||
            span > AX_DIRECT_MAP_SIZE - e.base) {
            axlog::warn("pci: MCFG entry base {:#x}, buses {}..{} is unusable", e.base, e.start_bus,
                        e.end_bus);
            return false;
        }
        g_ecam.set(e.base, e.start_bus, e.end_bus);
        axlog::info("pci: ECAM at {:#x}, buses {}..{}", e.base, e.start_bus, e.end_bus);
        return true;
    }
    axlog::warn("pci: MCFG has no entry for segment 0");
    return false;
}

}  // namespace

ConfigAccess& config_access() {
    if (!g_access) {
        if (ecam_from_mcfg()) {
            g_access = &g_ecam;
        } else {
            axlog::warn("pci: no usable ECAM; legacy ports 0xcf8/0xcfc, 256-byte config spaces");
            g_access = &g_ports;
        }
    }
    return *g_access;
}

}  // namespace axdriver::pci
