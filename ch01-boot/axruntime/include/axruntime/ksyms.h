/// @file axruntime/ksyms.h
/// @brief The kernel's own symbol table, for backtraces with function names. tools/ksyms.py
/// generates it from the first link of the kernel and the second link embeds it (see
/// cmake/kernel.cmake).
#pragma once
#include <cstddef>
#include <cstdint>

namespace axruntime {

/// One function: where it starts, how long it is, its demangled name.
struct Ksym {
    uint64_t addr;     ///< Start address.
    uint64_t size;     ///< Size in bytes (0 if unknown: then it extends to the next symbol).
    const char* name;  ///< Demangled name.
};

/// Finds the function containing @p addr in the table [@p begin, @p end) sorted by address.
/// Returns nullptr if none does; else sets @p offset to addr minus the function's start.
const Ksym* ksym_lookup(const Ksym* begin, const Ksym* end, uint64_t addr, uint64_t& offset);

/// ksym_lookup() in the kernel's embedded table.
const Ksym* ksym_lookup(uint64_t addr, uint64_t& offset);

}  // namespace axruntime
