// minnet/fuzz/frame_fuzz.cpp: libFuzzer target for minnet's frame parser (wire.h,
// parse_frame). Each input is one received Ethernet frame, exactly as long as the input (so
// AddressSanitizer catches a read of even one byte past it). Besides "no crash, no over-read,
// no undefined behaviour", it checks what parse_frame() promises: a reason exactly when the
// frame is Malformed, payload pointers inside the frame, and that a frame built from what was
// parsed parses back to the same fields (the builders and the parser agree).
#include <minnet/wire.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

using namespace minnet;

// An invariant broken: libFuzzer records the input that did it.
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "frame_fuzz: invariant broken: %s (line %d)\n", #cond, __LINE__); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

// [p, p + n) lies within [begin, begin + len).
bool inside(const uint8_t* p, size_t n, const uint8_t* begin, size_t len) {
    return p >= begin && p <= begin + len && n <= size_t(begin + len - p);
}

// Builds a frame from what was parsed, parses it again and compares.
void check_round_trip(ParseResult kind, const ParsedFrame& f) {
    static uint8_t buf[kMaxFrameLen];
    FrameAddrs addrs{f.eth.src, f.eth.dst, f.ip.src, f.ip.dst};
    size_t n = 0;
    switch (kind) {
        case ParseResult::Arp:
            n = build_arp(buf, sizeof buf, f.eth.dst, f.arp);
            break;
        case ParseResult::IcmpEcho:
            n = build_icmp_echo(buf, sizeof buf, addrs, f.icmp.type, f.icmp.id, f.icmp.seq,
                                f.icmp.data, f.icmp.data_len);
            break;
        case ParseResult::Udp:
            n = build_udp(buf, sizeof buf, addrs, f.udp.src_port, f.udp.dst_port, f.udp.data,
                          f.udp.data_len);
            break;
        default:
            return;
    }
    FUZZ_CHECK(n != 0);  // whatever parses fits in a frame the builders can write
    ParsedFrame g;
    FUZZ_CHECK(parse_frame(buf, n, g) == kind);
    FUZZ_CHECK(g.eth.dst == f.eth.dst);
    if (kind == ParseResult::Arp) {
        FUZZ_CHECK(g.arp.op == f.arp.op && g.arp.sender_mac == f.arp.sender_mac);
        FUZZ_CHECK(g.arp.sender_ip == f.arp.sender_ip && g.arp.target_ip == f.arp.target_ip);
        FUZZ_CHECK(g.arp.target_mac == f.arp.target_mac);
        return;
    }
    FUZZ_CHECK(g.eth.src == f.eth.src && g.ip.src == f.ip.src && g.ip.dst == f.ip.dst);
    if (kind == ParseResult::IcmpEcho) {
        FUZZ_CHECK(g.icmp.type == f.icmp.type && g.icmp.id == f.icmp.id);
        FUZZ_CHECK(g.icmp.seq == f.icmp.seq && g.icmp.data_len == f.icmp.data_len);
        FUZZ_CHECK(std::memcmp(g.icmp.data, f.icmp.data, f.icmp.data_len) == 0);
    } else {
        FUZZ_CHECK(g.udp.src_port == f.udp.src_port && g.udp.dst_port == f.udp.dst_port);
        FUZZ_CHECK(g.udp.data_len == f.udp.data_len);
        FUZZ_CHECK(std::memcmp(g.udp.data, f.udp.data, f.udp.data_len) == 0);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ParsedFrame f;
    ParseResult kind = parse_frame(data, size, f);
    switch (kind) {
        case ParseResult::Malformed:
            FUZZ_CHECK(f.reason != nullptr && f.reason[0] != '\0');
            return 0;
        case ParseResult::Arp:
        case ParseResult::Other:
            break;
        case ParseResult::IcmpEcho:
            FUZZ_CHECK(inside(f.icmp.data, f.icmp.data_len, data, size));
            FUZZ_CHECK(f.ip.total_len <= size - kEthHeaderLen);
            FUZZ_CHECK(f.icmp.type == kIcmpEchoRequest || f.icmp.type == kIcmpEchoReply);
            break;
        case ParseResult::Udp:
            FUZZ_CHECK(inside(f.udp.data, f.udp.data_len, data, size));
            FUZZ_CHECK(f.ip.total_len <= size - kEthHeaderLen);
            break;
        default:
            FUZZ_CHECK(!"parse_frame returned a value outside ParseResult");
    }
    FUZZ_CHECK(f.reason == nullptr);
    FUZZ_CHECK(size >= kEthHeaderLen);
    // The parser takes frames longer than an Ethernet MTU (the NIC decides what arrives); the
    // builders write only standard ones, so only those make the round trip.
    if (size <= kMaxFrameLen) check_round_trip(kind, f);
    return 0;
}
