# .gdbinit: GDB settings for debugging the course's kernels (loaded by tools/debug.py and
# tools/gdb_test.py; `make chN-debug` starts both QEMU and GDB for you).
set pagination off
set confirm off
set print pretty on
set architecture i386:x86-64
# GDB normally stops a backtrace at main; in a kernel, main has callers worth seeing
# (ax_runtime_main, axhal_entry).
set backtrace past-main on
# Kernel sources are compiled with their absolute paths; nothing to substitute.

# ax-regs: the registers a kernel developer looks at first.
define ax-regs
  info registers rip rsp rbp eflags cr0 cr2 cr3 cr4 efer
end
document ax-regs
Print rip, rsp, rbp, eflags and the control registers (paging state, fault address).
end

# ax-pt ADDR: how the live page tables map ADDR (calls into the kernel: only when stopped in it).
define ax-pt
  print axhal::translate($arg0)
end
document ax-pt
Walk the current page tables for a virtual address: ax-pt 0xffffffff80201000
end

set print asm-demangle on

# ax-tasks: every live task of axtask (stage 5 on): id, state, name, and where a switched-out
# task will resume (the return address axtask_context_switch saved on its stack, after the six
# callee-saved registers: see axtask::detail::SwitchFrame).
define ax-tasks
  set $ax_t = axtask::detail::g_all_tasks.m_head
  printf "  id  state    name                             resumes at\n"
  while $ax_t != 0
    set $ax_s = (int)$ax_t->state
    printf "%4d  ", $ax_t->id
    if $ax_t == axtask::detail::g_current
      printf "Running "
    else
      if $ax_s == 0
        printf "Ready   "
      end
      if $ax_s == 2
        printf "Blocked "
      end
      if $ax_s == 3
        printf "Exited  "
      end
      if $ax_s == 1
        printf "Running?"
      end
    end
    printf " %-32s ", $ax_t->name
    if $ax_t == axtask::detail::g_current
      printf "(current: "
      output/a $pc
      printf ")\n"
    else
      output/a ((unsigned long*)$ax_t->saved_rsp)[6]
      printf "\n"
    end
    set $ax_t = $ax_t->all_link.next
  end
end
document ax-tasks
List axtask's tasks with their state and the code address each switched-out task resumes at.
end

# ax-task-bt ID: the backtrace of a switched-out (blocked or ready) task. Loads the task's
# saved rsp, rbp and return address into the registers, prints the backtrace, and puts the
# real registers back (only when stopped in the kernel).
define ax-task-bt
  set $ax_t = axtask::detail::g_all_tasks.m_head
  while $ax_t != 0 && $ax_t->id != $arg0
    set $ax_t = $ax_t->all_link.next
  end
  if $ax_t == 0
    printf "no task with id %d\n", $arg0
  else
    if $ax_t == axtask::detail::g_current
      backtrace
    else
      set $ax_f = (unsigned long*)$ax_t->saved_rsp
      set $ax_rsp = $rsp
      set $ax_rbp = $rbp
      set $ax_pc = $pc
      set $rbp = $ax_f[5]
      set $pc = $ax_f[6]
      set $rsp = (unsigned long)($ax_f + 7)
      backtrace
      set $rsp = $ax_rsp
      set $rbp = $ax_rbp
      set $pc = $ax_pc
    end
  end
end
document ax-task-bt
Backtrace of a blocked or ready task, by id (from ax-tasks): ax-task-bt 1
end
