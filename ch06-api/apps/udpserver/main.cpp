// apps/udpserver/main.cpp: a UDP echo server written with axstd (ArceOS's udpserver): each
// datagram goes back to its sender. The datagram "quit" stops the server (for the tests).
// Port 5555.
#include <axstd/net.h>
#include <axstd/println.h>

using namespace axstd;

int app_main() {
    constexpr uint16_t kPort = 5555;
    io::Result<net::UdpSocket> sock = net::UdpSocket::bind(net::SocketAddr({}, kPort));
    if (!sock.ok()) {
        println("udpserver: bind: {}", sock.error().name());
        return 1;
    }
    println("udpserver: listening on 0.0.0.0:{}", kPort);
    uint8_t buf[2048];
    for (uint64_t count = 0;; ++count) {
        io::Result<net::Datagram> d = sock.value().recv_from(buf);
        if (!d.ok()) {
            println("udpserver: recv_from: {}", d.error().name());
            continue;
        }
        std::string_view text(reinterpret_cast<const char*>(buf), d.value().len);
        if (text == "quit") {
            println("udpserver: quit after {} datagrams", count);
            return 0;
        }
        io::Result<size_t> r =
            sock.value().send_to(std::span<const uint8_t>(buf, d.value().len), d.value().from);
        if (!r.ok()) println("udpserver: send_to: {}", r.error().name());
    }
}
