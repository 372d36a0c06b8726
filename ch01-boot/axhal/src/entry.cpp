// axhal/src/entry.cpp: the first C++ code. boot.S calls axhal_entry() in long mode on the boot
// stack; it brings up what every later step relies on (console, traps, boot information, final
// page tables), then hands over to axruntime, which owns the rest of the init order.
#include <axhal/boot_info.h>
#include <axhal/console.h>
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <axhal/trap.h>
#include <axlog/panic.h>

extern "C" uint64_t boot_entry_tsc;
extern "C" char __kernel_end[];

/// Link-time interface: the runtime's main, defined by axruntime (ArceOS: rust_main).
[[noreturn]] void ax_runtime_main();

namespace axhal {
namespace {

BootInfo g_boot_info;

void decode_boot_info(uint32_t start_info_pa) {
    auto* si = phys_to_ptr<const HvmStartInfo>(PhysAddr{start_info_pa});
    if (start_info_pa == 0 || si->magic != kHvmStartMagic) {
        AX_PANIC(
            "not started through the PVH boot protocol (start info at {:#x}): boot this "
            "kernel with qemu -kernel",
            start_info_pa);
    }
    g_boot_info.entry_tsc = boot_entry_tsc;
    g_boot_info.rsdp = PhysAddr{si->rsdp_paddr};
    if (si->cmdline_paddr != 0) {
        g_boot_info.cmdline = phys_to_ptr<const char>(PhysAddr{si->cmdline_paddr});
    }
    if (si->version >= 1 && si->memmap_paddr != 0) {
        g_boot_info.memmap = phys_to_ptr<const RawMemEntry>(PhysAddr{si->memmap_paddr});
        g_boot_info.memmap_entries = si->memmap_entries;
    }
}

}  // namespace

const BootInfo& boot_info() {
    return g_boot_info;
}

PhysAddr virt_to_phys(uintptr_t va) {
    if (va >= kKernelVmaOffset) return PhysAddr{va - kKernelVmaOffset};
    if (va >= kPhysVirtOffset && va - kPhysVirtOffset < AX_DIRECT_MAP_SIZE) {
        return PhysAddr{va - kPhysVirtOffset};
    }
    AX_PANIC("virt_to_phys: {:#x} is neither in the direct map nor in the kernel image", va);
}

KernelImage kernel_image() {
    // From the load address, so the page holding the PVH note and the 32-bit boot code
    // (below __kernel_start) is never handed out as free RAM either.
    return {PhysAddr{AX_KERNEL_PHYS_BASE}, virt_to_phys(__kernel_end)};
}

}  // namespace axhal

/// Called by boot.S with the physical address of the PVH start info.
extern "C" [[noreturn]] void axhal_entry(uint32_t start_info_pa) {
    axhal::console_init();
    axhal::cpu_init();
    axhal::decode_boot_info(start_info_pa);
    axhal::paging_init();
    ax_runtime_main();
}
