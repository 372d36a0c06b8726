// axdriver/fuzz/pci_enumerate_fuzz.cpp: libFuzzer target for PCI enumeration (axdriver/pci.h)
// over configuration spaces the input describes: up to 8 functions anywhere on the 256 buses,
// each with 256 bytes of configuration space and its own writable bits in the command register
// and the BARs (everything else read-only, as a device's header is). Besides "no crash, no
// over-read, no undefined behaviour", it checks what enumerate() promises:
//   - it visits exactly the functions present (function 0 present; 1-7 only if multi-function),
//     each once, and returns their number; it finishes in a bounded number of reads;
//   - every access is an aligned dword inside configuration space, and it writes only the
//     command register and the BARs, leaving every register as it found it (sizing restores);
//   - what it reports is well formed: capability offsets in range and aligned, at most 16,
//     BAR sizes powers of two, an error always with its detail.
#include <axdriver/pci.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <vector>

namespace {

using namespace axdriver::pci;

#define FUZZ_CHECK(cond)                                                                        \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            std::fprintf(stderr, "pci_enumerate_fuzz: invariant broken: %s (line %d)\n", #cond, \
                         __LINE__);                                                             \
            std::abort();                                                                       \
        }                                                                                       \
    } while (0)

constexpr uint16_t kRegCommand = 0x04;
constexpr uint16_t kRegBar0 = 0x10;
constexpr uint16_t kRegBar5 = 0x24;

uint32_t key(Bdf b) {
    return uint32_t(b.bus) << 8 | uint32_t(b.device) << 3 | b.function;
}

struct Function {
    uint8_t bytes[256] = {};
    uint32_t wmask[64] = {};  // bits software can write, per dword
    uint32_t get32(uint16_t off) const {
        uint32_t v;
        std::memcpy(&v, bytes + off, 4);
        return v;
    }
};

class FuzzConfig final : public ConfigAccess {
public:
    FuzzConfig(uint16_t size) : m_size(size) {}
    std::map<uint32_t, Function> fns;
    size_t reads = 0;

    uint32_t read32(Bdf bdf, uint16_t off) override {
        check(bdf, off);
        ++reads;
        auto it = fns.find(key(bdf));
        if (it == fns.end()) return 0xffffffff;  // no function: all ones
        return off < sizeof(Function::bytes) ? it->second.get32(off) : 0;
    }
    void write32(Bdf bdf, uint16_t off, uint32_t v) override {
        check(bdf, off);
        // Only the command register and the BARs are written by enumeration.
        FUZZ_CHECK(off == kRegCommand || (off >= kRegBar0 && off <= kRegBar5));
        auto it = fns.find(key(bdf));
        if (it == fns.end()) return;
        Function& f = it->second;
        uint32_t m = f.wmask[off / 4];
        uint32_t now = (f.get32(off) & ~m) | (v & m);
        std::memcpy(f.bytes + off, &now, 4);
    }
    uint16_t config_size() const override { return m_size; }

private:
    void check(Bdf bdf, uint16_t off) const {
        FUZZ_CHECK(off % 4 == 0 && off < m_size);
        FUZZ_CHECK(bdf.device < 32 && bdf.function < 8);
    }
    uint16_t m_size;
};

void collect(const PciDevice& d, void* ctx) {
    static_cast<std::vector<PciDevice>*>(ctx)->push_back(d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    FuzzConfig cfg(in.ConsumeBool() ? 4096 : 256);
    size_t n = in.ConsumeIntegralInRange<size_t>(1, 8);
    for (size_t i = 0; i < n && in.remaining_bytes() > 0; ++i) {
        Bdf b{in.ConsumeIntegral<uint8_t>(), in.ConsumeIntegralInRange<uint8_t>(0, 31),
              in.ConsumeIntegralInRange<uint8_t>(0, 7)};
        Function& f = cfg.fns[key(b)];
        f.wmask[kRegCommand / 4] = in.ConsumeIntegral<uint16_t>();  // status: RW1C, kept
        for (uint16_t r = kRegBar0; r <= kRegBar5; r += 4) {
            f.wmask[r / 4] = in.ConsumeIntegral<uint32_t>();
        }
        auto bytes = in.ConsumeBytes<uint8_t>(sizeof f.bytes);
        if (!bytes.empty()) std::memcpy(f.bytes, bytes.data(), bytes.size());
    }

    // What must be found: function 0 present, and functions 1-7 of multi-function devices.
    std::set<uint32_t> expect;
    for (const auto& [k, f] : cfg.fns) {
        auto present = [&](uint32_t kk) {
            auto it = cfg.fns.find(kk);
            return it != cfg.fns.end() && (it->second.get32(0) & 0xffff) != 0xffff;
        };
        uint32_t fn0 = k & ~7u;
        if (!present(k) || !present(fn0)) continue;
        if ((k & 7) == 0 || (cfg.fns[fn0].bytes[0x0e] & 0x80)) expect.insert(k);
    }
    std::map<uint32_t, Function> before = cfg.fns;

    std::vector<PciDevice> found;
    size_t count = enumerate(cfg, collect, &found);
    FUZZ_CHECK(count == found.size());
    FUZZ_CHECK(cfg.reads < 100000);
    std::set<uint32_t> seen;
    for (const PciDevice& d : found) {
        FUZZ_CHECK(seen.insert(key(d.bdf)).second);  // each function once
        FUZZ_CHECK(d.num_caps <= 16);
        FUZZ_CHECK(d.header_type < 0x80);
        FUZZ_CHECK(d.error == DevError{} || d.error_detail != nullptr);
        for (size_t i = 0; i < d.num_caps; ++i) {
            FUZZ_CHECK(d.caps[i].offset >= 0x40 && d.caps[i].offset % 4 == 0);
        }
        for (size_t i = 0; i < 6; ++i) {
            const Bar& bar = d.bars[i];
            if (bar.kind == Bar::Kind::None) continue;
            FUZZ_CHECK(bar.size != 0 && (bar.size & (bar.size - 1)) == 0);
            FUZZ_CHECK(bar.kind != Bar::Kind::Memory64 || i < 5);
        }
    }
    FUZZ_CHECK(seen == expect);
    // Sizing the BARs and switching decoding off and on left every register as it was.
    for (const auto& [k, f] : cfg.fns) {
        FUZZ_CHECK(std::memcmp(f.bytes, before[k].bytes, sizeof f.bytes) == 0);
    }
    return 0;
}
