// driver_virtio/fuzz/used_ring_fuzz.cpp: libFuzzer target for SplitVirtqueue against a hostile
// device. The input is a script: the driver adds chains, publishes and reaps them; the device
// writes whatever it likes where virtio 1.2 section 2.7 lets a device write (used-ring entries
// with any id and length, the used index moved by any amount, the used flags and avail_event)
// and scribbles over the descriptor table after taking chains. Through the public API only, it
// checks what virtqueue.h promises:
//   - pop_used() returns only tokens of chains in flight, each once; len_ok is exactly
//     "len <= the chain's device-writable bytes";
//   - free_descriptors() is the queue size minus the descriptors of the chains in flight;
//   - reclaim_all() hands back exactly the chains still in flight;
//   - nothing reads or writes outside the ring memory (AddressSanitizer: the ring is a heap
//     block of exactly memory_size() bytes) and pop_used() always returns (libFuzzer's timeout).
// The fake bus is the one of tests/virtqueue_test.cpp: a physical address is the host address.
#include <driver_virtio/virtqueue.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>

namespace {

using driver_common::DevError;
using driver_virtio::SplitVirtqueue;

#define FUZZ_CHECK(cond)                                                                    \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            std::fprintf(stderr, "used_ring_fuzz: invariant broken: %s (line %d)\n", #cond, \
                         __LINE__);                                                         \
            std::abort();                                                                   \
        }                                                                                   \
    } while (0)

// The split ring's device-side view (virtio 1.2 section 2.7): 16-byte descriptors; the
// available ring {flags, idx, ring[size], used_event}; the used ring {flags, idx,
// ring[size] of {le32 id, le32 len}, avail_event}. Fields are reached with memcpy at their
// offsets, as a device reading guest memory would.
struct Device {
    uint8_t* desc;
    uint8_t* avail;
    uint8_t* used;
    uint16_t size;
    uint16_t used_shadow = 0;  // the device's next used index

    uint16_t get16(const uint8_t* p) const {
        uint16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }
    void put16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }
    void put32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }

    uint16_t avail_entry(uint16_t slot) const { return get16(avail + 4 + 2 * (slot % size)); }
    void put_used(uint32_t id, uint32_t len) {
        uint8_t* e = used + 4 + 8 * (used_shadow++ % size);
        put32(e, id);
        put32(e + 4, len);
    }
    void publish() { put16(used + 2, used_shadow); }
    void set_used_idx(uint16_t v) { put16(used + 2, used_shadow = v); }
    void set_used_flags(uint16_t v) { put16(used, v); }
    void set_avail_event(uint16_t v) { put16(used + 4 + 8 * size, v); }
    void scribble_desc(uint16_t i, const uint8_t (&bytes)[16]) {
        std::memcpy(desc + 16 * (i % size), bytes, 16);
    }
};

// What the driver has in flight, by token.
struct Chain {
    uint16_t descriptors;
    uint64_t writable;
};

struct Ring {
    uint8_t* p;
    ~Ring() { operator delete[](p, std::align_val_t(64)); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const auto qsize = uint16_t(1u << in.ConsumeIntegralInRange(0, 8));  // 1..256 entries
    const bool event_idx = in.ConsumeBool();
    const size_t bytes = SplitVirtqueue::memory_size(qsize);
    Ring ring{static_cast<uint8_t*>(operator new[](bytes, std::align_val_t(64)))};
    std::memset(ring.p, 0, bytes);

    auto q = std::make_unique<SplitVirtqueue>();
    FUZZ_CHECK(q->init(qsize, ring.p, reinterpret_cast<uintptr_t>(ring.p), event_idx).ok());
    auto host = [](uint64_t phys) { return reinterpret_cast<uint8_t*>(uintptr_t(phys)); };
    Device dev{host(q->desc_phys()), host(q->avail_phys()), host(q->used_phys()), qsize};

    std::map<uintptr_t, Chain> in_flight;
    size_t held = 0;  // descriptors of the chains in flight
    uintptr_t next_token = 1;
    auto check_free_count = [&] { FUZZ_CHECK(q->free_descriptors() + held == qsize); };

    while (in.remaining_bytes() > 0) {
        switch (in.ConsumeIntegralInRange(0, 7)) {
            case 0: {  // the driver adds a chain of 1..4 segments
                SplitVirtqueue::Segment segs[4];
                size_t n = in.ConsumeIntegralInRange<size_t>(1, 4);
                uint64_t writable = 0;
                for (size_t i = 0; i < n; ++i) {
                    segs[i] = {in.ConsumeIntegral<uint64_t>(), in.ConsumeIntegral<uint32_t>(),
                               in.ConsumeBool()};
                    if (segs[i].device_writes) writable += segs[i].len;
                }
                uint16_t before = q->free_descriptors();
                auto r = q->add(segs, n, reinterpret_cast<void*>(next_token));
                if (r.ok()) {
                    FUZZ_CHECK(before >= n && q->free_descriptors() == before - n);
                    in_flight[next_token++] = {uint16_t(n), writable};
                    held += n;
                } else {
                    FUZZ_CHECK(q->free_descriptors() == before);
                    FUZZ_CHECK(r.error() == DevError::Again || r.error() == DevError::InvalidParam);
                }
                break;
            }
            case 1:
                (void)q->kick_prepare();
                break;
            case 2: {  // the device completes a chain: a head it was offered, or any id at all
                uint32_t id = in.ConsumeBool() ? dev.avail_entry(in.ConsumeIntegral<uint16_t>())
                                               : in.ConsumeIntegral<uint32_t>();
                dev.put_used(id, in.ConsumeIntegral<uint32_t>());
                if (in.ConsumeBool()) dev.publish();
                break;
            }
            case 3:  // the device moves the used index anywhere
                dev.set_used_idx(in.ConsumeIntegral<uint16_t>());
                break;
            case 4: {  // the device overwrites a descriptor (addr, len, flags, next)
                uint8_t junk[16] = {};
                in.ConsumeData(junk, sizeof junk);
                dev.scribble_desc(in.ConsumeIntegral<uint16_t>(), junk);
                break;
            }
            case 5:  // the driver reaps; a queue of n entries cannot hold more than n chains
                for (int i = 0; i <= qsize; ++i) {
                    auto r = q->pop_used();
                    if (!r.ok()) {
                        FUZZ_CHECK(r.error() == DevError::Again);
                        break;
                    }
                    auto it = in_flight.find(reinterpret_cast<uintptr_t>(r.value().token));
                    FUZZ_CHECK(it != in_flight.end());  // only chains in flight come back
                    FUZZ_CHECK(r.value().len_ok == (r.value().len <= it->second.writable));
                    held -= it->second.descriptors;
                    in_flight.erase(it);
                    check_free_count();
                }
                break;
            case 6:  // interrupt suppression, both ways
                if (in.ConsumeBool()) {
                    (void)q->enable_interrupts();
                } else {
                    q->disable_interrupts();
                }
                (void)q->has_used();
                break;
            case 7:  // the device's own fields: used flags, avail_event
                dev.set_used_flags(in.ConsumeIntegral<uint16_t>());
                dev.set_avail_event(in.ConsumeIntegral<uint16_t>());
                break;
        }
        check_free_count();
    }

    // A reset hands back exactly the chains still in flight, each once.
    struct Reclaimed {
        std::map<uintptr_t, Chain>* in_flight;
        size_t count;
    } rec{&in_flight, 0};
    q->reclaim_all(
        [](void* token, void* ctx) {
            auto* r = static_cast<Reclaimed*>(ctx);
            FUZZ_CHECK(r->in_flight->erase(reinterpret_cast<uintptr_t>(token)) == 1);
            ++r->count;
        },
        &rec);
    FUZZ_CHECK(in_flight.empty());
    FUZZ_CHECK(!q->has_used());
    FUZZ_CHECK(q->pop_used().error() == DevError::Again);
    return 0;
}
