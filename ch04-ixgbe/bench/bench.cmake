# `make ch4-bench`: igb against virtio-net, the same program on the same QEMU configuration
# (user networking, then a tap device in a namespace the script creates and removes), with
# the ratio igb/virtio of every figure. Chapter 3's bench/bench.py does the measuring. Not a
# test.
add_custom_target(ch04-bench
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/ch03-virtio-net/bench/bench.py
          --nic virtio-net=virtio-net-pci=$<TARGET_FILE:ch03-kernel>
          --nic igb=igb=$<TARGET_FILE:ch04-kernel>
  DEPENDS ch03-kernel ch04-kernel
  USES_TERMINAL
  COMMENT "Benchmarking igb against virtio-net (QEMU user networking and a tap device)")
