// driver_virtio/tests/virtqueue_test.cpp: host tests of SplitVirtqueue against SimDevice, a
// simulated device working on the same ring memory as a virtio 1.2 section 2.7 device would.
#include "sim_queue.h"

#include <driver_virtio/virtqueue.h>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <random>
#include <unordered_map>
#include <vector>

namespace {

using driver_common::DevError;
using driver_virtio::kAvailFNoInterrupt;
using driver_virtio::kDescFNext;
using driver_virtio::kDescFWrite;
using driver_virtio::kUsedFNoNotify;
using driver_virtio::SplitVirtqueue;
using driver_virtio::VirtqDesc;
using driver_virtio::VirtqUsedElem;
using Seg = SplitVirtqueue::Segment;
using namespace driver_virtio::testing;

// Room for the largest queue (memory_size(kMaxSize) is 26694 bytes).
constexpr size_t kRingBytes = 32768;

// A queue of @p size, its device, and buffer memory the device can reach.
struct Rig {
    Rig(uint16_t size, bool event_idx) {
        REQUIRE(SplitVirtqueue::memory_size(size) <= kRingBytes);
        REQUIRE(q.init(size, mem, phys_of(mem), event_idx).ok());
        dev.attach(q, event_idx);
    }
    alignas(64) uint8_t mem[kRingBytes];
    SplitVirtqueue q;
    SimDevice dev;
    uint8_t buf[4096] = {};
};

// Queues one 64-byte receive buffer as @p token.
void add1(Rig& r, uint64_t token) {
    Seg s{phys_of(r.buf + 64 * (token % 64)), 64, true};
    REQUIRE(r.q.add(&s, 1, token_of(token)).ok());
}
// The device takes what was published, writes @p len bytes into each, publishes: irq or not.
bool serve(Rig& r, uint32_t len) {
    for (auto& c : r.dev.take_avail()) r.dev.complete(c, len);
    return r.dev.publish();
}
// add1, kick, serve: whether the device interrupted.
bool cycle(Rig& r, uint64_t token) {
    add1(r, token);
    (void)r.q.kick_prepare();
    return serve(r, 1);
}
int pop_all(Rig& r) {
    int n = 0;
    while (r.q.pop_used().ok()) ++n;
    return n;
}
void expect_pop(Rig& r, uint64_t token, uint32_t len, bool len_ok = true) {
    auto u = r.q.pop_used();
    REQUIRE(u.ok());
    CHECK(u.value().token == token_of(token));
    CHECK(u.value().len == len);
    CHECK(u.value().len_ok == len_ok);
}
// n receive chains: add, kick, the device writes 10+i bytes into each, all pop in order.
void check_round_trip(Rig& r, int n) {
    for (int i = 0; i < n; ++i) add1(r, 0x1000 + i);
    (void)r.q.kick_prepare();
    auto chains = r.dev.take_avail();
    REQUIRE(chains.size() == size_t(n));
    for (int i = 0; i < n; ++i) r.dev.complete(chains[i], 10 + i);
    (void)r.dev.publish();
    for (int i = 0; i < n; ++i) expect_pop(r, 0x1000 + i, 10 + i);
    CHECK(r.q.pop_used().error() == DevError::Again);
    CHECK(r.q.free_descriptors() == r.q.size());
}

}  // namespace

TEST_CASE("init refuses bad sizes and misaligned memory; the three areas never overlap",
          "[virtqueue]") {
    Rig r(1, false);
    SplitVirtqueue& q = r.q;
    uint8_t* mem = r.mem;
    for (uint16_t bad : {0, 3, 6, 100, 1000, 2048}) {
        CHECK(q.init(bad, mem, phys_of(mem), false).error() == DevError::InvalidParam);
    }
    CHECK(q.init(8, mem + 8, phys_of(mem + 8), false).error() == DevError::InvalidParam);
    CHECK(q.init(8, mem + 32, phys_of(mem + 32), false).error() == DevError::InvalidParam);
    CHECK(q.init(8, nullptr, 0, false).error() == DevError::InvalidParam);

    uint64_t phys = 0x4000'0000;  // the queue never dereferences phys
    for (uint16_t s = 1; s <= SplitVirtqueue::kMaxSize; s = uint16_t(s * 2)) {
        std::memset(mem, 0xaa, kRingBytes);
        REQUIRE(q.init(s, mem, phys, s % 2).ok());
        size_t total = SplitVirtqueue::memory_size(s);
        size_t avail = q.avail_phys() - phys, used = q.used_phys() - phys;
        CHECK(q.desc_phys() == phys);
        CHECK(avail == 16 * size_t(s));            // right after the descriptor table
        CHECK(used % 64 == 0);                     // on its own cache line
        CHECK(used >= avail + 6 + 2 * size_t(s));  // after the avail ring and used_event
        CHECK(used + 6 + 8 * size_t(s) <= total);  // used ring and avail_event fit
        if (s < SplitVirtqueue::kMaxSize) CHECK(SplitVirtqueue::memory_size(s * 2) > total);
        CHECK(std::all_of(mem + avail, mem + total, [](uint8_t b) { return b == 0; }));
        CHECK(q.free_descriptors() == s);
        CHECK_FALSE(q.has_used());
    }
}

TEST_CASE("single and multi-segment chains reach the device and come back in used order",
          "[virtqueue]") {
    Rig r(8, false);
    std::memcpy(r.buf, "ping", 4);
    std::memcpy(r.buf + 100, "hdr-twelve!!", 12);
    Seg tx{phys_of(r.buf), 4, false};
    Seg rx[3] = {{phys_of(r.buf + 100), 12, false},
                 {phys_of(r.buf + 200), 1500, true},
                 {phys_of(r.buf + 2000), 64, true}};
    REQUIRE(r.q.add(&tx, 1, token_of(1)).ok());
    REQUIRE(r.q.add(rx, 3, token_of(2)).ok());
    CHECK(r.q.free_descriptors() == 4);
    CHECK(r.dev.take_avail().empty());  // added, not yet published
    CHECK(r.q.kick_prepare());
    auto c = r.dev.take_avail();
    REQUIRE(c.size() == 2);
    REQUIRE(c[0].descs.size() == 1);
    CHECK((c[0].descs[0].addr == tx.phys && c[0].descs[0].len == 4 && c[0].descs[0].flags == 0));
    REQUIRE(c[1].descs.size() == 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(c[1].descs[i].addr == rx[i].phys);
        CHECK(c[1].descs[i].len == rx[i].len);
        CHECK(c[1].descs[i].flags == ((i ? kDescFWrite : 0) | (i < 2 ? kDescFNext : 0)));
    }
    CHECK(c[1].writable == 1564);

    r.dev.complete(c[1], 1510);  // the second chain finishes first: used order wins
    CHECK(r.dev.last_read == std::vector<uint8_t>(r.buf + 100, r.buf + 112));
    r.dev.complete(c[0], 0);
    CHECK(r.dev.last_read == std::vector<uint8_t>(r.buf, r.buf + 4));
    CHECK_FALSE(r.q.has_used());  // not published yet
    (void)r.dev.publish();
    CHECK(r.q.has_used());
    expect_pop(r, 2, 1510);
    CHECK((r.buf[200 + 1499] == 0xd5 && r.buf[2000 + 9] == 0xd5 && r.buf[2000 + 10] == 0));
    CHECK(r.q.free_descriptors() == 7);
    expect_pop(r, 1, 0);
    CHECK(r.q.pop_used().error() == DevError::Again);
    CHECK(r.q.free_descriptors() == 8);
    CHECK((r.q.stats().added == 2 && r.q.stats().used == 2 && r.dev.broken == 0));

    Seg nine[9] = {};  // argument errors change nothing
    CHECK(r.q.add(&tx, 0, token_of(3)).error() == DevError::InvalidParam);
    CHECK(r.q.add(nine, 9, token_of(3)).error() == DevError::InvalidParam);
    CHECK(r.q.add(&tx, 1, nullptr).error() == DevError::InvalidParam);
    CHECK(r.q.free_descriptors() == 8);
    check_round_trip(r, 8);
}

TEST_CASE("a full queue says Again until the driver pops what the device used", "[virtqueue]") {
    Rig r(4, false);
    Seg two[2] = {{phys_of(r.buf), 8, false}, {phys_of(r.buf + 8), 8, true}};
    Seg four[4] = {two[0], two[0], two[1], two[1]};
    REQUIRE(r.q.add(two, 2, token_of(1)).ok());
    add1(r, 2);
    CHECK(r.q.add(four, 4, token_of(3)).error() == DevError::Again);  // 1 free, 4 needed
    add1(r, 4);
    CHECK(r.q.free_descriptors() == 0);
    CHECK(r.q.add(&two[1], 1, token_of(5)).error() == DevError::Again);
    (void)r.q.kick_prepare();
    auto c = r.dev.take_avail();
    REQUIRE(c.size() == 3);
    r.dev.complete(c[0], 8);
    (void)r.dev.publish();
    CHECK(r.q.add(&two[1], 1, token_of(5)).error() == DevError::Again);  // used, not popped
    expect_pop(r, 1, 8);
    CHECK(r.q.free_descriptors() == 2);
    CHECK(r.q.add(two, 2, token_of(5)).ok());
    CHECK(r.q.stats().added == 4);
}

TEST_CASE("300000 random steps: every token comes back once, in used order, across index wraps",
          "[virtqueue][stress]") {
    const uint16_t size = GENERATE(uint16_t(4), uint16_t(16), uint16_t(256));
    const bool event_idx = GENERATE(false, true);
    Rig r(size, event_idx);
    std::mt19937 rng(20240601u + size + event_idx);  // fixed seed: failures reproduce
    struct Expect {
        std::vector<Seg> segs;
        uint32_t writable, len;
    };
    std::unordered_map<uintptr_t, Expect> model;  // by token: every chain in flight
    std::deque<uintptr_t> unseen, used_order;     // added, not taken; used, not popped
    std::vector<std::pair<SimDevice::Chain, uintptr_t>> taken;  // taken, not yet used
    // Counted rather than REQUIREd at every step (there are millions), checked at the end.
    uint64_t next = 1, bad_chains = 0, bad_kicks = 0, lost_irqs = 0, bad_pops = 0, bad_free = 0;
    uint64_t kicks = 0, saved = 0;
    size_t model_free = size;
    uint16_t avail_event = 0;
    bool no_notify = false, armed = false;  // armed: enable_interrupts() found nothing pending

    auto driver_kick = [&] {
        uint16_t old = r.dev.avail_idx();
        bool kick = r.q.kick_prepare();
        uint16_t now = r.dev.avail_idx();
        bool want = old != now && (event_idx ? spec_need_event(avail_event, now, old) : !no_notify);
        bad_kicks += kick != want;
        kicks += old != now && want;
        saved += old != now && !want;
    };
    auto device_take = [&] {
        for (auto& c : r.dev.take_avail()) {
            if (unseen.empty()) {
                ++bad_chains;  // a chain the driver never added
                continue;
            }
            const Expect& e = model.at(unseen.front());
            bad_chains += !std::equal(c.descs.begin(), c.descs.end(), e.segs.begin(), e.segs.end(),
                                      [](const VirtqDesc& d, const Seg& s) {
                                          return d.addr == s.phys && d.len == s.len &&
                                                 bool(d.flags & kDescFWrite) == s.device_writes;
                                      });
            taken.emplace_back(std::move(c), unseen.front());
            unseen.pop_front();
        }
    };
    auto device_use = [&](size_t batch) {
        for (; batch > 0; --batch) {
            size_t j = rng() % taken.size();  // out of order
            Expect& e = model.at(taken[j].second);
            e.len = uint32_t(rng() % (e.writable + 1));
            r.dev.complete(taken[j].first, e.len);
            used_order.push_back(taken[j].second);
            taken[j] = std::move(taken.back());
            taken.pop_back();
        }
        bool news = r.dev.pending(), irq = r.dev.publish();
        if (armed && news) lost_irqs += !irq, armed = false;
    };
    auto driver_pop = [&](int max) {
        for (; max > 0; --max) {
            auto u = r.q.pop_used();
            if (!u.ok()) break;
            auto t = uintptr_t(u.value().token);
            auto it = model.find(t);
            if (it == model.end() || used_order.empty() || used_order.front() != t) {
                ++bad_pops;
                continue;
            }
            used_order.pop_front();
            bad_pops += u.value().len != it->second.len || !u.value().len_ok;
            model_free += it->second.segs.size();
            model.erase(it);
        }
    };

    for (int step = 0; step < 300000; ++step) {
        for (int a = int(rng() % 5); a > 0; --a) {
            size_t n = 1 + rng() % std::min<size_t>(3, size), reads = rng() % (n + 1);
            Expect e{{}, 0, 0};
            for (size_t i = 0; i < n; ++i) {
                uint32_t len = 1 + rng() % 256;
                e.segs.push_back({phys_of(r.buf + rng() % (sizeof r.buf - 256)), len, i >= reads});
                if (i >= reads) e.writable += len;
            }
            auto res = r.q.add(e.segs.data(), n, token_of(next));
            if (!res.ok() || n > model_free) {
                bad_free += res.ok() || n <= model_free || res.error() != DevError::Again;
                continue;
            }
            model_free -= n;
            unseen.push_back(next);
            model[next++] = std::move(e);
        }
        if (rng() % 2) driver_kick();
        device_take();
        if (event_idx) r.dev.set_avail_event(avail_event = r.dev.last_avail());
        if (!event_idx) r.dev.set_no_notify(no_notify = rng() % 4 == 0);
        if (rng() % 3) device_use(taken.empty() ? 0 : rng() % (taken.size() + 1));
        uint32_t irq_op = rng() % 8;
        if (irq_op == 0) armed = !r.q.enable_interrupts();
        if (irq_op == 1) r.q.disable_interrupts(), armed = false;
        driver_pop(int(rng() % 6));
        bad_free += r.q.free_descriptors() != model_free;
    }
    driver_kick();  // drain: everything still queued comes back
    device_take();
    device_use(taken.size());
    driver_pop(size + 1);
    CHECK((model.empty() && unseen.empty() && used_order.empty()));
    CHECK(r.q.free_descriptors() == size);
    CHECK((bad_pops == 0 && bad_free == 0 && bad_chains == 0 && r.dev.broken == 0));
    CHECK(bad_kicks == 0);
    CHECK(lost_irqs == 0);
    const auto& st = r.q.stats();
    CHECK((st.added == next - 1 && st.used == st.added));
    CHECK(st.added > 2 * 65536);  // avail->idx and used->idx wrapped at least twice
    CHECK((st.kicks == kicks && st.kicks_saved == saved));
    CHECK(st.bad_id + st.not_in_flight + st.bad_len == 0);
}

TEST_CASE("without EVENT_IDX the flags decide: NO_NOTIFY for kicks, NO_INTERRUPT for interrupts",
          "[virtqueue][notify]") {
    Rig r(8, false);
    CHECK_FALSE(r.q.kick_prepare());  // nothing new: no kick, not counted
    add1(r, 1);
    CHECK(r.q.kick_prepare());
    r.dev.set_no_notify(true);
    add1(r, 2);
    add1(r, 3);
    CHECK_FALSE(r.q.kick_prepare());
    CHECK(r.dev.avail_idx() == 3);  // published all the same
    r.dev.set_no_notify(false);
    r.dev.set_avail_event(0x1234);  // meaningless without EVENT_IDX
    CHECK(cycle(r, 4));             // kicks; interrupts are on after init
    CHECK((r.q.stats().kicks == 2 && r.q.stats().kicks_saved == 1));
    CHECK(pop_all(r) == 4);

    r.q.disable_interrupts();
    CHECK(r.dev.avail_flags() == kAvailFNoInterrupt);
    CHECK_FALSE(cycle(r, 5));
    CHECK_FALSE(cycle(r, 6));
    CHECK(r.q.enable_interrupts());  // two chains wait: the driver must not sleep
    CHECK(r.dev.avail_flags() == 0);
    CHECK(pop_all(r) == 2);
    CHECK_FALSE(r.q.enable_interrupts());
    CHECK(cycle(r, 7));
    CHECK(r.dev.interrupts == 2);
}

TEST_CASE("kick_prepare with EVENT_IDX notifies exactly when vring_need_event says, over a wrap",
          "[virtqueue][notify]") {
    Rig r(8, true);
    int popped = 0;
    for (int i = 0; i < 65500; ++i) (void)cycle(r, 1 + i % 8), popped += pop_all(r);
    REQUIRE(popped == 65500);   // avail->idx is now 36 short of the wrap
    r.dev.set_no_notify(true);  // ignored with EVENT_IDX
    uint64_t kicks = r.q.stats().kicks, saved = r.q.stats().kicks_saved;
    for (int round = 0; round < 60; ++round) {
        uint16_t old = r.dev.avail_idx(), event = uint16_t(old + round % 6 - 1);
        int k = 1 + round % 4;
        r.dev.set_avail_event(event);
        for (int i = 0; i < k; ++i) add1(r, 1 + i);
        bool want = uint16_t(event - old) < k;  // the device asked for an index in [old, new)
        CHECK(spec_need_event(event, uint16_t(old + k), old) == want);
        CHECK(r.q.kick_prepare() == want);
        ++(want ? kicks : saved);
        (void)serve(r, 1);
        CHECK(pop_all(r) == k);
    }
    CHECK(r.dev.avail_idx() < 1000);  // wrapped
    CHECK((r.q.stats().kicks == kicks && r.q.stats().kicks_saved == saved));
}

TEST_CASE("interrupt suppression with EVENT_IDX: used_event", "[virtqueue][notify]") {
    Rig r(8, true);
    CHECK_FALSE(r.q.enable_interrupts());
    CHECK(r.dev.used_event() == 0);
    for (int i = 1; i <= 3; ++i) add1(r, i);
    (void)r.q.kick_prepare();
    CHECK(serve(r, 1));        // used->idx 0 -> 3 passes used_event 0
    CHECK_FALSE(cycle(r, 4));  // 3 -> 4: not asked again
    REQUIRE(r.q.pop_used().ok());
    CHECK(r.q.enable_interrupts());  // three chains wait
    CHECK(r.dev.used_event() == 1);
    CHECK(pop_all(r) == 3);
    r.q.disable_interrupts();
    CHECK(r.dev.avail_flags() == 0);  // the flag is not used with EVENT_IDX
    CHECK(r.dev.used_event() == 3);   // just behind the used index: never reached
    CHECK_FALSE(cycle(r, 5));         // 4 -> 5
    CHECK(pop_all(r) == 1);
    CHECK_FALSE(r.q.enable_interrupts());
    CHECK(r.dev.used_event() == 5);
    CHECK(cycle(r, 6));
    CHECK(r.dev.interrupts == 2);
}

TEST_CASE("malformed used entries are skipped or flagged, and the queue keeps working",
          "[virtqueue][malformed]") {
    Rig r(8, false);
    Seg rx[2] = {{phys_of(r.buf), 12, false}, {phys_of(r.buf + 64), 64, true}};
    REQUIRE(r.q.add(rx, 2, token_of(1)).ok());
    add1(r, 2);
    (void)r.q.kick_prepare();
    auto c = r.dev.take_avail();
    REQUIRE(c.size() == 2);
    const auto& st = r.q.stats();

    SECTION("ids out of range are counted and skipped") {
        r.dev.put_used(8, 0);
        r.dev.put_used(0xffffffff, 0);
        r.dev.complete(c[1], 5);
        (void)r.dev.publish();
        expect_pop(r, 2, 5);
        CHECK(st.bad_id == 2);
    }
    SECTION("a chain returned twice, a non-head and a free descriptor are not in flight") {
        r.dev.complete(c[1], 5);
        r.dev.put_used(c[1].head, 5);
        r.dev.put_used(c[0].descs[0].next, 0);  // the second descriptor of chain 1
        r.dev.put_used(7, 0);
        (void)r.dev.publish();
        expect_pop(r, 2, 5);
        CHECK(r.q.pop_used().error() == DevError::Again);
        CHECK(st.not_in_flight == 3);
        CHECK(r.q.free_descriptors() == 6);
    }
    SECTION("a length beyond the writable bytes is flagged; the buffers still come back") {
        r.dev.put_used(c[1].head, 65);
        (void)r.dev.publish();
        expect_pop(r, 2, 65, false);
        Seg tx{phys_of(r.buf), 4, false};
        REQUIRE(r.q.add(&tx, 1, token_of(3)).ok());
        (void)r.q.kick_prepare();
        (void)serve(r, 1);  // a device-readable chain has nothing to write
        expect_pop(r, 3, 1, false);
        CHECK(st.bad_len == 2);
        CHECK(r.q.free_descriptors() == 6);
    }
    SECTION("used->idx far beyond what was queued: garbage skipped, pop_used terminates") {
        r.dev.jump_used_idx(40000, 8);
        CHECK(r.q.has_used());
        CHECK(r.q.pop_used().error() == DevError::Again);
        CHECK_FALSE(r.q.has_used());
        r.dev.jump_used_idx(65535, 0xfffffff0);
        CHECK(r.q.pop_used().error() == DevError::Again);
        CHECK(st.bad_id == 40000 + 65535);
        CHECK(r.q.free_descriptors() == 5);
        r.dev.complete(c[1], 64);
        (void)r.dev.publish();
        expect_pop(r, 2, 64);
    }
    r.dev.complete(c[0], 64);  // the chain left in flight still completes normally
    (void)r.dev.publish();
    expect_pop(r, 1, 64);
    CHECK(r.q.pop_used().error() == DevError::Again);
    CHECK(r.q.free_descriptors() == 8);
    check_round_trip(r, 8);
}

TEST_CASE("reclaim_all hands back every in-flight token once; init() starts afresh",
          "[virtqueue]") {
    Rig r(8, true);
    for (int t = 1; t <= 3; ++t) add1(r, t);
    (void)r.q.kick_prepare();
    auto c = r.dev.take_avail();
    REQUIRE(c.size() == 3);
    r.dev.complete(c[0], 1);
    (void)r.dev.publish();
    expect_pop(r, 1, 1);  // token 1: back already
    r.dev.complete(c[1], 1);
    (void)r.dev.publish();  // token 2: used, not popped; token 3: taken only
    Seg two[2] = {{phys_of(r.buf), 8, false}, {phys_of(r.buf + 8), 8, true}};
    REQUIRE(r.q.add(two, 2, token_of(4)).ok());  // token 4: not even published
    std::vector<uintptr_t> got;
    r.q.reclaim_all(
        [](void* t, void* v) { static_cast<decltype(got)*>(v)->push_back(uintptr_t(t)); }, &got);
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<uintptr_t>{2, 3, 4});
    CHECK(r.q.free_descriptors() == 0);
    CHECK(r.q.add(two, 1, token_of(5)).error() == DevError::InvalidParam);  // until init()
    CHECK_FALSE(r.q.has_used());  // token 2's used entry is stale now
    CHECK(r.q.pop_used().error() == DevError::Again);

    REQUIRE(r.q.init(8, r.mem, phys_of(r.mem), true).ok());
    r.dev.attach(r.q, true);
    CHECK(r.q.free_descriptors() == 8);
    CHECK((r.q.stats().added == 0 && r.q.stats().used == 0));
    CHECK_FALSE(r.q.has_used());
    check_round_trip(r, 8);
}

TEST_CASE("with EVENT_IDX and interrupts off, the device stays quiet even after the index wraps",
          "[virtqueue][notify]") {
    // A polled queue (no MSI-X vector) disables its interrupts once. If used_event stayed where
    // it was, the device would interrupt again each time its 16-bit index came round to it.
    Rig r(8, true);
    r.q.disable_interrupts();
    int popped = 0;
    for (int i = 0; i < 70000; ++i) {
        (void)cycle(r, 1 + i % 8);
        popped += pop_all(r);
    }
    CHECK(popped == 70000);
    CHECK(r.dev.interrupts == 0);
    CHECK_FALSE(r.q.enable_interrupts());
    CHECK(cycle(r, 1));  // asked again: interrupts
}

TEST_CASE("add refuses chains the device must not see: over 4 GiB, reads after writes",
          "[virtqueue][malformed]") {
    Rig r(8, false);
    const uint64_t p = phys_of(r.buf);
    SECTION("more than 2^32 - 1 bytes in all (2.7.5)") {
        Seg big[2] = {{p, 0x8000'0000u, false}, {p, 0x8000'0000u, false}};
        CHECK(r.q.add(big, 2, token_of(1)).error() == DevError::InvalidParam);
        CHECK(r.q.free_descriptors() == 8);
        big[1].len = 0x7fff'ffffu;  // exactly 2^32 - 1: allowed
        CHECK(r.q.add(big, 2, token_of(1)).ok());
        CHECK(r.q.free_descriptors() == 6);
    }
    SECTION("a device-readable segment after a device-writable one (2.7.4.2)") {
        Seg bad[3] = {{p, 12, false}, {p + 64, 64, true}, {p + 128, 12, false}};
        CHECK(r.q.add(bad, 3, token_of(1)).error() == DevError::InvalidParam);
        Seg bad2[2] = {{p, 64, true}, {p + 64, 12, false}};
        CHECK(r.q.add(bad2, 2, token_of(1)).error() == DevError::InvalidParam);
        CHECK(r.q.add(nullptr, 1, token_of(1)).error() == DevError::InvalidParam);
        CHECK(r.q.free_descriptors() == 8);  // refusals change nothing
        CHECK(r.q.stats().added == 0);
    }
    (void)r.q.kick_prepare();
    CHECK(r.dev.take_avail().size() == r.q.stats().added);
    CHECK(r.dev.broken == 0);
}
