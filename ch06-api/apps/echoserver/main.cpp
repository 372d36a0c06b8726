// apps/echoserver/main.cpp: a TCP echo server written with axstd (ArceOS's echoserver): one
// thread per connection sends back what it reads until the client closes. A connection whose
// first message is exactly "quit\n" stops the server (for the tests). Port 5555.
#include <axstd/net.h>
#include <axstd/println.h>
#include <axstd/thread.h>

using namespace axstd;

namespace {

constexpr uint16_t kPort = 5555;

void serve(net::TcpStream stream) {
    uint8_t buf[4096];
    bool first = true;
    for (;;) {
        io::Result<size_t> n = stream.read(buf);
        if (!n.ok() || n.value() == 0) break;
        std::string_view text(reinterpret_cast<const char*>(buf), n.value());
        if (first && text == "quit\n") {
            println("echoserver: quit");
            arceos_api::task::ax_exit(0);
        }
        first = false;
        if (!stream.write_all(std::span<const uint8_t>(buf, n.value())).ok()) break;
    }
}

}  // namespace

int app_main() {
    io::Result<net::TcpListener> listener = net::TcpListener::bind(net::SocketAddr({}, kPort));
    if (!listener.ok()) {
        println("echoserver: bind: {}", listener.error().name());
        return 1;
    }
    println("echoserver: listening on 0.0.0.0:{}", kPort);
    for (io::Result<net::TcpStream> stream : listener.value().incoming()) {
        if (!stream.ok()) {
            println("echoserver: accept: {}", stream.error().name());
            continue;
        }
        // The handle is dropped at once: the thread is detached and frees itself.
        auto t = thread::spawn([s = std::move(stream).value()]() mutable { serve(std::move(s)); },
                               32 * 1024);
        if (!t.ok()) println("echoserver: spawn: {}", t.error().name());
    }
    return 0;
}
