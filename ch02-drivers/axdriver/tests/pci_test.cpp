// axdriver/tests/pci_test.cpp: host tests of axdriver/src/pci.cpp over FakeConfig, a model of a
// few functions' configuration spaces: enumeration, BAR sizing, capabilities, malformed input.
#include <axdriver/pci.h>

#include <catch2/catch_test_macros.hpp>

#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace axdriver::pci;

namespace {

// One function's configuration space, with the bits of each dword that software can write.
// A BAR's writable bits are its address bits above the size; its type bits are read-only.
struct Function {
    uint8_t bytes[4096] = {};
    uint32_t wmask[1024] = {};
    // A lying BAR: what BAR i reads after all ones are written to it (0: no lie). With honest
    // registers a BAR's address is a multiple of its size, so only a lie makes one overrun.
    uint32_t sizing_lie[6] = {};

    uint32_t get32(uint16_t off) const {
        uint32_t v;
        std::memcpy(&v, bytes + off, 4);
        return v;
    }
    void put32(uint16_t off, uint32_t v) { std::memcpy(bytes + off, &v, 4); }
};

// Configuration spaces of the functions added; every other function reads as all ones.
class FakeConfig final : public ConfigAccess {
public:
    explicit FakeConfig(uint16_t size = 256) : m_size(size) {}

    // A function with an ID, class dword (class, subclass, prog_if, revision) and header type.
    Function& add(Bdf bdf, uint32_t ids, uint32_t class_rev = 0x02000001, uint8_t header = 0) {
        Function& f = m_fns[key(bdf)];
        f.put32(0x00, ids);
        f.put32(0x08, class_rev);
        f.bytes[0x0e] = header;
        f.wmask[1] = 0xffff;  // command register
        return f;
    }

    uint32_t read32(Bdf bdf, uint16_t off) override {
        ++reads;
        auto it = m_fns.find(key(bdf));
        return it == m_fns.end() || off >= m_size ? 0xffffffff : it->second.get32(off);
    }

    void write32(Bdf bdf, uint16_t off, uint32_t v) override {
        auto it = m_fns.find(key(bdf));
        if (it == m_fns.end() || off >= m_size) return;
        Function& f = it->second;
        if (off >= 0x10 && off < 0x28 && v == 0xffffffff && (f.get32(0x04) & 3)) {
            sized_while_decoding = true;
        }
        uint32_t m = f.wmask[off / 4];
        uint32_t now = (f.get32(off) & ~m) | (v & m);
        if (off >= 0x10 && off < 0x28 && v == 0xffffffff && f.sizing_lie[(off - 0x10) / 4]) {
            now = f.sizing_lie[(off - 0x10) / 4];
        }
        if (off == 0x04) now &= ~(v & 0xf9000000);  // status error bits: write 1 to clear
        f.put32(off, now);
    }

    uint16_t config_size() const override { return m_size; }

    bool sized_while_decoding = false;
    uint64_t reads = 0;

private:
    static uint32_t key(Bdf b) { return uint32_t(b.bus) << 16 | b.device << 8 | b.function; }
    std::map<uint32_t, Function> m_fns;
    uint16_t m_size;
};

// A BAR with whatever read-only bits and writable mask a test wants.
void raw_bar(Function& f, int slot, uint32_t value, uint32_t wmask) {
    f.put32(uint16_t(0x10 + 4 * slot), value);
    f.wmask[4 + slot] = wmask;
}

// A 32-bit memory BAR (type_bits 0 or 8) or an I/O BAR (type_bits 1) of @p size at @p addr.
void bar32(Function& f, int slot, uint32_t addr, uint32_t type_bits, uint32_t size) {
    raw_bar(f, slot, addr | type_bits, ~(size - 1) & ((type_bits & 1) ? ~3u : ~0xfu));
}

// A 64-bit memory BAR in @p slot and @p slot + 1.
void bar64(Function& f, int slot, uint64_t addr, uint64_t size, bool prefetchable) {
    uint64_t mask = ~(size - 1) & ~uint64_t(0xf);
    raw_bar(f, slot, uint32_t(addr) | 0x4 | (prefetchable ? 0x8 : 0), uint32_t(mask));
    raw_bar(f, slot + 1, uint32_t(addr >> 32), uint32_t(mask >> 32));
}

// Status bit 4 and the list head at 0x34; cap() writes one entry {id, next}.
void cap_head(Function& f, uint8_t ptr) {
    f.bytes[0x06] |= 0x10;
    f.bytes[0x34] = ptr;
}
void cap(Function& f, uint8_t at, uint8_t id, uint8_t next) {
    f.bytes[at] = id;
    f.bytes[at + 1] = next;
}

std::vector<PciDevice> enumerate_all(FakeConfig& cfg) {
    std::vector<PciDevice> out;
    auto keep = [](const PciDevice& d, void* ctx) {
        static_cast<std::vector<PciDevice>*>(ctx)->push_back(d);
    };
    size_t n = enumerate(cfg, keep, &out);
    CHECK(n == out.size());
    return out;
}

}  // namespace

TEST_CASE("enumerate finds exactly the modelled functions", "[pci]") {
    FakeConfig cfg;
    cfg.add({0, 0, 0}, 0x29c08086, 0x06000002);
    cfg.add({0, 0, 1}, 0x11118086);  // function 0 is single-function: never looked at
    cfg.add({0, 0, 7}, 0x22228086);
    cfg.add({0, 2, 0}, 0x10411af4).bytes[0x3c] = 11;
    cfg.add({0, 0x1e, 0}, 0x244e8086, 0x06040001, 1);  // PCI-to-PCI bridge
    cfg.add({0, 0x1f, 0}, 0x29188086, 0x06010002, 0x80);
    cfg.add({0, 0x1f, 2}, 0x29228086, 0x01060102);
    cfg.add({0, 0x1f, 3}, 0x29308086, 0x0c050002);
    cfg.add({1, 0, 0}, 0x10c98086, 0x02000001);
    cfg.add({255, 0, 0}, 0x12345678, 0x08800000, 0x80);
    cfg.add({255, 0, 7}, 0x12355678, 0x08800000);

    auto found = enumerate_all(cfg);
    std::vector<Bdf> expect = {{0, 0, 0},    {0, 2, 0}, {0, 0x1e, 0}, {0, 0x1f, 0}, {0, 0x1f, 2},
                               {0, 0x1f, 3}, {1, 0, 0}, {255, 0, 0},  {255, 0, 7}};
    REQUIRE(found.size() == expect.size());
    for (size_t i = 0; i < found.size(); ++i) {
        CHECK((found[i].bdf == expect[i] && found[i].error == DevError{}));
    }
    const PciDevice& sata = found[4];
    CHECK((sata.vendor_id == 0x8086 && sata.device_id == 0x2922));
    CHECK((sata.class_code == 0x01 && sata.subclass == 0x06 && sata.prog_if == 0x01));
    CHECK((sata.revision == 0x02 && sata.header_type == 0));
    CHECK(found[1].interrupt_line == 11);
    CHECK(found[2].header_type == 1);
    CHECK(found[3].header_type == 0);  // bit 7 (multi-function) cleared

    // read16 and read8 pick their bytes out of the aligned dword.
    Bdf b{0, 0x1f, 2};
    CHECK((read16(cfg, b, 0x00) == 0x8086 && read16(cfg, b, 0x02) == 0x2922));
    CHECK((read8(cfg, b, 0x08) == 0x02 && read8(cfg, b, 0x09) == 0x01));
    CHECK((read16(cfg, b, 0x0a) == 0x0106 && read8(cfg, b, 0x0b) == 0x01));
    CHECK(read16(cfg, Bdf{0, 4, 0}, 0x00) == 0xffff);
}

TEST_CASE("BARs are decoded, sized and restored", "[pci]") {
    FakeConfig cfg;
    Bdf b{0, 3, 0};
    Function& f = cfg.add(b, 0x10c98086);
    f.put32(0x04, 0x20100407);  // status: error bit 13, capability list; command: decode on
    bar32(f, 0, 0xfebf1000, 0, 4096);
    bar32(f, 1, 0xc040, 1, 32);
    raw_bar(f, 2, 0, 0);                          // not implemented
    raw_bar(f, 3, 0xc101, 0xff00);                // I/O, bits 31:16 hardwired to zero: 256 ports
    bar64(f, 4, 0x4000000000, 8ull << 30, true);  // 8 GiB, prefetchable
    Function& g = cfg.add({0, 4, 0}, 0x10411af4);
    bar64(g, 0, 0x800004000, 16384, true);
    bar32(g, 2, 0xfe000000, 8, 1 << 24);
    raw_bar(g, 3, 0x1, 0);  // I/O type, but no address bits: not implemented either
    Function before = f;

    Bar bars[6];
    const char* detail = nullptr;
    REQUIRE(read_bars(cfg, b, bars, 6, &detail).ok());
    CHECK((bars[0].kind == Bar::Kind::Memory32 && !bars[0].prefetchable));
    CHECK((bars[0].address == 0xfebf1000 && bars[0].size == 4096));
    CHECK((bars[1].kind == Bar::Kind::Io && bars[1].address == 0xc040 && bars[1].size == 32));
    CHECK(bars[2].kind == Bar::Kind::None);
    CHECK((bars[3].kind == Bar::Kind::Io && bars[3].address == 0xc100 && bars[3].size == 256));
    CHECK((bars[4].kind == Bar::Kind::Memory64 && bars[4].prefetchable));
    CHECK((bars[4].address == 0x4000000000 && bars[4].size == (8ull << 30)));
    CHECK(bars[5].kind == Bar::Kind::None);  // upper half
    // Every register (BARs, command, status) is as it was, and decoding was off while sizing.
    CHECK(std::memcmp(before.bytes, f.bytes, sizeof(f.bytes)) == 0);
    CHECK(!cfg.sized_while_decoding);

    auto found = enumerate_all(cfg);
    REQUIRE(found.size() == 2);
    CHECK(found[0].bars[4].size == (8ull << 30));
    const Bar* gb = found[1].bars;
    CHECK((gb[0].kind == Bar::Kind::Memory64 && gb[0].address == 0x800004000));
    CHECK((gb[0].size == 16384 && gb[1].kind == Bar::Kind::None));
    CHECK((gb[2].kind == Bar::Kind::Memory32 && gb[2].prefetchable && gb[2].size == 1 << 24));
    CHECK(gb[3].kind == Bar::Kind::None);
    CHECK(!cfg.sized_while_decoding);
}

TEST_CASE("a bridge has two BARs; the registers after them are not BARs", "[pci]") {
    FakeConfig cfg;
    Function& f = cfg.add({0, 1, 0}, 0x00011b36, 0x06040000, 1);
    bar32(f, 0, 0xfe800000, 0, 4096);
    raw_bar(f, 2, 0x00020100, 0xffffff00);  // bus numbers, which would size like a BAR
    auto found = enumerate_all(cfg);
    REQUIRE(found.size() == 1);
    CHECK(found[0].error == DevError{});
    CHECK(found[0].bars[0].size == 4096);
    CHECK((found[0].bars[1].kind == Bar::Kind::None && found[0].bars[2].kind == Bar::Kind::None));
}

TEST_CASE("capabilities are listed in list order and found by ID", "[pci]") {
    FakeConfig cfg(4096);
    Bdf b{0, 2, 0};
    Function& f = cfg.add(b, 0x10411af4);
    cap_head(f, 0x98);
    cap(f, 0x98, kCapMsix, 0x40);
    cap(f, 0x40, kCapPowerManagement, 0x84);
    cap(f, 0x84, kCapVendorSpecific, 0x50);
    cap(f, 0x50, kCapMsi, 0x60);
    cap(f, 0x60, kCapPciExpress, 0);

    auto found = enumerate_all(cfg);
    REQUIRE(found.size() == 1);
    const PciDevice& d = found[0];
    CHECK(d.error == DevError{});
    REQUIRE(d.num_caps == 5);
    const uint8_t ids[] = {kCapMsix, kCapPowerManagement, kCapVendorSpecific, kCapMsi,
                           kCapPciExpress};
    const uint8_t offsets[] = {0x98, 0x40, 0x84, 0x50, 0x60};
    for (size_t i = 0; i < 5; ++i) {
        CHECK((d.caps[i].id == ids[i] && d.caps[i].offset == offsets[i]));
    }
    CHECK((find_capability(d, kCapMsi) && find_capability(d, kCapMsi)->offset == 0x50));
    CHECK(find_capability(d, 0x12) == nullptr);
    CHECK((std::string(capability_name(kCapMsix)) == "MSI-X" &&
           std::string(capability_name(kCapPciExpress)) == "PCI Express"));
    CHECK(std::string(capability_name(0x42)) == "unknown");

    f.bytes[0x06] &= ~0x10;  // no list bit: 0x34 is not looked at
    Capability caps[16];
    size_t n = 99;
    CHECK(read_capabilities(cfg, b, caps, 16, n, nullptr).ok());
    CHECK(n == 0);
}

TEST_CASE("malformed configuration space ends in InvalidParam, and enumerate goes on", "[pci]") {
    struct Case {
        const char* name;
        bool bars;  // the fault is in the BARs (else in the capability list)
        void (*setup)(Function&);
        const char* detail;
    };
    const Case cases[] = {
        {"loop A->B->A", false,
         [](Function& f) {
             cap_head(f, 0x40), cap(f, 0x40, kCapMsi, 0x50), cap(f, 0x50, kCapMsix, 0x40);
         },
         "capability list loops"},
        {"self-loop", false, [](Function& f) { cap_head(f, 0x40), cap(f, 0x40, 1, 0x40); },
         "capability list loops"},
        {"head below 0x40", false, [](Function& f) { cap_head(f, 0x3c); }, "below 0x40"},
        {"next below 0x40", false, [](Function& f) { cap_head(f, 0x40), cap(f, 0x40, 1, 0x10); },
         "below 0x40"},
        {"past the end", false, [](Function& f) { cap_head(f, 0x40), cap(f, 0x40, 1, 0xff); },
         "past the end"},
        {"misaligned", false, [](Function& f) { cap_head(f, 0x42); }, "not 4-byte aligned"},
        {"17 entries", false,
         [](Function& f) {
             cap_head(f, 0x40);
             for (int i = 0; i < 17; ++i) cap(f, uint8_t(0x40 + 4 * i), 9, uint8_t(0x44 + 4 * i));
             f.bytes[0x40 + 4 * 16 + 1] = 0;
         },
         "more capabilities"},
        {"mask with a hole", true, [](Function& f) { raw_bar(f, 2, 0, 0xfff0f000); },
         "BAR 2: size mask is not a power of two"},
        {"64-bit mask with a hole", true,
         [](Function& f) { raw_bar(f, 0, 0x4, 0xfffff000), raw_bar(f, 1, 0, 0x0000ffff); },
         "BAR 0: size mask is not a power of two"},
        {"64-bit BAR in slot 5", true, [](Function& f) { raw_bar(f, 5, 0x4, 0xfffff000); },
         "BAR 5: 64-bit BAR in the last slot"},
        {"reserved type 11", true, [](Function& f) { raw_bar(f, 1, 0x6, 0xfffff000); },
         "BAR 1: reserved memory type 11"},
        {"memory BAR at address 0", true, [](Function& f) { bar32(f, 3, 0, 0, 4096); },
         "BAR 3: address 0 (never assigned)"},
        {"I/O BAR at port 0", true, [](Function& f) { bar32(f, 1, 0, 1, 32); },
         "BAR 1: address 0 (never assigned)"},
        {"64-bit BAR at address 0", true, [](Function& f) { bar64(f, 2, 0, 16384, true); },
         "BAR 2: address 0 (never assigned)"},
        {"32-bit BAR past 4 GiB", true,
         [](Function& f) {  // at 0xfff80000, but sizes to 1 MiB
             bar32(f, 0, 0xfff80000, 0, 1u << 19);
             f.sizing_lie[0] = 0xfff00000;
         },
         "BAR 0: address + size past the address space"},
        {"64-bit BAR past 2^64", true,
         [](Function& f) {
             bar64(f, 4, 0xffffffff'fff80000ull, 1u << 19, false);
             f.sizing_lie[4] = 0xfff00004;
         },
         "BAR 4: address + size past the address space"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        FakeConfig cfg;
        Bdf b{0, 4, 0};
        Function& f = cfg.add(b, 0x10411af4);
        f.put32(0x04, 0x00000007);
        c.setup(f);
        cfg.add({0, 5, 0}, 0x10c98086);  // a healthy neighbour
        Function before = f;

        const char* detail = nullptr;
        Bar bars[6];
        Capability caps[16];
        size_t n;
        DevResult<> r = c.bars ? read_bars(cfg, b, bars, 6, &detail)
                               : read_capabilities(cfg, b, caps, 16, n, &detail);
        REQUIRE(!r.ok());
        CHECK(r.error() == DevError::InvalidParam);
        REQUIRE(detail != nullptr);
        CHECK(std::string(detail).find(c.detail) != std::string::npos);
        CHECK(std::memcmp(before.bytes, f.bytes, sizeof(f.bytes)) == 0);

        auto found = enumerate_all(cfg);
        REQUIRE(found.size() == 2);
        CHECK(found[0].error == DevError::InvalidParam);
        REQUIRE(found[0].error_detail != nullptr);
        CHECK(std::string(found[0].error_detail) == detail);
        CHECK(found[1].error == DevError{});
    }
}

TEST_CASE("enumerate terminates on configuration spaces of random bytes", "[pci]") {
    std::mt19937 rng(20240601);
    for (int iter = 0; iter < 300; ++iter) {
        FakeConfig cfg(iter % 2 ? 4096 : 256);  // functions on bus 0 only
        size_t expect = 0;
        for (uint8_t dev = 0; dev < 32; ++dev) {
            bool dev_present = false, multi = false;
            for (uint8_t fn = 0; fn < 8; ++fn) {
                Function& f = cfg.add({0, dev, fn}, 0);
                for (int i = 0; i < 64; ++i) f.put32(uint16_t(4 * i), uint32_t(rng()));
                for (int i = 0; i < 64; ++i) f.wmask[i] = uint32_t(rng());
                // Mostly type 0/1 headers, BAR masks and aligned capability pointers that
                // parse a while before going wrong.
                if (rng() % 8) f.bytes[0x0e] &= 0x81;
                for (int i = 4; i < 10; ++i) f.wmask[i] = rng() % 2 ? ~0u << (rng() % 32) : 0;
                auto tame = [&](uint8_t& p) { p = rng() % 16 ? uint8_t((p | 0x40) & 0xfc) : 0; };
                tame(f.bytes[0x34]);
                for (int i = 0x40; i < 256; i += 4) tame(f.bytes[i + 1]);
                if (rng() % 4 == 0) f.put32(0, f.get32(0) | 0xffff);  // some functions absent
                bool present = (f.get32(0) & 0xffff) != 0xffff;
                if (fn == 0) dev_present = present, multi = f.bytes[0x0e] & 0x80;
                if (dev_present && (fn == 0 || multi) && present) ++expect;
            }
        }
        auto found = enumerate_all(cfg);
        CHECK(found.size() == expect);
        CHECK(cfg.reads < 100000);
        for (const PciDevice& d : found) {
            CHECK((d.bdf.bus == 0 && d.num_caps <= 16 && d.header_type < 0x80));
            CHECK((d.error == DevError{} || d.error_detail != nullptr));
            for (size_t i = 0; i < d.num_caps; ++i) CHECK(d.caps[i].offset >= 0x40);
            for (const Bar& bar : d.bars) {
                if (bar.kind != Bar::Kind::None) CHECK((bar.size & (bar.size - 1)) == 0);
            }
        }
    }
}

TEST_CASE("enable_device turns on I/O, memory and bus mastering and keeps the rest", "[pci]") {
    FakeConfig cfg;
    Bdf b{0, 2, 0};
    Function& f = cfg.add(b, 0x10411af4);
    f.put32(0x04, 0x20100400);  // status: error bit 13, capability list; INTx disabled
    enable_device(cfg, b);
    CHECK(f.get32(0x04) == 0x20100407);
    enable_device(cfg, Bdf{0, 9, 0});  // absent: nothing to do, nothing breaks
}
