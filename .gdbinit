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
