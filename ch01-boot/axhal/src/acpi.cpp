// axhal/src/acpi.cpp: finding ACPI tables through the RSDP and the XSDT/RSDT (ACPI 6.5 5.2).
// Every length and pointer comes from firmware and is checked before use.
#include <axhal/acpi.h>
#include <axlog/log.h>

#include <cstring>

namespace axhal::acpi {
namespace {

struct [[gnu::packed]] Rsdp {
    char signature[8];  // "RSD PTR "
    uint8_t checksum;   // first 20 bytes sum to zero
    char oem_id[6];
    uint8_t revision;  // 0: ACPI 1.0 (RSDT only), 2: ACPI 2.0+ (XSDT)
    uint32_t rsdt_address;
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t extended_checksum;
    uint8_t reserved[3];
};
static_assert(sizeof(Rsdp) == 36);

constexpr uint32_t kMaxTableLength = 1u << 20;  // sanity bound on firmware-given lengths

const Rsdp* g_rsdp;

bool checksum_ok(const void* p, uint32_t len) {
    uint8_t sum = 0;
    for (uint32_t i = 0; i < len; ++i) sum = uint8_t(sum + static_cast<const uint8_t*>(p)[i]);
    return sum == 0;
}

const SdtHeader* table_at(uint64_t pa) {
    if (pa == 0 || pa >= AX_DIRECT_MAP_SIZE) return nullptr;
    auto* h = phys_to_ptr<const SdtHeader>(PhysAddr{pa});
    if (h->length < sizeof(SdtHeader) || h->length > kMaxTableLength) return nullptr;
    if (!checksum_ok(h, h->length)) {
        axlog::warn("acpi: table {} at {:#x} has a bad checksum; ignored",
                    std::string_view(h->signature, 4), pa);
        return nullptr;
    }
    return h;
}

}  // namespace

bool init(PhysAddr rsdp) {
    if (rsdp.value == 0 || rsdp.value >= AX_DIRECT_MAP_SIZE) {
        axlog::warn("acpi: the boot loader gave no RSDP");
        return false;
    }
    auto* r = phys_to_ptr<const Rsdp>(rsdp);
    if (std::memcmp(r->signature, "RSD PTR ", 8) != 0 || !checksum_ok(r, 20)) {
        axlog::warn("acpi: RSDP at {:#x} is corrupt", rsdp.value);
        return false;
    }
    g_rsdp = r;
    return true;
}

const SdtHeader* find_table(const char* sig) {
    if (!g_rsdp) return nullptr;
    bool xsdt = g_rsdp->revision >= 2 && g_rsdp->xsdt_address != 0;
    const SdtHeader* root = table_at(xsdt ? g_rsdp->xsdt_address : g_rsdp->rsdt_address);
    if (!root) return nullptr;
    size_t entry_size = xsdt ? 8 : 4;
    size_t n = (root->length - sizeof(SdtHeader)) / entry_size;
    auto* entries = reinterpret_cast<const uint8_t*>(root + 1);
    for (size_t i = 0; i < n; ++i) {
        uint64_t pa = 0;
        std::memcpy(&pa, entries + i * entry_size, entry_size);
        const SdtHeader* h = table_at(pa);
        if (h && std::memcmp(h->signature, sig, 4) == 0) return h;
    }
    return nullptr;
}

bool s5_state(SleepState& out) {
    const SdtHeader* fadt = find_table("FACP");
    if (!fadt || fadt->length < 76) {
        axlog::debug("acpi: no usable FADT");
        return false;
    }
    auto* raw = reinterpret_cast<const uint8_t*>(fadt);
    uint32_t dsdt32, pm1a, pm1b;
    std::memcpy(&dsdt32, raw + 40, 4);  // FADT field offsets: ACPI 6.5 table 5.9
    std::memcpy(&pm1a, raw + 64, 4);
    std::memcpy(&pm1b, raw + 68, 4);
    uint64_t dsdt_pa = dsdt32;
    if (fadt->length >= 148) {
        uint64_t x_dsdt;
        std::memcpy(&x_dsdt, raw + 140, 8);
        if (x_dsdt) dsdt_pa = x_dsdt;
    }
    const SdtHeader* dsdt = table_at(dsdt_pa);
    if (!dsdt || pm1a == 0 || pm1a > 0xffff) {
        axlog::debug("acpi: FADT gives DSDT {:#x}, PM1a control {:#x}: unusable", dsdt_pa, pm1a);
        return false;
    }
    out.pm1a_cnt_port = uint16_t(pm1a);
    out.pm1b_cnt_port = pm1b <= 0xffff ? uint16_t(pm1b) : 0;
    if (!parse_s5(reinterpret_cast<const uint8_t*>(dsdt + 1),
                  uint32_t(dsdt->length - sizeof(SdtHeader)), out.slp_typa, out.slp_typb)) {
        axlog::debug("acpi: no \\_S5 package in the DSDT");
        return false;
    }
    return true;
}

}  // namespace axhal::acpi
