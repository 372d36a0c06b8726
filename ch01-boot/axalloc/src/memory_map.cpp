// axalloc/src/memory_map.cpp: the allocatable RAM from the boot memory map (see the header).
#include <axalloc/memory_map.h>

namespace axalloc {

namespace {
constexpr uint64_t kPage = 4096;
constexpr uint64_t kLowMemoryEnd = 0x100000;
constexpr uint64_t round_up(uint64_t v) {
    return v > UINT64_MAX - (kPage - 1) ? UINT64_MAX & ~(kPage - 1)
                                        : (v + kPage - 1) & ~(kPage - 1);
}
constexpr uint64_t round_down(uint64_t v) {
    return v & ~(kPage - 1);
}
}  // namespace

bool RangeList::insert_at(size_t pos, MemRange r) {
    if (m_count == kMaxRanges) return false;
    for (size_t i = m_count; i > pos; --i) m_ranges[i] = m_ranges[i - 1];
    m_ranges[pos] = r;
    ++m_count;
    return true;
}

bool RangeList::add(uint64_t start, uint64_t end) {
    if (start >= end) return true;
    size_t pos = 0;
    while (pos < m_count && m_ranges[pos].end < start) ++pos;
    // Merge every range that overlaps or touches [start, end).
    size_t last = pos;
    while (last < m_count && m_ranges[last].start <= end) {
        if (m_ranges[last].start < start) start = m_ranges[last].start;
        if (m_ranges[last].end > end) end = m_ranges[last].end;
        ++last;
    }
    if (last > pos) {
        m_ranges[pos] = {start, end};
        size_t removed = last - pos - 1;
        for (size_t i = pos + 1; i + removed < m_count; ++i) m_ranges[i] = m_ranges[i + removed];
        m_count -= removed;
        return true;
    }
    return insert_at(pos, {start, end});
}

bool RangeList::remove(uint64_t start, uint64_t end) {
    if (start >= end) return true;
    bool ok = true;
    for (size_t i = 0; i < m_count;) {
        MemRange r = m_ranges[i];
        if (r.end <= start || r.start >= end) {
            ++i;
            continue;
        }
        MemRange left{r.start, start}, right{end, r.end};
        bool has_left = r.start<start, has_right = r.end> end;
        if (has_left && has_right) {
            m_ranges[i] = left;
            if (!insert_at(i + 1, right)) ok = false;
            i += 2;
        } else if (has_left) {
            m_ranges[i++] = left;
        } else if (has_right) {
            m_ranges[i++] = right;
        } else {
            for (size_t j = i; j + 1 < m_count; ++j) m_ranges[j] = m_ranges[j + 1];
            --m_count;
        }
    }
    return ok;
}

uint64_t RangeList::total_bytes() const {
    uint64_t sum = 0;
    for (size_t i = 0; i < m_count; ++i) sum += m_ranges[i].size();
    return sum;
}

RangeList usable_ram(const axhal::RawMemEntry* entries, size_t n, MemRange kernel,
                     bool& truncated) {
    RangeList ram;
    truncated = false;
    for (size_t i = 0; i < n; ++i) {
        const auto& e = entries[i];
        if (e.type != axhal::kMemTypeRam || e.size == 0) continue;
        uint64_t end = e.addr > UINT64_MAX - e.size ? UINT64_MAX : e.addr + e.size;
        if (!ram.add(round_up(e.addr), round_down(end))) truncated = true;
    }
    // Anything the map also calls non-RAM loses: firmware overlaps are resolved conservatively.
    for (size_t i = 0; i < n; ++i) {
        const auto& e = entries[i];
        if (e.type == axhal::kMemTypeRam || e.size == 0) continue;
        uint64_t end = e.addr > UINT64_MAX - e.size ? UINT64_MAX : e.addr + e.size;
        if (!ram.remove(round_down(e.addr), round_up(end))) truncated = true;
    }
    if (!ram.remove(0, kLowMemoryEnd)) truncated = true;
    if (!ram.remove(round_down(kernel.start), round_up(kernel.end))) truncated = true;
    return ram;
}

}  // namespace axalloc
