/// @file axhal/mmio.h
/// @brief Memory-mapped I/O: volatile loads and stores of device registers.
#pragma once
#include <cstdint>

namespace axhal {

/// Reads a device register of type T at virtual address @p addr.
template <class T>
inline T mmio_read(uintptr_t addr) {
    return *reinterpret_cast<volatile T*>(addr);
}

/// Writes @p v to a device register of type T at virtual address @p addr.
template <class T>
inline void mmio_write(uintptr_t addr, T v) {
    *reinterpret_cast<volatile T*>(addr) = v;
}

}  // namespace axhal
