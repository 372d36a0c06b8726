// ch02-drivers/bench/bench_main.cpp: the kernel program of ch02-bench: the loops of
// net_buf_bench.cpp (NetBufPool alloc/free one at a time and in batches of 32, and the kernel
// heap's malloc/free of buffer-sized blocks) timed with the TSC inside the guest. Run by
// `ninja ch02-bench`; prints one "bench:" line per loop and "bench: done".
#include <axalloc/axalloc.h>
#include <axhal/cpu.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <driver_net/net_buf.h>

namespace {

using driver_net::NetBuf;
using driver_net::NetBufPool;

constexpr size_t kPoolBuffers = 1024;
constexpr size_t kBufferLen = 2048;
constexpr size_t kBatch = 32;
constexpr size_t kMallocLen = NetBufPool::kMinBufferLen;
// Buffers per measurement, and before it to warm caches and branch predictors. Under QEMU TCG
// the four measurements take well under two seconds together.
constexpr size_t kBuffers = size_t(1) << 20;
constexpr size_t kWarmupBuffers = kBuffers / 16;

// Makes the compiler assume @p p is read and memory changed (Google Benchmark's DoNotOptimize
// and ClobberMemory in one), so no loop below is optimised away.
inline void keep(const void* p) {
    asm volatile("" : : "r"(p) : "memory");
}

// Runs @p body, which handles @p per_call buffers and returns false on failure, for about
// kBuffers buffers after a warm-up, and prints cycles and nanoseconds per buffer. The cycle
// figure has one decimal, computed in integers (no floating point in the kernel).
template <class Body>
bool measure(const char* what, size_t per_call, Body body) {
    for (size_t i = 0; i < kWarmupBuffers / per_call; ++i) {
        if (!body()) return false;
    }
    const size_t calls = kBuffers / per_call;
    uint64_t start = axhal::rdtsc();
    for (size_t i = 0; i < calls; ++i) {
        if (!body()) return false;
    }
    uint64_t cycles = axhal::rdtsc() - start;
    const uint64_t buffers = calls * per_call;
    uint64_t cycles10 = cycles * 10 / buffers;
    uint64_t ns10 = axhal::tsc_to_ns(cycles) * 10 / buffers;
    axlog::println("bench: {}: {}.{} cycles/buffer, {}.{} ns/buffer ({} buffers)", what,
                   cycles10 / 10, cycles10 % 10, ns10 / 10, ns10 % 10, buffers);
    return true;
}

// The four measurements; false if an allocation failed.
bool run_all(NetBufPool& pool) {
    NetBuf* bufs[kBatch];
    void* blocks[kBatch];
    auto pool_one = [&] {
        auto b = pool.alloc();
        if (!b.ok()) return false;
        keep(b.value());
        return pool.free(b.value()).ok();
    };
    auto pool_batch = [&] {
        if (!pool.alloc_batch(bufs, kBatch).ok()) return false;
        keep(bufs);
        return pool.free_batch(bufs, kBatch).ok();
    };
    auto malloc_one = [] {
        void* b = malloc(kMallocLen);
        keep(b);
        free(b);
        return b != nullptr;
    };
    auto malloc_batch = [&] {
        bool got_all = true;
        for (void*& b : blocks) {
            b = malloc(kMallocLen);
            got_all = got_all && b != nullptr;
        }
        keep(blocks);
        for (void* b : blocks) free(b);
        return got_all;
    };
    return measure("pool alloc+free one at a time", 1, pool_one) &&
           measure("pool alloc+free batch32", kBatch, pool_batch) &&
           measure("malloc+free 1526 B one at a time", 1, malloc_one) &&
           measure("malloc+free 1526 B batch32", kBatch, malloc_batch);
}

}  // namespace

int main() {
    auto pool = NetBufPool::create(kPoolBuffers, kBufferLen);
    if (!pool.ok()) {
        axlog::error("bench: no pool: {}", driver_common::dev_error_name(pool.error()));
        return 1;
    }
    axlog::println("bench: pool of {} buffers of {} bytes, TSC {} MHz", kPoolBuffers, kBufferLen,
                   axhal::tsc_hz() / 1000000);
    if (!run_all(*pool.value())) {
        axlog::error("bench: an allocation failed");
        return 1;
    }
    axlog::println("bench: done");
    return 0;
}
