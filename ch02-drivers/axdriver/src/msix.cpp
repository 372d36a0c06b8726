// axdriver/src/msix.cpp: decoding the MSI-X capability.
// This is chapter 2's exercise 1 (chapters/ch02-drivers.md, "Exercises"): read the Message
// Control, Table Offset/BIR and PBA Offset/BIR registers and check them against the BARs. The
// starting point reports that it cannot decode MSI-X yet.
#include <axdriver/msix.h>

namespace axdriver::pci {

DevResult<MsixInfo> read_msix(ConfigAccess&, const PciDevice&) { return DevError::Unsupported; }

}  // namespace axdriver::pci
