// axhal/src/acpi_aml.cpp: just enough AML (ACPI 6.5 chapter 20) to read the \_S5 package:
//   NameOp '_S5_' PackageOp PkgLength NumElements <SLP_TYPa> <SLP_TYPb> ...
// where each value is ZeroOp (0x00), OneOp (0x01), BytePrefix (0x0a) nn or WordPrefix (0x0b).
// Hardware-free, so the host tests (tests/acpi_aml_test.cpp) feed it malformed bytecode too.
#include <axhal/acpi.h>

namespace axhal::acpi {
namespace {

// Reads one integer constant at aml[i]; advances i. False if it is not one we understand.
bool read_integer(const uint8_t* aml, uint32_t len, uint32_t& i, uint16_t& out) {
    if (i >= len) return false;
    switch (aml[i]) {
        case 0x00:
            out = 0, i += 1;
            return true;
        case 0x01:
            out = 1, i += 1;
            return true;
        case 0x0a:
            if (i + 1 >= len) return false;
            out = aml[i + 1], i += 2;
            return true;
        case 0x0b:
            if (i + 2 >= len) return false;
            out = uint16_t(aml[i + 1] | (aml[i + 2] << 8)), i += 3;
            return true;
        default:
            return false;
    }
}

}  // namespace

bool parse_s5(const uint8_t* aml, uint32_t len, uint16_t& typa, uint16_t& typb) {
    for (uint32_t at = 1; at + 4 <= len; ++at) {
        if (aml[at] != '_' || aml[at + 1] != 'S' || aml[at + 2] != '5' || aml[at + 3] != '_')
            continue;
        // Must be a name definition: NameOp right before, or NameOp '\' (root prefix).
        bool named = aml[at - 1] == 0x08 || (aml[at - 1] == '\\' && at >= 2 && aml[at - 2] == 0x08);
        uint32_t i = at + 4;
        if (!named || i >= len || aml[i] != 0x12) continue;  // PackageOp
        ++i;
        if (i >= len) return false;
        i += 1 + (aml[i] >> 6);  // PkgLength: bits 7..6 of the lead byte = extra bytes
        i += 1;                  // NumElements
        if (i >= len) return false;
        return read_integer(aml, len, i, typa) && read_integer(aml, len, i, typb);
    }
    return false;
}

}  // namespace axhal::acpi
