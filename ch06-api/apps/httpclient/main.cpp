// apps/httpclient/main.cpp: an HTTP client written with axstd (ArceOS's httpclient): GET / from
// the server the command line names as host=NAME:PORT (default ident.me:80), resolved through
// DNS by ToSocketAddrs, then prints the status line, the body's size and its CRC-32.
#include <arceos_api/arceos_api.h>
#include <axstd/env.h>
#include <axstd/io.h>
#include <axstd/net.h>
#include <axstd/println.h>

using namespace axstd;

AXSTD_ENV_VARS("host");

namespace {

// CRC-32 (IEEE 802.3, reflected), to compare with the host side's zlib.crc32.
uint32_t crc32(uint32_t crc, const uint8_t* p, size_t n) {
    crc = ~crc;
    for (size_t i = 0; i < n; ++i) {
        crc ^= p[i];
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
    return ~crc;
}

}  // namespace

int app_main() {
    std::string_view target = env::var("host").value_or("ident.me:80");
    io::Result<net::SocketAddrs> addrs = net::to_socket_addrs(target);
    if (!addrs.ok()) {
        println("httpclient: resolve {}: {}", target, addrs.error().name());
        return 1;
    }
    println("httpclient: {} is {}", target, std::string_view(net::to_text(addrs.value()[0])));
    io::Result<net::TcpStream> s = net::TcpStream::connect(addrs.value()[0]);
    if (!s.ok()) {
        println("httpclient: connect: {}", s.error().name());
        return 1;
    }
    net::HostPort hp = net::split_host_port(target).value();
    char req[300];
    size_t n = axlog::format_to_buffer(
        req, sizeof req, "GET / HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        hp.host);
    if (auto r = s.value().write_all(std::string_view(req, n)); !r.ok()) {
        println("httpclient: send: {}", r.error().name());
        return 1;
    }
    io::BufReader<net::TcpStream> in(s.value());
    char line[1024];
    io::Result<size_t> status = in.read_line(line);
    if (!status.ok() || status.value() < 12) {
        println("httpclient: no status line");
        return 1;
    }
    println("httpclient: {}", std::string_view(line, status.value() - 2));
    for (;;) {  // skip the headers
        io::Result<size_t> h = in.read_line(line);
        if (!h.ok() || h.value() == 0) return 1;
        if (h.value() <= 2) break;
    }
    uint64_t body = 0;
    uint32_t crc = 0;
    uint8_t buf[4096];
    for (;;) {
        io::Result<size_t> r = in.read(buf);
        if (!r.ok()) {
            println("httpclient: read: {}", r.error().name());
            return 1;
        }
        if (r.value() == 0) break;
        body += r.value();
        crc = crc32(crc, buf, r.value());
    }
    println("httpclient: body {} bytes, crc32 {:08x}", body, crc);
    return 0;
}
