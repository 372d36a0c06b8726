// axstd/src/addr.cpp: parsing and printing of axstd::net's addresses (chapter 6, 3.2). Pure
// code: the host tests compile this file as it is.
#include <axstd/addr.h>

namespace axstd::net {

namespace {

// A decimal number of at most max, no sign, no leading zero (Rust's rules for octets and
// ports); false if text is not one.
bool parse_decimal(std::string_view text, uint32_t max, uint32_t& out) {
    if (text.empty() || text.size() > 5 || (text.size() > 1 && text[0] == '0')) return false;
    uint32_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + uint32_t(c - '0');
    }
    if (v > max) return false;
    out = v;
    return true;
}

size_t put_decimal(char* out, uint32_t v) {
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = char('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (size_t i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
    return n;
}

}  // namespace

io::Result<Ipv4Addr> Ipv4Addr::parse(std::string_view text) {
    // LAB ch06.parse_ipv4: split at the dots and check each octet (chapter 6, 3.2)
    uint32_t octets[4];
    for (int i = 0; i < 4; ++i) {
        size_t dot = i < 3 ? text.find('.') : text.size();
        if (dot == std::string_view::npos) return io::ErrorKind::InvalidInput;
        if (!parse_decimal(text.substr(0, dot), 255, octets[i])) return io::ErrorKind::InvalidInput;
        text.remove_prefix(i < 3 ? dot + 1 : dot);
    }
    return Ipv4Addr(uint8_t(octets[0]), uint8_t(octets[1]), uint8_t(octets[2]), uint8_t(octets[3]));
    // LAB END
}

AddrText to_text(Ipv4Addr ip) {
    AddrText t;
    for (int i = 0; i < 4; ++i) {
        if (i > 0) t.buf[t.len++] = '.';
        t.len += put_decimal(t.buf + t.len, ip.octet(i));
    }
    t.buf[t.len] = '\0';
    return t;
}

io::Result<HostPort> split_host_port(std::string_view text) {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return io::ErrorKind::InvalidInput;
    uint32_t port;
    if (!parse_decimal(text.substr(colon + 1), 65535, port)) return io::ErrorKind::InvalidInput;
    return HostPort{text.substr(0, colon), uint16_t(port)};
}

io::Result<SocketAddr> SocketAddr::parse(std::string_view text) {
    io::Result<HostPort> hp = split_host_port(text);
    if (!hp.ok()) return hp.error();
    io::Result<Ipv4Addr> ip = Ipv4Addr::parse(hp.value().host);
    if (!ip.ok()) return ip.error();
    return SocketAddr(ip.value(), hp.value().port);
}

AddrText to_text(SocketAddr a) {
    AddrText t = to_text(a.ip());
    t.buf[t.len++] = ':';
    t.len += put_decimal(t.buf + t.len, a.port());
    t.buf[t.len] = '\0';
    return t;
}

}  // namespace axstd::net
