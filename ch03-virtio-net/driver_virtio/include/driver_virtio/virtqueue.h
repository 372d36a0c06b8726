/// @file driver_virtio/virtqueue.h
/// @brief A split virtqueue (virtio 1.2 section 2.7): the descriptor table, the available ring
/// (driver to device) and the used ring (device to driver) in one DMA region, with a free list
/// of descriptors, the memory barriers the specification requires, and notification
/// suppression (VIRTIO_F_EVENT_IDX when negotiated, the flags otherwise).
///
/// Nothing the device writes is trusted: a used-ring id out of range or not in flight (a
/// descriptor returned twice) is skipped and counted; a used length larger than the buffers the
/// device could write is reported (Used::len_ok false) so the driver drops the data but gets
/// its buffer back; chains and the free list are walked through a private copy of the `next`
/// links, never through the descriptor table the device can write. Not defended against: a
/// device that republishes stale used entries naming chains still in flight (the driver cannot
/// tell them from real completions). Hardware-free: tests/virtqueue_test.cpp drives it against a
/// simulated device.
#pragma once
#include <driver_common/driver_common.h>
#include <driver_virtio/virtio_spec.h>

#include <cstddef>
#include <cstdint>

namespace driver_virtio {

using driver_common::DevError;
using driver_common::DevResult;

/// One split virtqueue, driver side.
class SplitVirtqueue {
public:
    /// Largest queue this driver sets up.
    static constexpr uint16_t kMaxSize = 1024;

    /// Bytes of DMA memory a queue of @p size entries needs (one contiguous, zeroed region).
    static size_t memory_size(uint16_t size);

    /// Sets the queue up on @p base (virtual, 64-byte aligned, memory_size(size) zeroed bytes)
    /// at physical @p phys. @p size must be a power of two, 1..kMaxSize. @p event_idx: whether
    /// VIRTIO_F_EVENT_IDX was negotiated. Error: InvalidParam.
    [[nodiscard]] DevResult<> init(uint16_t size, uint8_t* base, uint64_t phys, bool event_idx);

    /// One buffer of a chain.
    struct Segment {
        uint64_t phys;       ///< Physical address.
        uint32_t len;        ///< Length in bytes.
        bool device_writes;  ///< true: the device writes it (receive); false: it reads it.
    };

    /// Queues a chain of @p n segments; @p token (not null) comes back from pop_used(). The
    /// device may use the buffers as soon as kick_prepare() publishes them. Errors: Again (not
    /// enough free descriptors), InvalidParam (n is 0 or larger than the queue, null segs or
    /// token, more than 2^32 - 1 bytes in all (2.7.5), a device-readable segment after a
    /// device-writable one (2.7.4.2)). On error nothing changes.
    [[nodiscard]] DevResult<> add(const Segment* segs, size_t n, void* token);

    /// Publishes the chains added since the last call (release barrier, then avail->idx) and
    /// says whether the device asked to be notified about them (event index or flags, read
    /// after a full barrier), counting the answer in kicks or kicks_saved. With nothing added
    /// since the last call: false, and nothing counted.
    bool kick_prepare();

    /// A chain the device finished.
    struct Used {
        void* token;   ///< The token given to add().
        uint32_t len;  ///< Bytes the device says it wrote.
        bool len_ok;   ///< false: len exceeds the chain's writable bytes (data must be dropped).
    };
    /// Takes the next finished chain. Error: Again when there is none. Malformed entries are
    /// skipped (and counted in stats()) so only chains the driver really queued come back.
    [[nodiscard]] DevResult<Used> pop_used();

    /// Whether the device has finished chains waiting for pop_used().
    bool has_used() const;

    /// Asks the device for an interrupt when the next chain is used. Returns true if a chain
    /// was already used meanwhile (the caller must not wait for an interrupt then).
    bool enable_interrupts();
    /// Asks the device not to interrupt: the NO_INTERRUPT flag, or with EVENT_IDX a used_event
    /// that pop_used() keeps just behind the used index, so the device never reaches it. A hint:
    /// the device may still interrupt (2.7.7); enable_interrupts() asks again.
    void disable_interrupts();

    /// Calls @p fn for every chain still queued (for a device reset), then empties the queue so
    /// it can be set up again with init(). Until then add() refuses (InvalidParam), pop_used()
    /// finds nothing (Again) and has_used() is false, even if used entries were left behind.
    void reclaim_all(void (*fn)(void* token, void* ctx), void* ctx);

    /// Number of entries.
    uint16_t size() const { return m_size; }
    /// Descriptors free now.
    uint16_t free_descriptors() const { return m_num_free; }
    /// Physical address of the descriptor table (for the transport).
    uint64_t desc_phys() const { return m_phys; }
    /// Physical address of the available ring.
    uint64_t avail_phys() const { return m_phys + m_layout.avail; }
    /// Physical address of the used ring.
    uint64_t used_phys() const { return m_phys + m_layout.used; }

    /// Counters.
    struct Stats {
        uint64_t added;          ///< Chains added.
        uint64_t used;           ///< Chains returned by pop_used().
        uint64_t kicks;          ///< kick_prepare() calls that asked for a notification.
        uint64_t kicks_saved;    ///< kick_prepare() calls where the device did not want one.
        uint64_t bad_id;         ///< Used entries with an id out of range: skipped.
        uint64_t not_in_flight;  ///< Used entries naming a chain not queued (twice?): skipped.
        uint64_t bad_len;        ///< Used entries longer than the chain's writable bytes.
    };
    /// The counters so far.
    const Stats& stats() const { return m_stats; }

private:
    // Where each part of the ring starts, in bytes from the region's start (chapter 3, 4.1).
    struct Layout {
        size_t avail;        // VirtqAvailHdr
        size_t avail_ring;   // VirtqAvailElem[size]
        size_t used_event;   // VirtqEvent
        size_t used;         // VirtqUsedHdr, on its own cache line
        size_t used_ring;    // VirtqUsedElem[size]
        size_t avail_event;  // VirtqEvent
        size_t total;        // memory_size()
    };
    static Layout layout_of(uint16_t size);

    volatile VirtqAvailHdr* avail() const;
    volatile VirtqAvailElem* avail_ring() const;
    volatile VirtqEvent* used_event() const;
    volatile VirtqUsedHdr* used() const;
    volatile VirtqUsedElem* used_ring() const;
    volatile VirtqEvent* avail_event() const;
    void keep_used_event_behind();

    VirtqDesc* m_desc = nullptr;
    uint8_t* m_base = nullptr;
    uint64_t m_phys = 0;
    Layout m_layout = {};
    uint16_t m_size = 0;
    bool m_event_idx = false;
    bool m_interrupts_off = false;  // disable_interrupts() was called, enable_interrupts() not
    uint16_t m_free_head = 0;       // first free descriptor; free ones chain through m_next
    uint16_t m_num_free = 0;
    uint16_t m_avail_shadow = 0;     // avail->idx as the driver will publish it
    uint16_t m_avail_published = 0;  // avail->idx the device has seen
    uint16_t m_last_used = 0;        // next used->ring entry to read
    void* m_tokens[kMaxSize] = {};   // token of each chain head; null: not in flight
    uint16_t m_chain_len[kMaxSize] = {};
    uint16_t m_next[kMaxSize] = {};      // chain and free-list links, out of the device's reach
    uint32_t m_writable[kMaxSize] = {};  // writable bytes of each in-flight chain
    Stats m_stats = {};
};

}  // namespace driver_virtio
