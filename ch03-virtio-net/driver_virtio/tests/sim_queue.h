// driver_virtio/tests/sim_queue.h: SimDevice, the device side of one split virtqueue as a
// virtio 1.2 section 2.7 device sees it, for the host tests (virtqueue_test.cpp drives a
// SplitVirtqueue against it; virtio_net_test.cpp puts it behind a simulated PCI function). A
// physical address is the host address itself. Hostile: it overwrites every
// descriptor it takes.
#pragma once
#include <driver_virtio/virtqueue.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace driver_virtio::testing {

// vring_need_event of 2.7.7.2, restated here so the test does not rely on the driver's copy.
inline bool spec_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx) {
    return uint16_t(new_idx - event - 1) < uint16_t(new_idx - old_idx);
}

// The fake bus: a physical address is the host address itself.
inline uint64_t phys_of(const void* p) {
    return reinterpret_cast<uintptr_t>(p);
}
inline uint8_t* host_of(uint64_t phys) {
    return reinterpret_cast<uint8_t*>(uintptr_t(phys));
}
inline void* token_of(uint64_t n) {
    return reinterpret_cast<void*>(uintptr_t(n));
}

// The device side of one split queue: finds the rings through the addresses the driver gives
// the transport, consumes the available ring from its own index, walks chains (2.7.5), does
// the I/O, publishes used entries (2.7.8) and decides on interrupts (2.7.7.2, 2.7.10).
class SimDevice {
public:
    struct Chain {
        uint16_t head;
        std::vector<VirtqDesc> descs;  // copies, as the device read them
        uint32_t writable;             // bytes the device may write
    };

    void attach(const SplitVirtqueue& q, bool event_idx) {
        attach(q.size(), q.desc_phys(), q.avail_phys(), q.used_phys(), event_idx);
    }
    // The queue as the transport's registers describe it (4.1.4.3).
    void attach(uint16_t size, uint64_t desc, uint64_t avail, uint64_t used, bool event_idx) {
        *this = SimDevice();
        m_size = size;
        m_event_idx = event_idx;
        m_desc = reinterpret_cast<VirtqDesc*>(host_of(desc));
        m_avail = reinterpret_cast<uint16_t*>(host_of(avail));
        m_used = reinterpret_cast<uint16_t*>(host_of(used));
        m_ring = reinterpret_cast<VirtqUsedElem*>(m_used + 2);
    }
    // Chains published since the last call, in ring order; broken ones are counted, not used.
    // The device is hostile: it then scribbles over every descriptor it took, so the driver
    // must rely on its private copy of the links and lengths, never on the table.
    std::vector<Chain> take_avail() {
        std::vector<Chain> out;
        for (uint16_t idx = avail_idx(); m_last_avail != idx; ++m_last_avail) {
            auto c = walk(m_avail[2 + m_last_avail % m_size]);
            if (!c) {
                ++broken;
                continue;
            }
            scribble(*c);
            out.push_back(std::move(*c));
        }
        return out;
    }
    // Reads the device-readable buffers into last_read, writes @p len bytes of 0xd5 into the
    // device-writable ones (in order), and queues {head, len} (not yet published).
    void complete(const Chain& c, uint32_t len) {
        last_read.clear();
        uint32_t left = len;
        for (const VirtqDesc& d : c.descs) {
            uint8_t* p = host_of(d.addr);
            bool writes = d.flags & kDescFWrite;
            uint32_t n = writes ? std::min(left, d.len) : 0;
            if (!writes) last_read.insert(last_read.end(), p, p + d.len);
            std::memset(p, 0xd5, n);
            left -= n;
        }
        put_used(c.head, len);
    }
    // Queues a raw used entry, well-formed or not.
    void put_used(uint32_t id, uint32_t len) { m_ring[m_used_shadow++ % m_size] = {id, len}; }
    // Publishes used->idx; returns (and counts) whether the device interrupts for it.
    bool publish() {
        uint16_t old = m_used[1];
        m_used[1] = m_used_shadow;
        if (old == m_used_shadow) return false;
        bool irq = m_event_idx ? spec_need_event(used_event(), m_used_shadow, old)
                               : !(m_avail[0] & kAvailFNoInterrupt);
        interrupts += irq;
        return irq;
    }
    // A broken device: moves used->idx @p n ahead over entries garbage_id, garbage_id + 1...
    void jump_used_idx(uint16_t n, uint32_t garbage_id) {
        for (uint16_t i = 0; i < m_size; ++i) m_ring[i] = {garbage_id + i, 0xffff};
        m_used[1] = m_used_shadow = uint16_t(m_used_shadow + n);
    }

    void set_no_notify(bool on) { m_used[0] = on ? kUsedFNoNotify : 0; }
    void set_avail_event(uint16_t v) { m_used[2 + 4 * m_size] = v; }
    uint16_t avail_idx() const { return m_avail[1]; }
    uint16_t avail_flags() const { return m_avail[0]; }
    uint16_t used_event() const { return m_avail[2 + m_size]; }
    uint16_t last_avail() const { return m_last_avail; }
    bool pending() const { return m_used[1] != m_used_shadow; }  // used entries not published

    uint64_t broken = 0;      // chains that looped, left the table or put reads after writes
    uint64_t interrupts = 0;  // publish() calls that interrupted
    std::vector<uint8_t> last_read;

private:
    // Rewrites the descriptors of @p c (whose copies the device keeps) with lies: each `next`
    // points back at the chain's head (a loop, if followed), flags claim NEXT, WRITE and
    // INDIRECT, the length is huge and the address is junk.
    void scribble(const Chain& c) {
        uint16_t i = c.head;
        for (const VirtqDesc& d : c.descs) {
            uint16_t next = d.next;
            m_desc[i] = {0xdead'beef'0000'0000ull | i, 0xffff'ffffu, 0xffff, c.head};
            i = next;
        }
    }

    std::optional<Chain> walk(uint16_t head) const {
        Chain c{head, {}, 0};
        std::vector<bool> seen(m_size);  // bounds the walk by the queue size
        for (uint16_t i = head;; i = c.descs.back().next) {
            if (i >= m_size || seen[i]) return std::nullopt;  // out of the table, or a loop
            seen[i] = true;
            const VirtqDesc d = m_desc[i];
            if (!(d.flags & kDescFWrite) && c.writable) return std::nullopt;  // 2.7.4.2
            c.descs.push_back(d);
            if (d.flags & kDescFWrite) c.writable += d.len;
            if (!(d.flags & kDescFNext)) return c;
        }
    }

    uint16_t m_size = 0;
    bool m_event_idx = false;
    VirtqDesc* m_desc = nullptr;
    uint16_t* m_avail = nullptr;  // flags, idx, ring[size], used_event
    uint16_t* m_used = nullptr;   // flags, idx, ring[size] (8 bytes each), avail_event
    VirtqUsedElem* m_ring = nullptr;
    uint16_t m_last_avail = 0;
    uint16_t m_used_shadow = 0;
};

}  // namespace driver_virtio::testing
