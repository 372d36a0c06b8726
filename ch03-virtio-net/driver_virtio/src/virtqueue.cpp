// driver_virtio/src/virtqueue.cpp: the split virtqueue (virtio 1.2 section 2.7). Layout in the
// DMA region: descriptor table (VirtqDesc[size], 2.7.5), available ring (2.7.6) right after it,
// used ring (2.7.8) on the next cache line so driver and device writes never share one. Every
// size and offset comes from the structs of virtio_spec.h. All fields are little endian, as x86
// is. Chapter 3 section 4 explains each function; its section is named above it.
#include <driver_virtio/virtqueue.h>

namespace driver_virtio {
namespace {

// The used ring starts on its own cache line (the specification asks only for 4-byte
// alignment, 2.7).
constexpr size_t kUsedRingAlign = 64;
// The region must start on a cache line too, so the used ring's alignment holds physically.
constexpr size_t kRegionAlign = kUsedRingAlign;

// Barriers (2.7.7.2, 2.7.13): on x86 stores are not reordered with older stores, nor loads with
// older loads, so publishing and consuming need only a compiler barrier; a store followed by a
// load of another location can be reordered, so the notification check needs a full fence.
inline void release_barrier() {
    asm volatile("" ::: "memory");
}
inline void acquire_barrier() {
    asm volatile("" ::: "memory");
}
inline void full_barrier() {
    asm volatile("mfence" ::: "memory");
}

size_t align_up(size_t v, size_t a) {
    return (v + a - 1) & ~(a - 1);
}

// 2.7.7.2: does the device want a notification for new_idx, having asked at event?
bool need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx) {
    return uint16_t(new_idx - event - 1) < uint16_t(new_idx - old_idx);
}

}  // namespace

// Chapter 3, 4.1: the three areas, each part's offset derived from the structs' sizes.
SplitVirtqueue::Layout SplitVirtqueue::layout_of(uint16_t size) {
    Layout l{};
    l.avail = sizeof(VirtqDesc) * size_t(size);
    l.avail_ring = l.avail + sizeof(VirtqAvailHdr);
    l.used_event = l.avail_ring + sizeof(VirtqAvailElem) * size_t(size);
    l.used = align_up(l.used_event + sizeof(VirtqEvent), kUsedRingAlign);
    l.used_ring = l.used + sizeof(VirtqUsedHdr);
    l.avail_event = l.used_ring + sizeof(VirtqUsedElem) * size_t(size);
    l.total = l.avail_event + sizeof(VirtqEvent);
    return l;
}

// Chapter 3, 4.1.
size_t SplitVirtqueue::memory_size(uint16_t size) {
    return layout_of(size).total;
}

// Chapter 3, 4.1: carve the region up, zero it, and put every descriptor on the free list.
DevResult<> SplitVirtqueue::init(uint16_t size, uint8_t* base, uint64_t phys, bool event_idx) {
    if (size == 0 || size > kMaxSize || (size & (size - 1)) || !base ||
        reinterpret_cast<uintptr_t>(base) % kRegionAlign != 0) {
        return DevError::InvalidParam;
    }
    m_base = base;
    m_phys = phys;
    m_size = size;
    m_event_idx = event_idx;
    m_interrupts_off = false;
    m_desc = reinterpret_cast<VirtqDesc*>(base);
    m_layout = layout_of(size);
    for (size_t i = 0; i < m_layout.total; ++i) base[i] = 0;
    for (uint16_t i = 0; i < size; ++i) {
        m_next[i] = uint16_t(i + 1);
        m_tokens[i] = nullptr;
    }
    m_free_head = 0;
    m_num_free = size;
    m_avail_shadow = 0;
    m_avail_published = 0;
    m_last_used = 0;
    m_stats = {};
    return {};
}

volatile VirtqAvailHdr* SplitVirtqueue::avail() const {
    return reinterpret_cast<volatile VirtqAvailHdr*>(m_base + m_layout.avail);
}
volatile VirtqAvailElem* SplitVirtqueue::avail_ring() const {
    return reinterpret_cast<volatile VirtqAvailElem*>(m_base + m_layout.avail_ring);
}
volatile VirtqEvent* SplitVirtqueue::used_event() const {
    return reinterpret_cast<volatile VirtqEvent*>(m_base + m_layout.used_event);
}
volatile VirtqUsedHdr* SplitVirtqueue::used() const {
    return reinterpret_cast<volatile VirtqUsedHdr*>(m_base + m_layout.used);
}
volatile VirtqUsedElem* SplitVirtqueue::used_ring() const {
    return reinterpret_cast<volatile VirtqUsedElem*>(m_base + m_layout.used_ring);
}
volatile VirtqEvent* SplitVirtqueue::avail_event() const {
    return reinterpret_cast<volatile VirtqEvent*>(m_base + m_layout.avail_event);
}

// Chapter 3, 4.2: check the whole chain first (all or none), then fill descriptors taken from
// the free list, linked through the private m_next, and put the head into the next ring slot.
DevResult<> SplitVirtqueue::add(const Segment* segs, size_t n, void* token) {
    // LAB ch03.vq_add: check the chain, take descriptors, fill the ring slot (chapter 3, 4.2)
    if (n == 0 || n > m_size || !segs || !token) return DevError::InvalidParam;
    uint64_t total = 0;
    bool writes_seen = false;
    for (size_t i = 0; i < n; ++i) {
        total += segs[i].len;
        // 2.7.4.2: device-readable descriptors come before device-writable ones.
        if (writes_seen && !segs[i].device_writes) return DevError::InvalidParam;
        writes_seen = writes_seen || segs[i].device_writes;
    }
    if (total > UINT32_MAX) return DevError::InvalidParam;  // 2.7.5: at most 2^32 - 1 bytes
    if (n > m_num_free) return DevError::Again;
    uint16_t head = m_free_head;
    uint16_t last = head;
    uint32_t writable = 0;
    for (size_t i = 0; i < n; ++i) {
        VirtqDesc& d = m_desc[last];
        d.addr = segs[i].phys;
        d.len = segs[i].len;
        d.flags =
            uint16_t((segs[i].device_writes ? kDescFWrite : 0) | (i + 1 < n ? kDescFNext : 0));
        d.next = m_next[last];  // what the device follows; m_next is what the driver trusts
        if (segs[i].device_writes) writable += segs[i].len;
        if (i + 1 < n) last = m_next[last];
    }
    m_free_head = m_next[last];
    m_num_free = uint16_t(m_num_free - n);
    m_tokens[head] = token;
    m_chain_len[head] = uint16_t(n);
    m_writable[head] = writable;
    avail_ring()[m_avail_shadow % m_size].id = head;
    ++m_avail_shadow;
    ++m_stats.added;
    return {};
    // LAB END
}

// Chapter 3, 4.3 (publishing, barriers) and 4.5 (does the device want a notification?).
bool SplitVirtqueue::kick_prepare() {
    // LAB ch03.vq_kick_prepare: publish avail->idx; does the device want a kick? (chapter 3, 4.3)
    uint16_t old = m_avail_published;
    uint16_t now = m_avail_shadow;
    if (old == now) return false;
    release_barrier();  // descriptors and ring slots before the index (2.7.13)
    avail()->idx = now;
    m_avail_published = now;
    full_barrier();  // the index before reading what the device asked for (2.7.7.2)
    bool notify =
        m_event_idx ? need_event(avail_event()->idx, now, old) : !(used()->flags & kUsedFNoNotify);
    if (notify) {
        ++m_stats.kicks;
    } else {
        ++m_stats.kicks_saved;
    }
    return notify;
    // LAB END
}

// Chapter 3, 4.4. m_size is 0 before init() and after reclaim_all(): nothing is queued,
// whatever used->idx says (the ring index below would divide by zero).
bool SplitVirtqueue::has_used() const {
    return m_size != 0 && used()->idx != m_last_used;
}

// Chapter 3, 4.4: take the next used entry, and trust nothing in it.
DevResult<SplitVirtqueue::Used> SplitVirtqueue::pop_used() {
    // LAB ch03.vq_pop_used: take a used entry, trusting nothing in it (chapter 3, 4.4)
    if (m_size == 0) return DevError::Again;
    while (true) {
        uint16_t idx = used()->idx;
        if (idx == m_last_used) return DevError::Again;
        acquire_barrier();  // the index before the entry it covers
        volatile VirtqUsedElem& slot = used_ring()[m_last_used % m_size];
        VirtqUsedElem e{slot.id, slot.len};
        ++m_last_used;
        keep_used_event_behind();
        if (e.id >= m_size) {
            ++m_stats.bad_id;
            continue;
        }
        void* token = m_tokens[e.id];
        if (!token) {
            ++m_stats.not_in_flight;
            continue;
        }
        // Give the chain's descriptors back: walk it by our own links and count, not the
        // descriptor table the device can write.
        uint16_t n = m_chain_len[e.id];
        uint16_t last = uint16_t(e.id);
        for (uint16_t i = 1; i < n; ++i) last = m_next[last];
        m_next[last] = m_free_head;
        m_free_head = uint16_t(e.id);
        m_num_free = uint16_t(m_num_free + n);
        m_tokens[e.id] = nullptr;
        bool len_ok = e.len <= m_writable[e.id];
        if (!len_ok) ++m_stats.bad_len;
        ++m_stats.used;
        return Used{token, e.len, len_ok};
    }
    // LAB END
}

// Chapter 3, 4.5: with interrupts off and EVENT_IDX, used_event trails the entries already
// consumed, so the device (which interrupts when its index passes used_event) never reaches it.
void SplitVirtqueue::keep_used_event_behind() {
    if (m_event_idx && m_interrupts_off) used_event()->idx = uint16_t(m_last_used - 1);
}

// Chapter 3, 4.5.
bool SplitVirtqueue::enable_interrupts() {
    m_interrupts_off = false;
    if (m_event_idx) {
        used_event()->idx = m_last_used;
    } else {
        avail()->flags = 0;
    }
    full_barrier();  // publish the request before checking for work that raced with it
    return has_used();
}

// Chapter 3, 4.5. With EVENT_IDX the flags must stay 0 (2.7.7.1): used_event does the work.
void SplitVirtqueue::disable_interrupts() {
    m_interrupts_off = true;
    if (m_event_idx) {
        keep_used_event_behind();
    } else {
        avail()->flags = kAvailFNoInterrupt;
    }
}

// Chapter 3, 4.6.
void SplitVirtqueue::reclaim_all(void (*fn)(void* token, void* ctx), void* ctx) {
    for (uint16_t i = 0; i < m_size; ++i) {
        if (m_tokens[i]) fn(m_tokens[i], ctx);
        m_tokens[i] = nullptr;
    }
    m_num_free = 0;
    m_size = 0;  // unusable until init()
}

}  // namespace driver_virtio
