/* axhal/src/trap_entry.S: the 256 interrupt entry stubs and the common trap path.
 * Each stub is 16 bytes long (trap_stubs + 16 * vector): it pushes a zero error code when the
 * CPU does not push one (Intel SDM 3A table 6-1), then the vector number, and jumps to
 * trap_common, which saves the registers as an axhal::TrapFrame and calls axhal_trap(frame). */

    .text
    .balign 16
    .global trap_stubs
trap_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

trap_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi              /* TrapFrame* */
    cld
    call axhal_trap
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp               /* vector and error code */
    iretq

    .section .note.GNU-stack, "", @progbits
