/// @file axdriver/pci.h
/// @brief PCI as a driver framework meets it (PCI Local Bus 3.0 chapter 6, PCIe Base 4.0
/// chapter 7): configuration space access (ECAM, found through the ACPI MCFG table, or the
/// legacy 0xCF8/0xCFC ports), enumeration of every bus/device/function, BAR decoding and
/// sizing, and the capability list walk. Everything read from configuration space is checked:
/// a capability list that loops, a pointer out of range or a BAR that sizes to nonsense ends in
/// an error value, never a hang.
#pragma once
#include <driver_common/driver_common.h>

#include <cstddef>
#include <cstdint>

namespace axdriver::pci {

using driver_common::DevError;
using driver_common::DevResult;

/// A function's address: bus, device (0..31), function (0..7).
struct Bdf {
    uint8_t bus = 0;       ///< Bus number.
    uint8_t device = 0;    ///< Device number, 0..31.
    uint8_t function = 0;  ///< Function number, 0..7.
    /// Addresses compare field by field.
    bool operator==(const Bdf&) const = default;
};

/// How configuration space is read and written. ECAM and the legacy ports implement it in the
/// kernel; the host tests implement it over fake configuration spaces.
class ConfigAccess {
public:
    /// Reads the aligned 32-bit register at @p offset (0..4092) of @p bdf. A function that does
    /// not exist reads as all ones.
    virtual uint32_t read32(Bdf bdf, uint16_t offset) = 0;
    /// Writes the aligned 32-bit register at @p offset of @p bdf.
    virtual void write32(Bdf bdf, uint16_t offset, uint32_t value) = 0;
    /// Size of each function's configuration space: 4096 (ECAM) or 256 (legacy ports).
    virtual uint16_t config_size() const = 0;

protected:
    ~ConfigAccess() = default;
};

/// Reads a 16-bit register (at an even offset).
uint16_t read16(ConfigAccess& cfg, Bdf bdf, uint16_t offset);
/// Reads an 8-bit register.
uint8_t read8(ConfigAccess& cfg, Bdf bdf, uint16_t offset);

/// One decoded Base Address Register.
struct Bar {
    /// What the BAR maps.
    enum class Kind : uint8_t { None, Memory32, Memory64, Io };
    Kind kind = Kind::None;     ///< None: not implemented (or the upper half of a 64-bit BAR).
    bool prefetchable = false;  ///< Memory BARs: prefetchable.
    uint64_t address = 0;       ///< Base address (physical, or I/O port).
    uint64_t size = 0;          ///< Size in bytes (a power of two).
};

/// Capability IDs this framework knows by name (PCI 3.0 appendix H).
enum CapabilityId : uint8_t {
    kCapPowerManagement = 0x01,
    kCapMsi = 0x05,
    kCapVendorSpecific = 0x09,
    kCapPciExpress = 0x10,
    kCapMsix = 0x11,
};

/// One entry of the capability list.
struct Capability {
    uint8_t id = 0;      ///< Capability ID.
    uint8_t offset = 0;  ///< Where it starts in configuration space.
};

/// A function found by enumeration, with what a driver needs to decide and to start.
struct PciDevice {
    Bdf bdf;                             ///< Where it is.
    uint16_t vendor_id = 0;              ///< Vendor (0x1af4 Red Hat/virtio, 0x8086 Intel).
    uint16_t device_id = 0;              ///< Device.
    uint8_t class_code = 0;              ///< Base class (0x02: network controller).
    uint8_t subclass = 0;                ///< Subclass.
    uint8_t prog_if = 0;                 ///< Programming interface.
    uint8_t revision = 0;                ///< Revision ID.
    uint8_t header_type = 0;             ///< Header layout (0: device, 1: bridge), without bit 7.
    uint8_t interrupt_line = 0;          ///< Legacy interrupt line.
    Bar bars[6];                         ///< Decoded BARs (bridges: only 0 and 1).
    Capability caps[16];                 ///< Capabilities in list order.
    size_t num_caps = 0;                 ///< Entries used in caps.
    DevError error{};                    ///< Set (non-zero) if BARs or capabilities were malformed.
    const char* error_detail = nullptr;  ///< What was malformed, for the log.
};

/// Decodes and sizes the BARs of @p bdf into @p bars (writes all ones, reads the mask back,
/// restores the original value: PCI 3.0 section 6.2.5.1). Memory and I/O decoding are
/// turned off while sizing. @p count is 6 for devices and 2 for bridges. Errors:
/// InvalidParam (a BAR sizes to nonsense: a mask that is not a power-of-two size, or a 64-bit
/// BAR in the last slot; or it sits at address 0, never assigned, or its address + size runs
/// past the top of its address space), with @p detail naming the BAR.
[[nodiscard]] DevResult<> read_bars(ConfigAccess& cfg, Bdf bdf, Bar* bars, size_t count,
                                    const char** detail);

/// Walks the capability list of @p bdf into @p caps (at most @p max entries), setting @p n.
/// Errors: InvalidParam (a pointer below 0x40, past the end of configuration space or not
/// 4-byte aligned; a list that loops; more than @p max entries), with @p detail saying which.
[[nodiscard]] DevResult<> read_capabilities(ConfigAccess& cfg, Bdf bdf, Capability* caps,
                                            size_t max, size_t& n, const char** detail);

/// Finds capability @p id in @p dev; nullptr if it has none.
const Capability* find_capability(const PciDevice& dev, uint8_t id);

/// Calls @p visit for every function present on every bus (0..255, all 32 devices, all 8
/// functions of multi-function devices), with its identity, BARs and capabilities decoded.
/// A malformed function is still visited, with PciDevice::error set. Returns the number found.
size_t enumerate(ConfigAccess& cfg, void (*visit)(const PciDevice&, void*), void* ctx);

/// Turns on memory and I/O decoding and bus mastering (DMA) for @p bdf (command register).
void enable_device(ConfigAccess& cfg, Bdf bdf);

/// The configuration access the kernel uses: ECAM if ACPI's MCFG describes it (segment 0),
/// else the legacy ports. Valid after axdriver::init() (kernel only).
ConfigAccess& config_access();

/// Name of a capability ID ("MSI-X"), or "unknown".
const char* capability_name(uint8_t id);

}  // namespace axdriver::pci
