// ch02-drivers/bench/net_buf_bench.cpp: host benchmark (Google Benchmark) of NetBufPool alloc
// and free, one at a time and in batches of 32, against malloc/free of buffer-sized blocks.
// bench_main.cpp runs the same loops inside the guest. Built and run by `ninja ch02-bench`.
#include <driver_net/net_buf.h>

#include <benchmark/benchmark.h>

#include <x86intrin.h>
#include "host_pool.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

using driver_net::NetBuf;
using driver_net::NetBufPool;

namespace {

constexpr size_t kPoolBuffers = 1024;
constexpr size_t kBufferLen = 2048;
constexpr size_t kBatch = 32;
// What malloc is asked for: one buffer of the smallest size a NIC needs.
constexpr size_t kMallocLen = NetBufPool::kMinBufferLen;

// A pool of kPoolBuffers buffers of kBufferLen bytes on ordinary host memory (the physical
// address is made up: nothing here talks to a device).
struct HostPool : driver_net::testing::HostPool {
    HostPool() : driver_net::testing::HostPool(kPoolBuffers, kBufferLen) {}
};

// Runs @p body (which handles @p per_iteration buffers) for as many iterations as the library
// asks, and reports per buffer: items_per_second, time_per_buffer (its inverse)
// and cycles_per_buffer (TSC cycles). @p body returns false on failure.
template <class Body>
void run(benchmark::State& state, size_t per_iteration, Body body) {
    uint64_t start = __rdtsc();
    for (auto _ : state) {
        if (!body()) {
            state.SkipWithError("allocation failed");
            return;
        }
    }
    uint64_t cycles = __rdtsc() - start;
    double buffers = double(state.iterations()) * double(per_iteration);
    state.SetItemsProcessed(int64_t(buffers));
    state.counters["time_per_buffer"] =
        benchmark::Counter(buffers, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["cycles_per_buffer"] = benchmark::Counter(double(cycles) / double(per_iteration),
                                                             benchmark::Counter::kAvgIterations);
}

void BM_PoolAllocFree(benchmark::State& state) {
    HostPool p;
    if (!p.ok()) return state.SkipWithError("pool init failed");
    run(state, 1, [&] {
        auto b = p.pool.alloc();
        benchmark::DoNotOptimize(b);
        return b.ok() && p.pool.free(b.value()).ok();
    });
}
BENCHMARK(BM_PoolAllocFree);

void BM_PoolAllocFreeBatch32(benchmark::State& state) {
    HostPool p;
    if (!p.ok()) return state.SkipWithError("pool init failed");
    NetBuf* bufs[kBatch];
    run(state, kBatch, [&] {
        if (!p.pool.alloc_batch(bufs, kBatch).ok()) return false;
        benchmark::DoNotOptimize(bufs);
        benchmark::ClobberMemory();
        return p.pool.free_batch(bufs, kBatch).ok();
    });
}
BENCHMARK(BM_PoolAllocFreeBatch32);

void BM_MallocFree(benchmark::State& state) {
    run(state, 1, [] {
        void* b = std::malloc(kMallocLen);
        benchmark::DoNotOptimize(b);
        std::free(b);
        return b != nullptr;
    });
}
BENCHMARK(BM_MallocFree);

void BM_MallocFreeBatch32(benchmark::State& state) {
    void* bufs[kBatch];
    run(state, kBatch, [&] {
        bool ok = true;
        for (void*& b : bufs) {
            b = std::malloc(kMallocLen);
            ok = ok && b != nullptr;
        }
        benchmark::DoNotOptimize(bufs);
        benchmark::ClobberMemory();
        for (void* b : bufs) std::free(b);
        return ok;
    });
}
BENCHMARK(BM_MallocFreeBatch32);

}  // namespace
