# axdriver's libFuzzer target (cmake/fuzz.cmake): PCI enumeration over configuration spaces
# made of the input. Included from ch02-drivers/tests/tests.cmake.
ax_fuzz_target(pci_enumerate_fuzz LABEL ch02
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/pci_enumerate_fuzz.cpp ${CMAKE_CURRENT_LIST_DIR}/../src/pci.cpp
  INCLUDES ${CMAKE_CURRENT_LIST_DIR}/../include ${AX_ROOT}/ch02-drivers/driver_common/include
           ${AX_ROOT}/ch01-boot/axerrno/include)
