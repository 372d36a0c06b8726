/// @file axhal/layout.h
/// @brief Where the kernel sits in physical and virtual memory. Shared by the linker script,
/// the boot assembly and C++ code, so it holds plain numbers only.
#pragma once

/// Physical address the kernel image is loaded at (2 MiB: one large page, above the BIOS area).
#define AX_KERNEL_PHYS_BASE 0x200000
/// Virtual address minus physical address for the kernel image (the top 2 GiB: -mcmodel=kernel).
#define AX_KERNEL_VMA_OFFSET 0xffffffff80000000
/// Start of the direct map: physical address p is reachable at virtual p + this offset.
#define AX_PHYS_VIRT_OFFSET 0xffff800000000000
/// Bytes of physical address space the direct map covers (RAM, ECAM, LAPIC, IOAPIC, HPET).
#define AX_DIRECT_MAP_SIZE 0x100000000
/// Start of the task stack area: axtask maps each task's stack here in 4 KiB pages, with an
/// unmapped guard page below each stack (the direct map's 2 MiB pages cannot have holes).
#define AX_STACK_AREA_BASE 0xffffc00000000000
/// Bytes of virtual address space in the task stack area (one PML4 entry: 512 GiB).
#define AX_STACK_AREA_SIZE 0x8000000000
/// Size of the boot stack, the stack main() runs on.
#define AX_BOOT_STACK_SIZE 0x10000
/// Size of the separate stack double faults run on (x86 IST), so a blown stack still panics.
#define AX_FAULT_STACK_SIZE 0x4000
