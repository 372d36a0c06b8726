/// @file axhal/acpi.h
/// @brief Finding ACPI tables (ACPI 6.5 chapter 5): the RSDP from the boot information, then
/// the XSDT or RSDT, each table's checksum checked before it is trusted.
#pragma once
#include <axhal/mem.h>

#include <cstdint>

namespace axhal::acpi {

/// The header every ACPI system description table starts with (ACPI 6.5 section 5.2.6).
struct [[gnu::packed]] SdtHeader {
    char signature[4];          ///< Table signature, e.g. "FACP", "MCFG".
    uint32_t length;            ///< Length of the whole table in bytes.
    uint8_t revision;           ///< Table revision.
    uint8_t checksum;           ///< All bytes of the table sum to zero.
    char oem_id[6];             ///< OEM identification.
    char oem_table_id[8];       ///< OEM table identification.
    uint32_t oem_revision;      ///< OEM revision.
    uint32_t creator_id;        ///< Creator (ASL compiler) id.
    uint32_t creator_revision;  ///< Creator revision.
};
static_assert(sizeof(SdtHeader) == 36);

/// Remembers where the RSDP is. Returns false (and logs why) if it is missing or corrupt.
[[nodiscard]] bool init(PhysAddr rsdp);

/// Finds the table with signature @p sig (4 characters), checksum checked. nullptr if absent.
const SdtHeader* find_table(const char* sig);

/// The ACPI S5 (soft-off) parameters, from the FADT and the DSDT's \_S5 object.
struct SleepState {
    uint16_t pm1a_cnt_port = 0;  ///< PM1a control register I/O port; 0 if unknown.
    uint16_t pm1b_cnt_port = 0;  ///< PM1b control register I/O port; 0 if none.
    uint16_t slp_typa = 0;       ///< SLP_TYPa value for S5.
    uint16_t slp_typb = 0;       ///< SLP_TYPb value for S5.
};

/// Decodes S5 from the FADT and DSDT. Returns false if the tables do not describe it.
[[nodiscard]] bool s5_state(SleepState& out);

/// Finds the \_S5 package in AML bytecode and reads its first two values. Exposed for the host
/// tests: @p aml points at @p len bytes of a DSDT body.
[[nodiscard]] bool parse_s5(const uint8_t* aml, uint32_t len, uint16_t& typa, uint16_t& typb);

}  // namespace axhal::acpi
