// axnet/src/addr.cpp: Ipv4Addr's text form and the kernel command line's network settings.
// Hardware-free: the host tests run this file unchanged.
#include <axnet/axnet.h>
#include <axruntime/axruntime.h>

namespace axnet {

bool Ipv4Addr::parse(std::string_view text, Ipv4Addr& out) {
    uint32_t be = 0;
    int part = 0;
    size_t i = 0;
    while (part < 4) {
        uint32_t v = 0;
        size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 4) {
            v = v * 10 + uint32_t(text[i++] - '0');
            ++digits;
        }
        if (digits == 0 || digits > 3 || v > 255) return false;
        be |= v << (8 * part++);
        if (part < 4) {
            if (i >= text.size() || text[i] != '.') return false;
            ++i;
        }
    }
    if (i != text.size()) return false;
    out.be = be;
    return true;
}

size_t Ipv4Addr::format(char (&out)[16]) const {
    size_t n = 0;
    for (int k = 0; k < 4; ++k) {
        unsigned v = octet(k);
        if (v >= 100) out[n++] = char('0' + v / 100);
        if (v >= 10) out[n++] = char('0' + v / 10 % 10);
        out[n++] = char('0' + v % 10);
        if (k < 3) out[n++] = '.';
    }
    out[n] = '\0';
    return n;
}

// The arguments config_from_cmdline reads, for the runtime's check of the command line.
AX_CMDLINE_ARGS("ip", "mask", "gw", "dns");

Config config_from_cmdline(std::string_view cmdline, std::string_view* bad) {
    Config cfg;
    if (bad) *bad = {};
    struct Field {
        const char* key;
        Ipv4Addr* addr;
    } fields[] = {{"ip", &cfg.ip}, {"mask", &cfg.netmask}, {"gw", &cfg.gateway}, {"dns", &cfg.dns}};
    for (const Field& f : fields) {
        std::string_view v = axruntime::find_cmdline_value(cmdline, f.key);
        if (v.empty()) continue;
        if (f.addr == &cfg.ip && v == "dhcp") {
            cfg.dhcp = true;
            continue;
        }
        if (f.addr == &cfg.dns) {
            size_t colon = v.find(':');
            uint32_t port = colon == std::string_view::npos ? 53 : 0;
            for (size_t i = colon + 1; colon != std::string_view::npos && i < v.size(); ++i) {
                port = v[i] >= '0' && v[i] <= '9' && port < 65536 ? port * 10 + uint32_t(v[i] - '0')
                                                                  : 65536;
            }
            if (port == 0 || port > 65535 || !Ipv4Addr::parse(v.substr(0, colon), cfg.dns)) {
                if (bad && bad->empty()) *bad = f.key;
                continue;
            }
            cfg.dns_port = uint16_t(port);
            cfg.dns_given = true;
        } else if (!Ipv4Addr::parse(v, *f.addr) && bad && bad->empty()) {
            *bad = f.key;
        }
    }
    return cfg;
}

}  // namespace axnet
