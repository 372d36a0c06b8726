/* axtask/src/context_switch.S: the context switch (chapter 5, "Tasks and wait queues").
 *
 *   void axtask_context_switch(uintptr_t* save_rsp, uintptr_t next_rsp)
 *
 * A call to this function is where every switched-out task stands. By the System V x86_64
 * ABI the caller already expects rax, rcx, rdx, rsi, rdi and r8-r11 to be clobbered, so only
 * the callee-saved registers (rbx, rbp, r12-r15) and the stack pointer need saving: they go on
 * the task's own stack, in the order of axtask::detail::SwitchFrame, and rsp goes into the
 * task control block. Loading the next task's rsp and popping its frame resumes it; `ret`
 * returns into whatever call of this function it made (or, for a new task, into the entry
 * address spawn() put in its first frame). The host build also saves the control bits of
 * MXCSR and the x87 FPU control word (callee-saved in the ABI); the kernel has no FPU state
 * (-mgeneral-regs-only). Interrupts may stay enabled: a handler runs on whichever stack is
 * current and leaves it as it found it. */

    .text
    .global axtask_context_switch
    .type axtask_context_switch, @function
axtask_context_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
#ifndef AX_KERNEL
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
#endif
    movq %rsp, (%rdi)          /* *save_rsp = rsp: the old task is now switched out */
    movq %rsi, %rsp            /* the next task's stack */
#ifndef AX_KERNEL
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
#endif
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size axtask_context_switch, . - axtask_context_switch

/* The first code of every task: spawn() builds a first SwitchFrame whose return address is
 * this, with rsp ending at the top of the stack (16-byte aligned), so the call below enters
 * axtask_task_start as the ABI wants (rsp + 8 a multiple of 16). rbp = 0 ends the frame-pointer
 * chain of panic backtraces, and an undefined return address tells GDB this is the outermost
 * frame of the task. axtask_task_start never returns. */
    .global axtask_task_entry
    .type axtask_task_entry, @function
axtask_task_entry:
    .cfi_startproc
    .cfi_undefined rip
    xorl %ebp, %ebp
    call axtask_task_start
    ud2
    .cfi_endproc
    .size axtask_task_entry, . - axtask_task_entry

    .section .note.GNU-stack, "", @progbits
