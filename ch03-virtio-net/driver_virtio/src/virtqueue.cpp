// driver_virtio/src/virtqueue.cpp: the split virtqueue (virtio 1.2 section 2.7). Layout in the
// DMA region: descriptor table (16 bytes per entry, 2.7.5), available ring (2.7.6) right after
// it, used ring (2.7.8) on the next 64-byte boundary so driver and device writes never share a
// cache line. All fields are little endian, as x86 is.
#include <driver_virtio/virtqueue.h>

namespace driver_virtio {
namespace {

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

size_t SplitVirtqueue::memory_size(uint16_t size) {
    size_t avail = 16 * size_t(size);
    size_t used = align_up(avail + 6 + 2 * size_t(size), 64);
    return used + 6 + 8 * size_t(size);
}

DevResult<> SplitVirtqueue::init(uint16_t size, uint8_t* base, uint64_t phys, bool event_idx) {
    if (size == 0 || size > kMaxSize || (size & (size - 1)) || !base ||
        reinterpret_cast<uintptr_t>(base) % 64 != 0) {
        return DevError::InvalidParam;
    }
    m_base = base;
    m_phys = phys;
    m_size = size;
    m_event_idx = event_idx;
    m_desc = reinterpret_cast<VirtqDesc*>(base);
    m_avail_off = 16 * size_t(size);
    m_used_off = align_up(m_avail_off + 6 + 2 * size_t(size), 64);
    for (size_t i = 0; i < memory_size(size); ++i) base[i] = 0;
    for (uint16_t i = 0; i < size; ++i) {
        m_next[i] = uint16_t(i + 1);
        m_tokens[i] = nullptr;
    }
    m_free_head = 0;
    m_num_free = size;
    m_avail_shadow = m_avail_published = m_last_used = 0;
    m_stats = {};
    return {};
}

volatile uint16_t* SplitVirtqueue::avail_flags() const {
    return reinterpret_cast<volatile uint16_t*>(m_base + m_avail_off);
}
volatile uint16_t* SplitVirtqueue::avail_idx() const {
    return avail_flags() + 1;
}
volatile uint16_t* SplitVirtqueue::avail_ring() const {
    return avail_flags() + 2;
}
volatile uint16_t* SplitVirtqueue::used_event() const {
    return avail_ring() + m_size;
}
volatile uint16_t* SplitVirtqueue::used_flags() const {
    return reinterpret_cast<volatile uint16_t*>(m_base + m_used_off);
}
volatile uint16_t* SplitVirtqueue::used_idx() const {
    return used_flags() + 1;
}
volatile VirtqUsedElem* SplitVirtqueue::used_ring() const {
    return reinterpret_cast<volatile VirtqUsedElem*>(m_base + m_used_off + 4);
}
volatile uint16_t* SplitVirtqueue::avail_event() const {
    return reinterpret_cast<volatile uint16_t*>(m_base + m_used_off + 4 + 8 * size_t(m_size));
}

DevResult<> SplitVirtqueue::add(const Segment* segs, size_t n, void* token) {
    if (n == 0 || n > m_size || !token) return DevError::InvalidParam;
    if (n > m_num_free) return DevError::Again;
    // The device reports a used length in 32 bits (2.7.8): a chain whose writable bytes do not
    // fit could never be checked against it.
    uint64_t writable64 = 0;
    for (size_t i = 0; i < n; ++i) writable64 += segs[i].device_writes ? segs[i].len : 0;
    if (writable64 > UINT32_MAX) return DevError::InvalidParam;
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
    avail_ring()[m_avail_shadow % m_size] = head;
    ++m_avail_shadow;
    ++m_stats.added;
    return {};
}

bool SplitVirtqueue::kick_prepare() {
    uint16_t old = m_avail_published;
    uint16_t now = m_avail_shadow;
    if (old == now) return false;
    release_barrier();  // descriptors and ring slots before the index (2.7.13)
    *avail_idx() = now;
    m_avail_published = now;
    full_barrier();  // the index before reading what the device asked for (2.7.7.2)
    bool notify =
        m_event_idx ? need_event(*avail_event(), now, old) : !(*used_flags() & kUsedFNoNotify);
    ++(notify ? m_stats.kicks : m_stats.kicks_saved);
    return notify;
}

// m_size is 0 before init() and after reclaim_all(): nothing is queued, whatever used->idx says
// (the ring index below would divide by zero).
bool SplitVirtqueue::has_used() const {
    return m_size != 0 && *used_idx() != m_last_used;
}

DevResult<SplitVirtqueue::Used> SplitVirtqueue::pop_used() {
    if (m_size == 0) return DevError::Again;
    while (true) {
        uint16_t idx = *used_idx();
        if (idx == m_last_used) return DevError::Again;
        acquire_barrier();  // the index before the entry it covers
        VirtqUsedElem e;
        e.id = used_ring()[m_last_used % m_size].id;
        e.len = used_ring()[m_last_used % m_size].len;
        ++m_last_used;
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
}

bool SplitVirtqueue::enable_interrupts() {
    if (m_event_idx) {
        *used_event() = m_last_used;
    } else {
        *avail_flags() = 0;
    }
    full_barrier();  // publish the request before checking for work that raced with it
    return has_used();
}

void SplitVirtqueue::disable_interrupts() {
    if (!m_event_idx) *avail_flags() = kAvailFNoInterrupt;
    // With EVENT_IDX, used_event is left behind: the device interrupts at most once more.
}

void SplitVirtqueue::reclaim_all(void (*fn)(void* token, void* ctx), void* ctx) {
    for (uint16_t i = 0; i < m_size; ++i) {
        if (m_tokens[i]) fn(m_tokens[i], ctx);
        m_tokens[i] = nullptr;
    }
    m_num_free = 0;
    m_size = 0;  // unusable until init()
}

}  // namespace driver_virtio
