// axalloc/src/frame_allocator.cpp: the bitmap page-frame allocator (see the header).
#include <axalloc/frame_allocator.h>

namespace axalloc {

using axerrno::AxError;

void FrameAllocator::init(uint64_t base, size_t frames, uint64_t* bitmap) {
    m_base = base;
    m_frames = frames;
    m_bitmap = bitmap;
    m_free = m_total = m_hint = m_nranges = 0;
    for (size_t i = 0; i < bitmap_words(frames); ++i) m_bitmap[i] = 0;
}

void FrameAllocator::set_free(size_t i, bool free) {
    uint64_t bit = 1ull << (i % 64);
    if (free) {
        m_bitmap[i / 64] |= bit;
    } else {
        m_bitmap[i / 64] &= ~bit;
    }
}

bool FrameAllocator::add_free(uint64_t start, uint64_t end) {
    uint64_t limit = m_base + m_frames * kFrameSize;
    if (start < m_base) start = m_base;
    if (end > limit) end = limit;
    start = (start + kFrameSize - 1) & ~(kFrameSize - 1);
    end &= ~(kFrameSize - 1);
    if (start >= end) return true;
    if (m_nranges == kMaxRanges) return false;
    m_ranges[m_nranges++] = {size_t((start - m_base) / kFrameSize),
                             size_t((end - m_base) / kFrameSize)};
    // Whole 64-frame words at once where possible: boot-time cost matters.
    for (size_t i = (start - m_base) / kFrameSize, last = (end - m_base) / kFrameSize; i < last;) {
        if (i % 64 == 0 && last - i >= 64 && m_bitmap[i / 64] == 0) {
            m_bitmap[i / 64] = ~0ull;
            m_free += 64, m_total += 64, i += 64;
            continue;
        }
        if (!is_free(i)) {
            set_free(i, true);
            ++m_free, ++m_total;
        }
        ++i;
    }
    return true;
}

bool FrameAllocator::run_free(size_t first, size_t count) const {
    for (size_t i = first; i < first + count; ++i) {
        if (!is_free(i)) return false;
    }
    return true;
}

// Chapter 1, 5.2: next fit over the bitmap, aligned by physical address.
axerrno::AxResult<uint64_t> FrameAllocator::alloc(size_t count, size_t align_frames) {
    // LAB ch01.frame_alloc: claim a free, aligned run of frames, next fit (chapter 1, 5.2)
    if (count == 0 || align_frames == 0 || (align_frames & (align_frames - 1))) {
        return AxError::InvalidInput;
    }
    if (count > m_free) return AxError::NoMemory;
    // Alignment is of the physical address, so the first candidate depends on m_base.
    size_t base_frame = m_base / kFrameSize;
    auto aligned = [&](size_t i) {
        size_t abs = base_frame + i;
        return ((abs + align_frames - 1) & ~(align_frames - 1)) - base_frame;
    };
    // Next fit: search from the hint to the end, then from the start to the hint.
    for (int pass = 0; pass < 2; ++pass) {
        size_t from = pass == 0 ? m_hint : 0;
        size_t to = pass == 0 ? m_frames : m_hint + count;
        if (to > m_frames) to = m_frames;
        for (size_t i = aligned(from); i + count <= to; i = aligned(i + 1)) {
            if (count == 1 && align_frames == 1 && m_bitmap[i / 64] == 0) {  // skip full words
                i = (i | 63);
                continue;
            }
            if (!run_free(i, count)) continue;
            for (size_t k = i; k < i + count; ++k) set_free(k, false);
            m_free -= count;
            m_hint = i + count;
            return m_base + i * kFrameSize;
        }
    }
    return AxError::NoMemory;
    // LAB END
}

// Chapter 1, 5.2: a free is checked before it changes anything.
axerrno::AxResult<void> FrameAllocator::free(uint64_t addr, size_t count) {
    // LAB ch01.frame_free: check the run, then give its frames back (chapter 1, 5.2)
    if (count == 0 || addr % kFrameSize != 0 || addr < m_base) return AxError::InvalidInput;
    size_t first = (addr - m_base) / kFrameSize;
    if (first >= m_frames || count > m_frames - first) return AxError::InvalidInput;
    // Every frame must lie in some added range; a run alloc() handed out may span ranges that
    // touch or overlap, so walk the run range by range.
    for (size_t at = first; at < first + count;) {
        size_t next = at;
        for (size_t r = 0; r < m_nranges; ++r) {
            if (m_ranges[r].first <= at && at < m_ranges[r].end && m_ranges[r].end > next) {
                next = m_ranges[r].end;
            }
        }
        if (next == at) return AxError::InvalidInput;
        at = next;
    }
    for (size_t i = first; i < first + count; ++i) {
        if (is_free(i)) return AxError::BadState;
    }
    for (size_t i = first; i < first + count; ++i) set_free(i, true);
    m_free += count;
    return {};
    // LAB END
}

}  // namespace axalloc
