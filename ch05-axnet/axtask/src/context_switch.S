/* axtask/src/context_switch.S: the context switch (chapter 5, "Tasks and wait queues").
 *
 *   void axtask_context_switch(uintptr_t* save_rsp, uintptr_t next_rsp,
 *                              FpuState* save_fpu, const FpuState* next_fpu)
 *
 * A call to this function is where every switched-out task stands. By the System V x86_64
 * ABI the caller already expects rax, rcx, rdx, rsi, rdi and r8-r11 to be clobbered, so only
 * the callee-saved registers (rbx, rbp, r12-r15) and the stack pointer need saving: they go on
 * the task's own stack, in the order of axtask::detail::SwitchFrame, and rsp goes into the
 * task control block. Loading the next task's rsp and popping its frame resumes it; `ret`
 * returns into whatever call of this function it made (or, for a new task, into the entry
 * address spawn() put in its first frame).
 *
 * The x87/SSE state goes with the task too (chapter 5, "Floating point in tasks"): FXSAVE64
 * stores it in the old task's 512-byte area, FXRSTOR64 loads the next task's (Intel SDM 2A,
 * FXSAVE: the area must be 16-byte aligned). The ABI alone would ask only for MXCSR's
 * control bits and the x87 control word; the rest (sticky exception flags, the XMM registers)
 * is per task all the same, so that a task's floating-point environment is its own, as a
 * thread's is. Interrupts may stay enabled: a handler runs on whichever stack is current,
 * leaves it as it found it, and never touches the FPU (-mgeneral-regs-only). */

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
    fxsave64 (%rdx)            /* the old task's x87/SSE state */
    movq %rsp, (%rdi)          /* *save_rsp = rsp: the old task is now switched out */
    movq %rsi, %rsp            /* the next task's stack */
    fxrstor64 (%rcx)           /* and its x87/SSE state */
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
