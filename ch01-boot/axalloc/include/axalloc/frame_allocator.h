/// @file axalloc/frame_allocator.h
/// @brief The page-frame allocator: hands out physically contiguous runs of 4 KiB frames, with
/// a chosen alignment, for page tables, the heap and DMA buffers. One bit per frame (1 = free).
/// Hardware-free (the host tests check it against a model: tests/frame_allocator_test.cpp).
#pragma once
#include <axerrno/axerrno.h>

#include <cstddef>
#include <cstdint>

namespace axalloc {

/// A bitmap allocator over the frames of [base, base + frames * 4096).
class FrameAllocator {
public:
    /// Frame size in bytes.
    static constexpr uint64_t kFrameSize = 4096;

    /// Words of bitmap storage needed for @p frames frames.
    static constexpr size_t bitmap_words(size_t frames) { return (frames + 63) / 64; }

    /// Takes charge of @p frames frames from physical @p base (frame aligned), using @p bitmap
    /// (bitmap_words(frames) words, owned by the caller, outliving the allocator) as storage.
    /// Every frame starts out used: add_free() says which exist and are free.
    void init(uint64_t base, size_t frames, uint64_t* bitmap);

    /// Marks the whole frames inside [start, end) free: they exist and may be handed out.
    /// Parts outside the managed range are ignored. Returns false if the allocator already
    /// tracks kMaxRanges separate ranges (the range is then not added).
    [[nodiscard]] bool add_free(uint64_t start, uint64_t end);

    /// Most separate ranges of RAM one allocator manages.
    static constexpr size_t kMaxRanges = 64;

    /// Allocates @p count contiguous frames whose first address is a multiple of
    /// @p align_frames frames (a power of two). Errors: InvalidInput (count 0, bad alignment),
    /// NoMemory (no such run is free). The frames' contents are not cleared.
    [[nodiscard]] axerrno::AxResult<uint64_t> alloc(size_t count, size_t align_frames = 1);

    /// Frees @p count frames from @p addr. Errors: InvalidInput (not frame aligned, outside the
    /// RAM given to add_free()), BadState (a frame in the run is already free: double free). On
    /// error nothing changes.
    [[nodiscard]] axerrno::AxResult<void> free(uint64_t addr, size_t count);

    /// Frames currently free.
    size_t free_frames() const { return m_free; }
    /// Frames that were ever added free (the allocator's capacity).
    size_t total_frames() const { return m_total; }

private:
    bool is_free(size_t i) const { return (m_bitmap[i / 64] >> (i % 64)) & 1; }
    void set_free(size_t i, bool free);
    bool run_free(size_t first, size_t count) const;

    uint64_t m_base = 0;
    size_t m_frames = 0;
    uint64_t* m_bitmap = nullptr;
    size_t m_free = 0;
    size_t m_total = 0;
    size_t m_hint = 0;  // where the next search starts (next fit)
    // The frame ranges [first, end) given to add_free(): free() accepts nothing else, so a
    // wrong address can never turn a hole or a device region into allocatable RAM.
    struct FrameRange {
        size_t first, end;
    };
    FrameRange m_ranges[kMaxRanges] = {};
    size_t m_nranges = 0;
};

}  // namespace axalloc
