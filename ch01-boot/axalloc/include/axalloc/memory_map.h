/// @file axalloc/memory_map.h
/// @brief Turns the boot memory map into the list of RAM the kernel may allocate: RAM entries
/// only, page aligned, sorted, merged, with reserved entries, the first MiB and the kernel image
/// cut out. Firmware maps overlap, come unsorted and carry zero-length entries; all of that is
/// handled here, in hardware-free code the host tests check (tests/memory_map_test.cpp).
#pragma once
#include <axhal/boot_info.h>

#include <cstddef>
#include <cstdint>

namespace axalloc {

/// A physical range [start, end).
struct MemRange {
    uint64_t start;  ///< First byte.
    uint64_t end;    ///< One past the last byte.
    /// Length in bytes.
    constexpr uint64_t size() const { return end - start; }
};

/// A bounded list of disjoint ranges, sorted by address.
class RangeList {
public:
    /// Capacity: a q35 machine gives about 8 entries; 64 leaves room for splits.
    static constexpr size_t kMaxRanges = 64;

    /// Adds [start, end), merging with overlapping or touching ranges. Empty ranges are
    /// ignored. Returns false (and keeps the list valid) if it is full.
    [[nodiscard]] bool add(uint64_t start, uint64_t end);
    /// Removes [start, end) from every range, splitting where needed. Returns false if a split
    /// did not fit (the part that did not fit is dropped: less RAM, never wrong RAM).
    [[nodiscard]] bool remove(uint64_t start, uint64_t end);
    /// Number of ranges.
    size_t size() const { return m_count; }
    /// Range @p i (0 <= i < size()).
    const MemRange& operator[](size_t i) const { return m_ranges[i]; }
    /// Total bytes in all ranges.
    uint64_t total_bytes() const;

private:
    bool insert_at(size_t pos, MemRange r);
    MemRange m_ranges[kMaxRanges] = {};
    size_t m_count = 0;
};

/// Builds the allocatable RAM from @p n raw entries. @p kernel is removed, and so is everything
/// below 1 MiB (real-mode structures, the boot information itself). Ranges are shrunk to whole
/// pages. @p truncated is set if the firmware map had more pieces than RangeList holds.
RangeList usable_ram(const axhal::RawMemEntry* entries, size_t n, MemRange kernel, bool& truncated);

}  // namespace axalloc
