/* axhal/src/boot.S: the first instructions of the kernel.
 * QEMU loads the ELF image and, finding the PVH note below, enters _start32 in 32-bit protected
 * mode with paging off and %ebx pointing at the hvm_start_info structure (PVH boot ABI).
 * This file turns on long mode with boot page tables and jumps to C++ (axhal_entry). */
#include <axhal/layout.h>

#define PHYS(sym) ((sym) - AX_KERNEL_VMA_OFFSET)

    .cfi_sections .debug_frame              /* unwind info for GDB (no .eh_frame in a kernel) */

/* The PVH ELF note: Xen's note type 18 (XEN_ELFNOTE_PHYS32_ENTRY) names the 32-bit entry. */
    .section .note.Xen, "a", @note
    .balign 4
    .long 4                     /* name size, "Xen\0" */
    .long 4                     /* descriptor size */
    .long 18                    /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long _start32

    .section .boot.text, "ax"
    .code32
    .global _start32
_start32:
    cli
    cld
    mov %ebx, %esi                          /* keep the hvm_start_info address */
    rdtsc                                   /* time stamp of the very first instruction */
    mov %eax, PHYS(boot_entry_tsc)
    mov %edx, PHYS(boot_entry_tsc) + 4

    /* Zero .bss: the page tables and the stack live there. */
    mov $PHYS(__bss_start), %edi
    mov $PHYS(__bss_end), %ecx
    sub %edi, %ecx
    shr $2, %ecx
    xor %eax, %eax
    rep stosl

    /* Page directories: 2048 entries of 2 MiB pages map physical 0..4 GiB (P|RW|PS). */
    mov $PHYS(boot_pd), %edi
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax
    mov %eax, (%edi,%ecx,8)
    inc %ecx
    cmp $2048, %ecx
    jne 1b

    /* Low PDPT: four entries, one per page directory (0..4 GiB). */
    mov $PHYS(boot_pdpt_low), %edi
    mov $PHYS(boot_pd) + 3, %eax
    mov %eax, 0(%edi)
    add $4096, %eax
    mov %eax, 8(%edi)
    add $4096, %eax
    mov %eax, 16(%edi)
    add $4096, %eax
    mov %eax, 24(%edi)

    /* High PDPT: entry 510 maps 0xffffffff80000000 onto physical 0..1 GiB (the kernel image). */
    mov $PHYS(boot_pdpt_high), %edi
    movl $PHYS(boot_pd) + 3, 510*8(%edi)

    /* PML4: the identity map (entry 0, only until axhal::paging_init), the direct map at
     * AX_PHYS_VIRT_OFFSET (entry 256) and the kernel image (entry 511). */
    mov $PHYS(boot_pml4), %edi
    movl $PHYS(boot_pdpt_low) + 3, 0(%edi)
    movl $PHYS(boot_pdpt_low) + 3, 256*8(%edi)
    movl $PHYS(boot_pdpt_high) + 3, 511*8(%edi)

    /* Long mode: CR4.PAE, CR3, EFER.LME and EFER.NXE, then CR0.PG and CR0.WP (Intel SDM 3A 9.8.5). */
    mov %cr4, %eax
    or $(1 << 5), %eax
    mov %eax, %cr4
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or $((1 << 8) | (1 << 11)), %eax
    wrmsr
    mov %cr0, %eax
    or $((1 << 31) | (1 << 16)), %eax
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $start64

    .code64
start64:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    movabs $boot_stack_top, %rsp
    movabs $start_high, %rax
    jmp *%rax                               /* leave the identity map for the kernel's own addresses */

    .section .boot.data, "a"
    .balign 16
boot_gdt:
    .quad 0                                 /* null descriptor */
    .quad 0x00af9b000000ffff                /* 0x08: 64-bit code, present, accessed */
    .quad 0x00cf93000000ffff                /* 0x10: data, present, writable, accessed */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .text
start_high:
    .cfi_startproc
    .cfi_undefined rip                      /* tells GDB: the outermost frame, nothing above */
    xor %ebp, %ebp                          /* end of the frame-pointer chain for backtraces */
    mov %esi, %edi                          /* first argument: hvm_start_info physical address */
    call axhal_entry
1:  hlt
    jmp 1b
    .cfi_endproc

    .data
    .balign 8
    .global boot_entry_tsc
boot_entry_tsc:
    .quad 0

    .bss
    .balign 4096
    .global boot_pml4, boot_stack_bottom, boot_stack_top
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4 * 4096
boot_stack_bottom:
    .skip AX_BOOT_STACK_SIZE
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
