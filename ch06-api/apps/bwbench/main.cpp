// apps/bwbench/main.cpp: raw NIC transmit and receive rates through NetDriverOps, without the
// TCP/IP stack (ArceOS's bwbench). Command line: mode=tx|rx|both (default both), secs=N
// (default 2), len=BYTES (transmit frame length, default 1514). Receive counts whatever the
// NIC gets meanwhile: the bench's host side floods the guest's UDP port 5555.
#include <arceos_api/arceos_api.h>
#include <axstd/env.h>
#include <axstd/println.h>

using namespace axstd;

AXSTD_ENV_VARS("mode", "secs", "len");

namespace {

uint64_t number(std::string_view key, uint64_t fallback) {
    std::string_view v = env::var(key).value_or("");
    if (v.empty() || v.size() > 9) return fallback;
    uint64_t n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return fallback;
        n = n * 10 + uint64_t(c - '0');
    }
    return n;
}

void report(const char* what, const arceos_api::AxBenchResult& r) {
    uint64_t ns = r.ns ? r.ns : 1;
    println("bwbench: {}: {} frames, {} bytes in {} ms: {} frames/s, {} Mbit/s", what, r.frames,
            r.bytes, ns / 1'000'000, r.frames * 1'000'000'000 / ns, r.bytes * 8'000 / ns);
}

}  // namespace

int app_main() {
    std::string_view mode = env::var("mode").value_or("");
    uint64_t ns = number("secs", 2) * 1'000'000'000;
    size_t len = number("len", 1514);
    println("bwbench: mode {}, {} s per direction, {}-byte frames", mode.empty() ? "both" : mode,
            ns / 1'000'000'000, len);
    if (mode.empty() || mode == "both" || mode == "tx") {
        auto r = arceos_api::net::ax_net_bench_transmit(len, ns);
        if (!r.ok()) {
            println("bwbench: transmit: {}", axerrno::error_name(r.error()));
            return 1;
        }
        report("transmit", r.value());
    }
    if (mode.empty() || mode == "both" || mode == "rx") {
        println("bwbench: receiving");
        auto r = arceos_api::net::ax_net_bench_receive(ns);
        if (!r.ok()) return 1;
        report("receive", r.value());
    }
    return 0;
}
