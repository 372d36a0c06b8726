// driver_net/tests/net_buf_test.cpp: host tests of NetBufPool and NetBuf: init checks,
// exhaustion, header room, batches (all or none), refused misuse, and a randomized model run.
#include <driver_net/net_buf.h>

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <vector>

using driver_common::DevError;
using driver_net::NetBuf;
using driver_net::NetBufPool;
using driver_net::NetBufPtr;

namespace {

constexpr axhal::PhysAddr kPhysBase{0x4000'0000};

// Memory for a pool of @p capacity buffers of @p buffer_len bytes, as NetBufPool::create()
// would provide it in the kernel: kBufferAlign-aligned data (with a fake physical address),
// the NetBuf array and the free stack.
struct PoolMemory {
    PoolMemory(size_t capacity, size_t buffer_len)
        : bytes(capacity * NetBufPool::stride(buffer_len)),
          data(static_cast<uint8_t*>(std::aligned_alloc(NetBufPool::kBufferAlign, bytes))),
          bufs(capacity),
          free_stack(capacity) {}

    NetBufPool::Memory memory() { return {data.get(), kPhysBase, bufs.data(), free_stack.data()}; }

    struct Free {
        void operator()(uint8_t* p) const { std::free(p); }
    };
    size_t bytes;
    std::unique_ptr<uint8_t, Free> data;
    std::vector<NetBuf> bufs;
    std::vector<uint32_t> free_stack;
};

// A pool set up on its own memory. Not movable: every NetBuf points back at the pool.
struct TestPool {
    TestPool(size_t capacity, size_t buffer_len) : mem(capacity, buffer_len) {
        REQUIRE(pool.init(capacity, buffer_len, mem.memory()).ok());
    }
    TestPool(const TestPool&) = delete;
    TestPool& operator=(const TestPool&) = delete;

    PoolMemory mem;
    NetBufPool pool;
};

// Takes every free buffer of @p p, one at a time.
std::vector<NetBuf*> drain(NetBufPool& p) {
    std::vector<NetBuf*> v;
    for (auto b = p.alloc(); b.ok(); b = p.alloc()) v.push_back(b.value());
    return v;
}

// A pointer @p offset bytes away from @p b: into the middle of a NetBuf, or off the array.
NetBuf* interior(NetBuf* b, ptrdiff_t offset) {
    return reinterpret_cast<NetBuf*>(reinterpret_cast<uintptr_t>(b) + offset);
}

// The paint of one owned buffer: a window of a random pattern, different for every allocation,
// so two buffers sharing bytes cannot both stay intact.
class Painter {
public:
    explicit Painter(size_t len) : m_len(len), m_pattern(len + kWindows) {
        std::mt19937 rng(4242);
        for (auto& byte : m_pattern) byte = uint8_t(rng());
    }
    void paint(NetBuf* b, uint32_t token) const {
        std::memcpy(b->raw_buf(), &m_pattern[token % kWindows], m_len);
    }
    bool intact(const NetBuf* b, uint32_t token) const {
        return std::memcmp(b->raw_buf(), &m_pattern[token % kWindows], m_len) == 0;
    }

private:
    static constexpr size_t kWindows = 4093;
    size_t m_len;
    std::vector<uint8_t> m_pattern;
};

}  // namespace

TEST_CASE("NetBufPool::init rejects bad arguments with InvalidParam", "[net_buf]") {
    PoolMemory mem(4, 2048);
    NetBufPool p;
    auto invalid = [&](size_t capacity, size_t buffer_len, NetBufPool::Memory m) {
        auto r = p.init(capacity, buffer_len, m);
        return !r.ok() && r.error() == DevError::InvalidParam;
    };
    CHECK(invalid(0, 2048, mem.memory()));
    CHECK(invalid(NetBufPool::kMaxCapacity + 1, 2048, mem.memory()));
    CHECK(invalid(4, NetBufPool::kMinBufferLen - 1, mem.memory()));  // 1525
    CHECK(invalid(4, 0, mem.memory()));
    auto m = mem.memory();
    m.data += 1;
    CHECK(invalid(4, 2048, m));
    m.data += NetBufPool::kBufferAlign / 2 - 1;  // 32 bytes in: still not a cache line
    CHECK(invalid(4, 2048, m));
    m = mem.memory();
    m.data = nullptr;
    CHECK(invalid(4, 2048, m));
    m = mem.memory();
    m.bufs = nullptr;
    CHECK(invalid(4, 2048, m));
    m = mem.memory();
    m.free_stack = nullptr;
    CHECK(invalid(4, 2048, m));
    // A pool whose init failed has nothing to hand out.
    CHECK(p.capacity() == 0);
    CHECK(p.available() == 0);
    CHECK(p.alloc().error() == DevError::NoMemory);
}

TEST_CASE("NetBufPool::init accepts buffer lengths from kMinBufferLen to kMaxBufferLen only",
          "[net_buf]") {
    STATIC_REQUIRE(NetBufPool::kMinBufferLen == 1526);
    STATIC_REQUIRE(NetBufPool::kMaxBufferLen == 65535);
    for (size_t len : {size_t(1526), size_t(2048), size_t(65535)}) {
        CAPTURE(len);
        PoolMemory mem(2, len);
        NetBufPool p;
        REQUIRE(p.init(2, len, mem.memory()).ok());
        CHECK(p.capacity() == 2);
        CHECK(p.buffer_len() == len);
        CHECK(p.available() == 2);
        auto b = p.alloc();
        REQUIRE(b.ok());
        CHECK(b.value()->capacity() == len);
    }
    PoolMemory big(2, 65536);
    NetBufPool p;
    auto r = p.init(2, 65536, big.memory());
    CHECK((!r.ok() && r.error() == DevError::InvalidParam));
}

TEST_CASE("NetBufPool::stride rounds buffer lengths up to whole cache lines", "[net_buf]") {
    STATIC_REQUIRE(NetBufPool::stride(1526) == 1536);
    STATIC_REQUIRE(NetBufPool::stride(1536) == 1536);
    STATIC_REQUIRE(NetBufPool::stride(2048) == 2048);
    STATIC_REQUIRE(NetBufPool::stride(65535) == 65536);
}

TEST_CASE("NetBufPool runs out with NoMemory and recovers after a free", "[net_buf]") {
    TestPool t(8, 2048);
    NetBufPool& p = t.pool;
    std::vector<NetBuf*> all = drain(p);
    REQUIRE(all.size() == 8);
    CHECK(std::set<NetBuf*>(all.begin(), all.end()).size() == 8);
    CHECK(p.available() == 0);
    CHECK(p.stats().alloc_failures == 1);  // the alloc that ended drain()

    auto r = p.alloc();
    CHECK((!r.ok() && r.error() == DevError::NoMemory));
    CHECK(p.stats().alloc_failures == 2);
    NetBuf* one[1];
    CHECK(p.alloc_batch(one, 1).error() == DevError::NoMemory);
    CHECK(p.stats().alloc_failures == 3);
    CHECK(p.alloc_batch(one, 0).ok());  // nothing asked, nothing missing
    CHECK(p.stats().alloc_failures == 3);

    REQUIRE(p.free(all[5]).ok());
    CHECK(p.available() == 1);
    auto back = p.alloc();
    REQUIRE(back.ok());
    CHECK(back.value() == all[5]);  // the only free buffer
    CHECK(p.alloc().error() == DevError::NoMemory);
    CHECK(p.stats().allocs == 9);
    CHECK(p.stats().frees == 1);
    CHECK(p.stats().alloc_failures == 4);
}

TEST_CASE("NetBuf header room and packet length stay within the capacity", "[net_buf]") {
    TestPool t(1, 1526);
    auto r = t.pool.alloc();
    REQUIRE(r.ok());
    NetBuf* b = r.value();
    const size_t cap = b->capacity();
    REQUIRE(cap == 1526);
    CHECK(b->header_len() == 0);
    CHECK(b->packet_len() == 0);
    CHECK(b->header() == b->raw_buf());
    CHECK(b->packet() == b->raw_buf());

    CHECK(b->set_header_len(cap + 1).error() == DevError::InvalidParam);
    CHECK(b->set_header_len(SIZE_MAX).error() == DevError::InvalidParam);
    CHECK(b->header_len() == 0);
    REQUIRE(b->set_header_len(12).ok());
    CHECK(b->set_packet_len(cap - 11).error() == DevError::InvalidParam);
    CHECK(b->set_packet_len(SIZE_MAX).error() == DevError::InvalidParam);
    CHECK(b->set_packet_len(SIZE_MAX - 11).error() == DevError::InvalidParam);  // sum wraps
    CHECK(b->packet_len() == 0);
    REQUIRE(b->set_packet_len(cap - 12).ok());
    CHECK(b->packet_with_header_len() == cap);
    CHECK(b->header() == b->raw_buf());
    CHECK(b->packet() == b->raw_buf() + 12);
    CHECK(b->packet_with_header() == b->raw_buf());

    // With the buffer full, growing either part fails and changes neither.
    CHECK(b->set_header_len(13).error() == DevError::InvalidParam);
    CHECK(b->set_packet_len(cap - 11).error() == DevError::InvalidParam);
    CHECK(b->header_len() == 12);
    CHECK(b->packet_len() == cap - 12);
    CHECK(b->set_header_len(SIZE_MAX - (cap - 12) + 1).error() == DevError::InvalidParam);  // wraps
    CHECK(b->header_len() == 12);
    // Shrinking works, and then the other part may grow into the room.
    REQUIRE(b->set_packet_len(100).ok());
    REQUIRE(b->set_header_len(cap - 100).ok());
    CHECK(b->packet() == b->raw_buf() + cap - 100);
    CHECK(b->packet_with_header_len() == cap);
    REQUIRE(b->set_header_len(0).ok());
    REQUIRE(b->set_packet_len(cap).ok());
    CHECK(b->packet_with_header_len() == cap);
}

TEST_CASE("A freed buffer comes back with header and packet length 0", "[net_buf]") {
    TestPool t(1, 2048);
    NetBufPool& p = t.pool;
    auto a = p.alloc();
    REQUIRE(a.ok());
    REQUIRE(a.value()->set_header_len(10).ok());
    REQUIRE(a.value()->set_packet_len(1000).ok());
    REQUIRE(p.free(a.value()).ok());
    auto b = p.alloc();
    REQUIRE(b.ok());
    REQUIRE(b.value() == a.value());
    CHECK(b.value()->header_len() == 0);
    CHECK(b.value()->packet_len() == 0);
    CHECK(b.value()->packet() == b.value()->raw_buf());

    // The same through the batch calls.
    REQUIRE(b.value()->set_header_len(20).ok());
    REQUIRE(b.value()->set_packet_len(30).ok());
    NetBuf* one[1] = {b.value()};
    REQUIRE(p.free_batch(one, 1).ok());
    one[0] = nullptr;
    REQUIRE(p.alloc_batch(one, 1).ok());
    REQUIRE(one[0] == a.value());
    CHECK(one[0]->header_len() == 0);
    CHECK(one[0]->packet_len() == 0);
}

TEST_CASE("Buffer i sits at data + i*stride and phys base + i*stride, aligned, disjoint",
          "[net_buf]") {
    for (size_t len : {size_t(1526), size_t(2048), size_t(9000)}) {
        CAPTURE(len);
        const size_t capacity = 64, step = NetBufPool::stride(len);
        TestPool t(capacity, len);
        std::vector<NetBuf*> all = drain(t.pool);
        REQUIRE(all.size() == capacity);
        std::vector<bool> seen(capacity);
        for (NetBuf* b : all) {
            CHECK(t.pool.owns(b));
            CHECK(b->pool() == &t.pool);
            CHECK(b->capacity() == len);
            uintptr_t a = reinterpret_cast<uintptr_t>(b->raw_buf());
            CHECK(a % NetBufPool::kBufferAlign == 0);
            size_t off = b->raw_buf() - t.mem.data.get();
            REQUIRE(off % step == 0);
            size_t i = off / step;
            REQUIRE(i < capacity);
            CHECK(!seen[i]);
            seen[i] = true;
            CHECK(b->phys_addr() == kPhysBase + i * step);
        }
        // Sorted by address, each buffer ends before the next begins.
        std::sort(all.begin(), all.end(),
                  [](NetBuf* x, NetBuf* y) { return x->raw_buf() < y->raw_buf(); });
        for (size_t i = 1; i < all.size(); ++i) {
            CHECK(all[i - 1]->raw_buf() + all[i - 1]->capacity() <= all[i]->raw_buf());
        }
        CHECK(all.back()->raw_buf() + len <= t.mem.data.get() + t.mem.bytes);
    }
}

TEST_CASE("into_buf_ptr and from_buf_ptr round-trip a buffer", "[net_buf]") {
    NetBufPtr null;
    CHECK(null.is_null());
    CHECK(null.packet() == nullptr);
    CHECK(null.packet_len() == 0);

    TestPool t(2, 2048);
    auto r = t.pool.alloc();
    REQUIRE(r.ok());
    NetBuf* b = r.value();
    REQUIRE(b->set_header_len(14).ok());
    REQUIRE(b->set_packet_len(60).ok());
    NetBufPtr ptr = b->into_buf_ptr();
    CHECK(!ptr.is_null());
    CHECK(ptr.packet() == b->raw_buf() + 14);
    CHECK(ptr.packet_len() == 60);
    CHECK(ptr.raw_ptr<NetBuf>() == b);
    NetBuf* back = NetBuf::from_buf_ptr(ptr);
    CHECK(back == b);
    CHECK(back->header_len() == 14);
    CHECK(back->packet_len() == 60);
    CHECK(t.pool.free(back).ok());
}

TEST_CASE("alloc_batch takes all n buffers or none", "[net_buf]") {
    TestPool t(40, 2048);
    NetBufPool& p = t.pool;
    NetBuf* out[NetBufPool::kMaxBatch + 1];
    std::fill(std::begin(out), std::end(out), nullptr);

    SECTION("n = 0 takes nothing") {
        CHECK(p.alloc_batch(out, 0).ok());
        CHECK(p.available() == 40);
        CHECK(p.stats().allocs == 0);
    }
    SECTION("n > kMaxBatch is refused even with buffers to spare") {
        CHECK(p.alloc_batch(out, NetBufPool::kMaxBatch + 1).error() == DevError::InvalidParam);
        CHECK(p.available() == 40);
        CHECK(out[0] == nullptr);
    }
    SECTION("kMaxBatch distinct buffers, then n > available takes none") {
        REQUIRE(p.alloc_batch(out, NetBufPool::kMaxBatch).ok());
        CHECK(p.available() == 40 - NetBufPool::kMaxBatch);
        std::set<NetBuf*> got(out, out + NetBufPool::kMaxBatch);
        CHECK(got.size() == NetBufPool::kMaxBatch);
        for (NetBuf* b : got) CHECK((p.owns(b) && b->packet_len() == 0 && b->header_len() == 0));

        NetBuf* more[9] = {};
        CHECK(p.alloc_batch(more, 9).error() == DevError::NoMemory);  // 8 left
        CHECK(p.available() == 8);
        CHECK(std::all_of(std::begin(more), std::end(more), [](NetBuf* b) { return !b; }));
        CHECK(p.stats().alloc_failures == 1);
        REQUIRE(p.alloc_batch(more, 8).ok());  // exactly what is left
        CHECK(p.available() == 0);
        for (size_t i = 0; i < 8; ++i) CHECK(got.insert(more[i]).second);
        CHECK(p.stats().allocs == 40);
    }
}

TEST_CASE("free_batch refuses a whole batch with a foreign, free or repeated buffer", "[net_buf]") {
    TestPool t(16, 2048);
    TestPool other(4, 2048);
    NetBufPool& p = t.pool;
    std::vector<NetBuf*> mine = drain(p);
    REQUIRE(mine.size() == 16);
    REQUIRE(p.free(mine[15]).ok());  // mine[15] is free from here on
    auto theirs = other.pool.alloc();
    REQUIRE(theirs.ok());
    NetBuf stranger;

    struct Case {
        const char* what;
        NetBuf* bad;
        DevError expected;
    };
    for (Case c : {Case{"a NetBuf of no pool", &stranger, DevError::InvalidParam},
                   Case{"another pool's buffer", theirs.value(), DevError::InvalidParam},
                   Case{"null", nullptr, DevError::InvalidParam},
                   Case{"inside a NetBuf", interior(mine[3], 8), DevError::InvalidParam},
                   Case{"a free buffer", mine[15], DevError::BadState},
                   Case{"a buffer already in the batch", mine[1], DevError::BadState}}) {
        for (size_t pos : {size_t(0), size_t(2), size_t(4)}) {
            CAPTURE(c.what, pos);
            // Six buffers, the bad one at pos (at 0 or 2, mine[1] repeats the one at 1).
            NetBuf* batch[6] = {mine[0], mine[1], mine[2], mine[4], mine[5], mine[6]};
            batch[pos] = c.bad;
            uint64_t bad_frees = p.stats().bad_frees;
            auto r = p.free_batch(batch, 6);
            REQUIRE(!r.ok());
            CHECK(r.error() == c.expected);
            CHECK(p.available() == 1);
            CHECK(p.stats().bad_frees == bad_frees + 1);
            CHECK(p.stats().frees == 1);
        }
    }
    // The free one is still free, every buffer the caller held is still the caller's, and
    // nothing was slipped onto the free stack: 16 distinct buffers come out afterwards.
    CHECK(p.free(mine[15]).error() == DevError::BadState);
    for (size_t i = 0; i < 15; ++i) {
        CAPTURE(i);
        CHECK(p.free(mine[i]).ok());
    }
    CHECK(p.available() == 16);
    mine = drain(p);
    REQUIRE(mine.size() == 16);
    CHECK(std::set<NetBuf*>(mine.begin(), mine.end()).size() == 16);
    CHECK(other.pool.available() == 3);
    CHECK(other.pool.free(theirs.value()).ok());

    // A good batch of all 16, in any order, then n = 0 and n > kMaxBatch.
    std::vector<NetBuf*> shuffled = mine;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(5));
    REQUIRE(p.free_batch(shuffled.data(), 16).ok());
    CHECK(p.available() == 16);
    CHECK(p.free_batch(shuffled.data(), 0).ok());
    CHECK(p.available() == 16);
    std::vector<NetBuf*> too_many(NetBufPool::kMaxBatch + 1, shuffled[0]);
    CHECK(p.free_batch(too_many.data(), too_many.size()).error() == DevError::InvalidParam);
    CHECK(p.available() == 16);
    CHECK(drain(p).size() == 16);
}

TEST_CASE("A double free is refused with BadState and changes nothing", "[net_buf]") {
    TestPool t(4, 2048);
    NetBufPool& p = t.pool;
    auto a = p.alloc();
    auto b = p.alloc();
    REQUIRE((a.ok() && b.ok()));
    REQUIRE(p.free(a.value()).ok());
    CHECK(p.available() == 3);
    CHECK(p.free(a.value()).error() == DevError::BadState);
    CHECK(p.available() == 3);
    CHECK(p.stats().bad_frees == 1);
    CHECK(p.stats().frees == 1);
    // Had the second free been obeyed, a would now be on the free stack twice.
    std::vector<NetBuf*> rest = drain(p);
    CHECK(rest.size() == 3);
    CHECK(std::set<NetBuf*>(rest.begin(), rest.end()).size() == 3);
    CHECK(std::find(rest.begin(), rest.end(), b.value()) == rest.end());
}

TEST_CASE("A buffer held by a driver cannot be handed over twice nor freed under it", "[net_buf]") {
    TestPool t(4, 2048);
    NetBufPool& p = t.pool;
    auto a = p.alloc();
    REQUIRE(a.ok());
    NetBuf* b = a.value();
    CHECK_FALSE(b->held_by_driver());
    REQUIRE(b->hand_to_driver().ok());
    CHECK(b->held_by_driver());
    CHECK(b->hand_to_driver().error() == DevError::BadState);  // given twice
    CHECK(p.free(b).error() == DevError::BadState);            // the device may still use it
    NetBuf* one[1] = {b};
    CHECK(p.free_batch(one, 1).error() == DevError::BadState);
    CHECK(p.available() == 3);
    REQUIRE(b->take_from_driver().ok());
    CHECK(b->take_from_driver().error() == DevError::BadState);
    REQUIRE(p.free(b).ok());
    CHECK(b->hand_to_driver().error() == DevError::BadState);  // free: nobody may hand it over
    NetBuf orphan;                                             // belongs to no pool
    CHECK(orphan.hand_to_driver().error() == DevError::InvalidParam);
}

TEST_CASE("Foreign and interior pointers are refused with InvalidParam", "[net_buf]") {
    TestPool t(4, 2048);
    TestPool other(4, 2048);
    NetBufPool& p = t.pool;
    auto mine = p.alloc();
    auto theirs = other.pool.alloc();
    REQUIRE((mine.ok() && theirs.ok()));
    NetBuf stranger;
    NetBuf* const first = t.mem.bufs.data();
    NetBuf* bad[] = {&stranger,
                     theirs.value(),
                     nullptr,
                     interior(first, 1),
                     interior(first + 1, sizeof(NetBuf) / 2),
                     interior(first + 3, sizeof(NetBuf) - 1),
                     first + 4,                                     // one past the array
                     interior(first, -ptrdiff_t(sizeof(NetBuf)))};  // one before it
    for (NetBuf* x : bad) {
        CAPTURE(x);
        CHECK(!p.owns(x));
        CHECK(p.free(x).error() == DevError::InvalidParam);
    }
    CHECK(p.stats().bad_frees == std::size(bad));
    // Every address near the array's two ends but outside it, whatever its alignment.
    const ptrdiff_t array_bytes = ptrdiff_t(4 * sizeof(NetBuf));
    for (ptrdiff_t d = 1; d <= ptrdiff_t(3 * sizeof(NetBuf)); ++d) {
        CAPTURE(d);
        CHECK(!p.owns(interior(first, -d)));
        CHECK(!p.owns(interior(first, array_bytes + d - 1)));
    }
    CHECK(p.stats().frees == 0);
    CHECK(p.available() == 3);
    CHECK(other.pool.available() == 3);
    CHECK(p.owns(mine.value()));
    CHECK(p.owns(first + 3));  // free or not, it is the pool's
    // The other pool's buffer is still in use there and goes back to its own pool.
    CHECK(other.pool.free(theirs.value()).ok());
    CHECK(p.free(mine.value()).ok());
    CHECK(p.available() == 4);
}

TEST_CASE("NetBufPool counts allocs, frees, alloc failures and bad frees", "[net_buf]") {
    TestPool t(10, 2048);
    NetBufPool& p = t.pool;
    NetBuf* batch[8];
    REQUIRE(p.alloc_batch(batch, 8).ok());
    auto a = p.alloc();
    auto b = p.alloc();
    REQUIRE((a.ok() && b.ok()));
    CHECK(p.alloc().error() == DevError::NoMemory);
    CHECK(p.alloc_batch(batch, 1).error() == DevError::NoMemory);
    CHECK(p.alloc_batch(batch, NetBufPool::kMaxBatch + 1).error() == DevError::InvalidParam);
    REQUIRE(p.free_batch(batch, 8).ok());
    REQUIRE(p.free(a.value()).ok());
    CHECK(p.free(a.value()).error() == DevError::BadState);
    NetBuf* twice[2] = {b.value(), b.value()};
    CHECK(p.free_batch(twice, 2).error() == DevError::BadState);
    const NetBufPool::Stats& s = p.stats();
    CHECK(s.allocs == 10);
    CHECK(s.frees == 9);
    CHECK(s.alloc_failures == 2);  // the InvalidParam batch is not an exhaustion
    CHECK(s.bad_frees == 2);       // one per refused call
    CHECK(p.available() == 9);
    CHECK(s.allocs - s.frees == p.capacity() - p.available());
}

TEST_CASE("NetBufPool matches a model over a long random sequence", "[net_buf]") {
    constexpr size_t kCapacity = 200;
    TestPool t(kCapacity, NetBufPool::kMinBufferLen);
    TestPool other(4, NetBufPool::kMinBufferLen);
    NetBufPool& p = t.pool;
    auto theirs = other.pool.alloc();
    REQUIRE(theirs.ok());
    NetBuf stranger;
    const Painter painter(NetBufPool::kMinBufferLen);

    struct Owned {
        NetBuf* buf;
        uint32_t token;
    };
    std::vector<Owned> owned;  // the model: what the test holds, with its paint
    std::set<NetBuf*> owned_set;
    std::vector<NetBuf*> released;  // buffers given back at least once (now free or re-owned)
    uint32_t next_token = 0;
    std::mt19937 rng(20240601);
    uint64_t allocs = 0, frees = 0, alloc_failures = 0, bad_frees = 0, batch_allocs = 0;
    uint64_t refused_batches = 0;

    auto take = [&](NetBuf* b) {
        REQUIRE(p.owns(b));
        REQUIRE(owned_set.insert(b).second);  // never handed out twice
        REQUIRE((b->header_len() == 0 && b->packet_len() == 0));
        uint32_t token = next_token++;
        painter.paint(b, token);
        owned.push_back({b, token});
        ++allocs;
    };
    // Removes owned[i] from the model after checking its paint (swap with the last).
    auto give_back = [&](size_t i) {
        REQUIRE(painter.intact(owned[i].buf, owned[i].token));
        owned_set.erase(owned[i].buf);
        released.push_back(owned[i].buf);
        owned[i] = owned.back();
        owned.pop_back();
        ++frees;
    };
    // A pointer this pool must refuse with @p expected, chosen at random.
    auto bad_pointer = [&](DevError& expected) -> NetBuf* {
        expected = DevError::InvalidParam;
        switch (rng() % 4) {
            case 0:
                return &stranger;
            case 1:
                return theirs.value();
            case 2:
                return interior(&t.mem.bufs[rng() % kCapacity],
                                ptrdiff_t(1 + rng() % (sizeof(NetBuf) - 1)));
            default:
                for (int tries = 0; tries < 8 && !released.empty(); ++tries) {
                    NetBuf* b = released[rng() % released.size()];
                    if (!owned_set.count(b)) {
                        expected = DevError::BadState;
                        return b;
                    }
                }
                return &stranger;
        }
    };

    for (int step = 0; step < 150000; ++step) {
        unsigned op = rng() % 100;
        if (op < 30) {  // alloc
            auto r = p.alloc();
            if (owned.size() == kCapacity) {
                REQUIRE(r.error() == DevError::NoMemory);
                ++alloc_failures;
            } else {
                REQUIRE(r.ok());
                take(r.value());
            }
        } else if (op < 55) {  // free
            if (owned.empty()) continue;
            size_t i = rng() % owned.size();
            REQUIRE(p.free(owned[i].buf).ok());
            give_back(i);
        } else if (op < 70) {  // alloc_batch, sometimes too many
            size_t n = rng() % (NetBufPool::kMaxBatch + 4);
            NetBuf* out[NetBufPool::kMaxBatch + 4];
            auto r = p.alloc_batch(out, n);
            if (n > NetBufPool::kMaxBatch) {
                REQUIRE(r.error() == DevError::InvalidParam);
            } else if (n > kCapacity - owned.size()) {
                REQUIRE(r.error() == DevError::NoMemory);
                ++alloc_failures;
            } else {
                REQUIRE(r.ok());
                for (size_t i = 0; i < n; ++i) take(out[i]);
                batch_allocs += n;
            }
        } else if (op < 88) {  // free_batch of distinct owned buffers
            size_t n = std::min<size_t>(owned.size(), rng() % (NetBufPool::kMaxBatch + 1));
            // Move n random owned buffers to the end, then free those.
            for (size_t k = 0; k < n; ++k) {
                std::swap(owned[owned.size() - 1 - k], owned[rng() % (owned.size() - k)]);
            }
            NetBuf* batch[NetBufPool::kMaxBatch];
            for (size_t k = 0; k < n; ++k) batch[k] = owned[owned.size() - 1 - k].buf;
            REQUIRE(p.free_batch(batch, n).ok());
            for (size_t k = 0; k < n; ++k) give_back(owned.size() - 1);
        } else if (op < 94) {  // a bad single free
            DevError expected;
            NetBuf* x = bad_pointer(expected);
            REQUIRE(p.free(x).error() == expected);
            ++bad_frees;
        } else {  // a batch of owned buffers spoiled by one bad entry or a repeat
            if (owned.empty()) continue;
            // At most kMaxBatch - 1 owned buffers, so the spoiled batch is not too long.
            size_t n = 1 + rng() % std::min<size_t>(owned.size(), NetBufPool::kMaxBatch - 1);
            NetBuf* batch[NetBufPool::kMaxBatch];
            for (size_t k = 0; k < n; ++k) batch[k] = owned[(k * 7 + step) % owned.size()].buf;
            std::sort(batch, batch + n);
            n = std::unique(batch, batch + n) - batch;
            DevError expected = DevError::BadState;
            NetBuf* bad = rng() % 3 == 0 ? batch[rng() % n] : bad_pointer(expected);
            size_t pos = rng() % (n + 1);
            std::copy_backward(batch + pos, batch + n, batch + n + 1);
            batch[pos] = bad;
            REQUIRE(p.free_batch(batch, n + 1).error() == expected);
            ++bad_frees;
            ++refused_batches;
        }
        // The pool agrees with the model after every step.
        REQUIRE(p.available() == kCapacity - owned.size());
        REQUIRE(p.stats().allocs == allocs);
        REQUIRE(p.stats().frees == frees);
        REQUIRE(p.stats().alloc_failures == alloc_failures);
        REQUIRE(p.stats().bad_frees == bad_frees);
        if (step % 5000 == 0) {
            for (const Owned& o : owned) REQUIRE(painter.intact(o.buf, o.token));
        }
    }
    // The sequence covered what it meant to: full pools, big batches, refusals of each kind.
    CHECK(alloc_failures > 100);
    CHECK(batch_allocs > 10000);
    CHECK(refused_batches > 1000);
    CHECK(frees > 100000);
    // Everything still owned is intact and goes back; then the pool is whole again.
    while (!owned.empty()) {
        REQUIRE(p.free(owned.back().buf).ok());
        give_back(owned.size() - 1);
    }
    CHECK(p.available() == kCapacity);
    CHECK(drain(p).size() == kCapacity);
    CHECK(other.pool.free(theirs.value()).ok());
}
