// axdriver/src/pci.cpp: PCI enumeration, BAR sizing and the capability walk over any
// ConfigAccess (see axdriver/pci.h). Hardware-free: the kernel and the host tests
// (tests/pci_test.cpp) compile this same file. Every value read from a device is checked.
#include <axdriver/pci.h>

namespace axdriver::pci {
namespace {

// Type 0/1 header registers (PCI 3.0 section 6.1, figures 6-1 and 6-2).
constexpr uint16_t kRegVendorId = 0x00;
constexpr uint16_t kRegCommand = 0x04;
constexpr uint16_t kRegStatus = 0x06;
constexpr uint16_t kRegRevision = 0x08;  // then prog_if, subclass, class code
constexpr uint16_t kRegHeaderType = 0x0e;
constexpr uint16_t kRegBar0 = 0x10;
constexpr uint16_t kRegCapPointer = 0x34;
constexpr uint16_t kRegInterruptLine = 0x3c;

// Command register bits (PCI 3.0 6.2.2).
constexpr uint16_t kCmdIo = 1u << 0;
constexpr uint16_t kCmdMemory = 1u << 1;
constexpr uint16_t kCmdBusMaster = 1u << 2;
// Status register bit 4: the function has a capability list (PCI 3.0 6.2.3).
constexpr uint16_t kStatusCapList = 1u << 4;
// Header type bit 7: function 0 of a multi-function device (PCI 3.0 6.2.1).
constexpr uint8_t kHeaderMultiFunction = 0x80;
// Reads of a function that does not exist complete with all ones (PCI 3.0 6.2.1).
constexpr uint16_t kVendorAbsent = 0xffff;

constexpr size_t kMaxBars = 6;
constexpr size_t kMaxCaps = sizeof(PciDevice::caps) / sizeof(PciDevice::caps[0]);
// Standard capabilities live after the 64-byte header (PCI 3.0 6.7).
constexpr uint16_t kFirstCapOffset = 0x40;

// "BAR n: <what>" for each n: static strings, so PciDevice::error_detail can point at them.
#define AX_BAR_MESSAGES(what)                                                           \
    {                                                                                   \
        "BAR 0: " what, "BAR 1: " what, "BAR 2: " what, "BAR 3: " what, "BAR 4: " what, \
            "BAR 5: " what                                                              \
    }
constexpr const char* kMaskNotPowerOfTwo[kMaxBars] =
    AX_BAR_MESSAGES("size mask is not a power of two");
constexpr const char* kLast64[kMaxBars] = AX_BAR_MESSAGES("64-bit BAR in the last slot");
constexpr const char* kReservedType[kMaxBars] = AX_BAR_MESSAGES("reserved memory type 11");
constexpr const char* kUnassigned[kMaxBars] = AX_BAR_MESSAGES("address 0 (never assigned)");
constexpr const char* kPastEnd[kMaxBars] = AX_BAR_MESSAGES("address + size past the address space");
#undef AX_BAR_MESSAGES

DevResult<> fail(const char** detail, const char* what) {
    if (detail) *detail = what;
    return DevError::InvalidParam;
}

// Writes the command register. The 32-bit write also covers the status register, whose bits
// are read-only or write-1-to-clear (PCI 3.0 6.2.3): writing zeros there changes nothing.
void write_command(ConfigAccess& cfg, Bdf bdf, uint16_t command) {
    cfg.write32(bdf, kRegCommand, command);
}

// PCI 3.0 6.2.5.1: write all ones to a BAR, read back which address bits stick (the rest
// are hardwired to zero below the size), then restore the original value.
uint32_t size_mask(ConfigAccess& cfg, Bdf bdf, uint16_t reg, uint32_t original) {
    cfg.write32(bdf, reg, 0xffffffff);
    uint32_t mask = cfg.read32(bdf, reg);
    cfg.write32(bdf, reg, original);
    return mask;
}

// The size a mask of address bits stands for, ~mask + 1, if its set bits run down from the
// top without a gap (the size is then a power of two); 0 if they do not.
uint64_t size_of(uint64_t mask) {
    uint64_t low = ~mask;
    return (low & (low + 1)) == 0 ? low + 1 : 0;
}

// A decoded BAR the driver could be pointed at: not at address 0 (firmware never assigned it,
// and a driver would write over low memory) and not wrapping past the top of its address
// space (2^32 for 32-bit memory and I/O BARs, 2^64 for 64-bit ones).
DevResult<> check_placement(const Bar& bar, size_t i, uint64_t space_last, const char** detail) {
    if (bar.address == 0) return fail(detail, kUnassigned[i]);
    if (bar.size - 1 > space_last - bar.address) return fail(detail, kPastEnd[i]);
    return {};
}

// Decodes BAR @p i (and @p i + 1, the upper half of a 64-bit BAR, advancing @p i past it).
// Memory and I/O decoding are already off.
DevResult<> decode_bar(ConfigAccess& cfg, Bdf bdf, Bar* bars, size_t count, size_t& i,
                       const char** detail) {
    // LAB ch02.bar_decode: decode and size one BAR, I/O, 32- or 64-bit (chapter 2, 7.4)
    uint16_t reg = uint16_t(kRegBar0 + 4 * i);
    uint32_t original = cfg.read32(bdf, reg);
    uint32_t readback = size_mask(cfg, bdf, reg, original);
    Bar& bar = bars[i];

    if (original & 1) {  // I/O space BAR: bit 0 set, bit 1 reserved (PCI 3.0 6.2.5.1)
        uint32_t mask = readback & 0xfffffffc;
        if (mask == 0) return {};  // not implemented
        // A device that decodes only the 64 KiB x86 I/O space may hardwire bits 31:16 to zero.
        if ((mask & 0xffff0000) == 0) mask |= 0xffff0000;
        uint64_t size = size_of(0xffffffff00000000ull | mask);
        if (size == 0) return fail(detail, kMaskNotPowerOfTwo[i]);
        bar = {Bar::Kind::Io, false, original & 0xfffffffc, size};
        return check_placement(bar, i, UINT32_MAX, detail);
    }

    // Memory space BAR: bits 2:1 type, bit 3 prefetchable (PCI 3.0 6.2.5.1).
    uint32_t type = (original >> 1) & 3;
    bool prefetchable = original & 8;
    uint64_t address = original & 0xfffffff0;
    uint64_t mask = readback & 0xfffffff0;
    if (type == 3) return fail(detail, kReservedType[i]);
    if (type == 2) {  // 64-bit: this register holds the low half, the next one the high half
        if (i + 1 >= count) return fail(detail, kLast64[i]);
        uint16_t reg_hi = uint16_t(reg + 4);
        uint32_t original_hi = cfg.read32(bdf, reg_hi);
        uint32_t readback_hi = size_mask(cfg, bdf, reg_hi, original_hi);
        address |= uint64_t(original_hi) << 32;
        mask |= uint64_t(readback_hi) << 32;
        ++i;  // bars[i] (the upper half) stays Kind::None
        if (mask == 0) return {};
        uint64_t size = size_of(mask);
        if (size == 0) return fail(detail, kMaskNotPowerOfTwo[i - 1]);
        bar = {Bar::Kind::Memory64, prefetchable, address, size};
        return check_placement(bar, i - 1, UINT64_MAX, detail);
    }
    // Type 00: 32-bit. Type 01 meant "below 1 MiB" in PCI 2.1 and is reserved since 3.0; a
    // legacy device using it still has a 32-bit register, so it is decoded as one.
    if (mask == 0) return {};
    uint64_t size = size_of(0xffffffff00000000ull | mask);
    if (size == 0) return fail(detail, kMaskNotPowerOfTwo[i]);
    bar = {Bar::Kind::Memory32, prefetchable, address, size};
    return check_placement(bar, i, UINT32_MAX, detail);
    // LAB END
}

// Identity, BARs and capabilities of the function at @p bdf; the first malformation found
// goes into d.error.
void describe(ConfigAccess& cfg, Bdf bdf, PciDevice& d) {
    d = PciDevice{};
    d.bdf = bdf;
    uint32_t id = cfg.read32(bdf, kRegVendorId);
    d.vendor_id = uint16_t(id);
    d.device_id = uint16_t(id >> 16);
    uint32_t cls = cfg.read32(bdf, kRegRevision);
    d.revision = uint8_t(cls);
    d.prog_if = uint8_t(cls >> 8);
    d.subclass = uint8_t(cls >> 16);
    d.class_code = uint8_t(cls >> 24);
    d.header_type = uint8_t(read8(cfg, bdf, kRegHeaderType) & ~kHeaderMultiFunction);
    d.interrupt_line = read8(cfg, bdf, kRegInterruptLine);

    // Type 0 (device) headers have six BARs, type 1 (PCI-to-PCI bridge) two (PCI 3.0 6.1);
    // other layouts (CardBus bridges) are not decoded.
    size_t num_bars = d.header_type == 0 ? 6 : d.header_type == 1 ? 2 : 0;
    const char* detail = nullptr;
    if (num_bars) {
        DevResult<> bars = read_bars(cfg, bdf, d.bars, num_bars, &detail);
        if (!bars.ok()) {
            d.error = bars.error();
            d.error_detail = detail;
        }
    }
    DevResult<> caps = read_capabilities(cfg, bdf, d.caps, kMaxCaps, d.num_caps, &detail);
    if (!caps.ok() && d.error == DevError{}) {
        d.error = caps.error();
        d.error_detail = detail;
    }
}

}  // namespace

uint16_t read16(ConfigAccess& cfg, Bdf bdf, uint16_t offset) {
    uint32_t dword = cfg.read32(bdf, uint16_t(offset & ~3u));
    return uint16_t(dword >> ((offset & 2) * 8));
}

uint8_t read8(ConfigAccess& cfg, Bdf bdf, uint16_t offset) {
    uint32_t dword = cfg.read32(bdf, uint16_t(offset & ~3u));
    return uint8_t(dword >> ((offset & 3) * 8));
}

DevResult<> read_bars(ConfigAccess& cfg, Bdf bdf, Bar* bars, size_t count, const char** detail) {
    if (!bars || count > kMaxBars) return fail(detail, "no BAR array, or more than 6 BARs");
    for (size_t i = 0; i < count; ++i) bars[i] = Bar{};
    // PCI 3.0 6.2.5.1 (implementation note): turn decoding off while a BAR holds all ones,
    // so the device does not answer accesses meant for whatever lives at that address. (Linux
    // exempts host bridges, some of which misbehave with decoding off; QEMU's do not.)
    uint16_t command = read16(cfg, bdf, kRegCommand);
    write_command(cfg, bdf, command & ~(kCmdIo | kCmdMemory));
    DevResult<> result;
    for (size_t i = 0; i < count && result.ok(); ++i) {
        result = decode_bar(cfg, bdf, bars, count, i, detail);
    }
    write_command(cfg, bdf, command);
    return result;
}

DevResult<> read_capabilities(ConfigAccess& cfg, Bdf bdf, Capability* caps, size_t max, size_t& n,
                              const char** detail) {
    n = 0;
    if (!(read16(cfg, bdf, kRegStatus) & kStatusCapList)) return {};
    // Types 0 and 1 keep the list head at 0x34; CardBus bridges (type 2) at 0x14 are not walked.
    if ((read8(cfg, bdf, kRegHeaderType) & ~kHeaderMultiFunction) > 1) return {};

    // PCI 3.0 6.7: each entry is {ID, next pointer, ...}, DWORD aligned, after the header;
    // next pointer 0 ends the list. Bits 1:0 of every pointer are reserved and read as 00b;
    // software is told to mask them for future use, but no revision has given them a meaning,
    // so here a set bit is taken as a corrupt pointer rather than silently rounded down.
    // A visited bitmap (one bit per offset) catches every loop, whatever its length.
    uint8_t visited[256 / 8] = {};
    uint16_t ptr = read8(cfg, bdf, kRegCapPointer);
    while (ptr != 0) {
        if (ptr < kFirstCapOffset) return fail(detail, "capability pointer below 0x40");
        if (ptr >= cfg.config_size() - 1) {
            return fail(detail, "capability pointer past the end of configuration space");
        }
        if (ptr & 3) return fail(detail, "capability pointer not 4-byte aligned");
        if (visited[ptr / 8] & (1u << (ptr % 8))) return fail(detail, "capability list loops");
        visited[ptr / 8] |= uint8_t(1u << (ptr % 8));
        if (!caps || n == max) return fail(detail, "more capabilities than fit");
        caps[n++] = {read8(cfg, bdf, ptr), uint8_t(ptr)};
        ptr = read8(cfg, bdf, uint16_t(ptr + 1));
    }
    return {};
}

const Capability* find_capability(const PciDevice& dev, uint8_t id) {
    for (size_t i = 0; i < dev.num_caps && i < kMaxCaps; ++i) {
        if (dev.caps[i].id == id) return &dev.caps[i];
    }
    return nullptr;
}

size_t enumerate(ConfigAccess& cfg, void (*visit)(const PciDevice&, void*), void* ctx) {
    size_t found = 0;
    PciDevice dev;
    // Every bus number is probed rather than following bridges down the tree: simpler, and
    // enough because firmware has already numbered the buses behind each bridge.
    for (unsigned bus = 0; bus < 256; ++bus) {
        for (uint8_t device = 0; device < 32; ++device) {
            Bdf fn0{uint8_t(bus), device, 0};
            if (read16(cfg, fn0, kRegVendorId) == kVendorAbsent) continue;
            bool multi = read8(cfg, fn0, kRegHeaderType) & kHeaderMultiFunction;
            for (uint8_t function = 0; function < (multi ? 8 : 1); ++function) {
                Bdf bdf{uint8_t(bus), device, function};
                if (read16(cfg, bdf, kRegVendorId) == kVendorAbsent) continue;
                describe(cfg, bdf, dev);
                ++found;
                if (visit) visit(dev, ctx);
            }
        }
    }
    return found;
}

void enable_device(ConfigAccess& cfg, Bdf bdf) {
    uint16_t command = read16(cfg, bdf, kRegCommand);
    write_command(cfg, bdf, command | kCmdIo | kCmdMemory | kCmdBusMaster);
}

const char* capability_name(uint8_t id) {
    switch (id) {
        case kCapPowerManagement:
            return "Power Management";
        case kCapMsi:
            return "MSI";
        case kCapVendorSpecific:
            return "Vendor Specific";
        case kCapPciExpress:
            return "PCI Express";
        case kCapMsix:
            return "MSI-X";
        case 0x03:
            return "VPD";
        case 0x0d:
            return "Bridge Subsystem ID";
        case 0x12:
            return "SATA";
        case 0x13:
            return "Advanced Features";
        default:
            return "unknown";
    }
}

}  // namespace axdriver::pci
