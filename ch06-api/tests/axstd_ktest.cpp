// ch06-api/tests/axstd_ktest.cpp: axstd in the guest (ktest), over the loopback interface
// 127.0.0.1: RAII and misuse (double close, moved-from objects, use after shutdown, send on an
// unconnected socket, a port bound twice), SO_REUSEADDR, nonblocking and nodelay, UDP, threads.
// Every misuse must come back as an error value, never a crash or a hang.
#include <axruntime/axruntime.h>
#include <axstd/net.h>
#include <axstd/thread.h>
#include <ktest/ktest.h>

#include <string_view>

using namespace axstd;

AX_CMDLINE_ARGS("ktest");
using net::Ipv4Addr;
using net::SocketAddr;

namespace {

// The name of a result's error ("ok" on success), for KEXPECT_EQ's printout.
template <class R>
std::string_view err(const R& r) {
    return r.ok() ? std::string_view("ok") : std::string_view(r.error().name());
}

const SocketAddr kAny(Ipv4Addr(), 0);

// A listener on 127.0.0.1 at a port of its own, and its address.
net::TcpListener listen_local(SocketAddr& addr) {
    auto l = net::TcpListener::bind(SocketAddr(Ipv4Addr::localhost(), 0));
    if (!l.ok()) return {};
    addr = l.value().local_addr().value();
    return std::move(l).value();
}

// A connection over 127.0.0.1: the listener, the connecting side and the accepted side.
struct Connection {
    SocketAddr addr;
    net::TcpListener listener;
    net::TcpStream client, server;
    bool ok = false;
};

Connection connect_local() {
    Connection c;
    c.listener = listen_local(c.addr);
    auto client = net::TcpStream::connect(c.addr);
    if (!client.ok()) return c;
    auto server = c.listener.accept();
    if (!server.ok()) return c;
    c.client = std::move(client).value();
    c.server = std::move(server.value().stream);
    c.ok = true;
    return c;
}

}  // namespace

KTEST(axstd, stream_round_trip_and_addresses) {
    SocketAddr addr;
    net::TcpListener l = listen_local(addr);
    KASSERT(addr.port() != 0);
    auto c = net::TcpStream::connect(addr);
    KASSERT(c.ok());
    auto a = l.accept();
    KASSERT(a.ok());
    KEXPECT(a.value().addr == c.value().local_addr().value());
    KEXPECT(c.value().peer_addr().value() == addr);
    KEXPECT_EQ(err(c.value().write_all("ping\n")), std::string_view("ok"));
    uint8_t buf[5];
    KEXPECT_EQ(err(a.value().stream.read_exact(buf)), std::string_view("ok"));
    KEXPECT_EQ(std::string_view(reinterpret_cast<char*>(buf), 5), std::string_view("ping\n"));
    // The connector closes: the other side reads the end of the stream, then read_exact fails.
    KEXPECT_EQ(err(c.value().close()), std::string_view("ok"));
    KEXPECT_EQ(err(a.value().stream.read_exact(buf)), std::string_view("UnexpectedEof"));
}

KTEST(axstd, misuse_is_an_error) {
    Connection c = connect_local();
    KASSERT(c.ok);
    SocketAddr addr = c.addr;
    // Use after shutdown(Write): the write fails, the peer reads the end of the stream.
    KEXPECT_EQ(err(c.client.shutdown(net::Shutdown::Write)), std::string_view("ok"));
    KEXPECT_EQ(err(c.client.write_all("late")), std::string_view("WriteZero"));
    uint8_t b;
    auto eof = c.server.read({&b, 1});
    KEXPECT(eof.ok() && eof.value() == 0);
    // Double close.
    KEXPECT_EQ(err(c.client.close()), std::string_view("ok"));
    KEXPECT_EQ(err(c.client.close()), std::string_view("BadState"));
    KEXPECT_EQ(err(c.client.write_all("x")), std::string_view("BadState"));
    // A moved-from stream is inert.
    net::TcpStream moved = std::move(c.server);
    KEXPECT(!c.server.is_open());
    KEXPECT_EQ(err(c.server.peer_addr()), std::string_view("BadState"));
    KEXPECT(moved.is_open());
    // A default (never connected) stream and listener.
    net::TcpStream none;
    KEXPECT_EQ(err(none.read({&b, 1})), std::string_view("BadState"));
    net::TcpListener nol;
    KEXPECT_EQ(err(nol.accept()), std::string_view("BadState"));
    // The same port bound twice.
    auto twice = net::TcpListener::bind(addr);
    KEXPECT_EQ(err(twice), std::string_view("AddrInUse"));
    // UDP send without a peer.
    auto u = net::UdpSocket::bind(kAny);
    KASSERT(u.ok());
    KEXPECT_EQ(err(u.value().send(io::as_bytes("x"))), std::string_view("NotConnected"));
    // Names that do not parse.
    KEXPECT_EQ(err(net::TcpStream::connect(std::string_view("nohostport"))),
               std::string_view("InvalidInput"));
}

KTEST(axstd, connect_refused_and_rebind_after_close) {
    SocketAddr addr;
    {
        Connection c = connect_local();
        KASSERT(c.ok);
        addr = c.addr;
        // The server side closes first, so its end of the connection waits in TIME_WAIT.
        KEXPECT_EQ(err(c.server.close()), std::string_view("ok"));
        uint8_t b;
        (void)c.client.read({&b, 1});
    }  // listener and client dropped here: their sockets close
    KEXPECT_EQ(err(net::TcpStream::connect(addr)), std::string_view("ConnectionRefused"));
    // SO_REUSEADDR (set by bind, as Rust does) lets the port bind again at once.
    auto again = net::TcpListener::bind(addr);
    KEXPECT_EQ(err(again), std::string_view("ok"));
}

KTEST(axstd, nonblocking_and_nodelay) {
    SocketAddr addr;
    net::TcpListener l = listen_local(addr);
    KEXPECT_EQ(err(l.set_nonblocking(true)), std::string_view("ok"));
    KEXPECT_EQ(err(l.accept()), std::string_view("WouldBlock"));
    KEXPECT_EQ(err(l.set_nonblocking(false)), std::string_view("ok"));
    auto c = net::TcpStream::connect(addr);
    KASSERT(c.ok());
    KEXPECT(c.value().nodelay().ok() && !c.value().nodelay().value());
    KEXPECT_EQ(err(c.value().set_nodelay(true)), std::string_view("ok"));
    KEXPECT(c.value().nodelay().value());
    KEXPECT_EQ(err(c.value().set_nonblocking(true)), std::string_view("ok"));
    uint8_t buf[8];
    KEXPECT_EQ(err(c.value().read(buf)), std::string_view("WouldBlock"));
}

KTEST(axstd, udp_send_to_recv_from_peek) {
    auto a = net::UdpSocket::bind(SocketAddr(Ipv4Addr::localhost(), 0));
    auto b = net::UdpSocket::bind(SocketAddr(Ipv4Addr::localhost(), 0));
    KASSERT(a.ok() && b.ok());
    SocketAddr a_addr = a.value().local_addr().value(), b_addr = b.value().local_addr().value();
    KEXPECT_EQ(err(a.value().send_to(io::as_bytes("datagram"), b_addr)), std::string_view("ok"));
    uint8_t buf[32];
    auto peek = b.value().peek_from(buf);
    KASSERT(peek.ok());
    KEXPECT_EQ(peek.value().len, size_t(8));
    auto got = b.value().recv_from(buf);
    KASSERT(got.ok());
    KEXPECT(got.value().from == a_addr);
    KEXPECT_EQ(std::string_view(reinterpret_cast<char*>(buf), got.value().len),
               std::string_view("datagram"));
    // "host:port" text works where a SocketAddr does.
    KEXPECT_EQ(err(b.value().connect(std::string_view(net::to_text(a_addr)))),
               std::string_view("ok"));
    KEXPECT_EQ(err(b.value().send(io::as_bytes("back"))), std::string_view("ok"));
    auto back = a.value().recv_from(buf);
    KEXPECT(back.ok() && back.value().len == 4 && back.value().from == b_addr);
    // recv is for connected sockets (axnet's rule; Rust's would take any sender).
    KEXPECT_EQ(err(a.value().recv(buf)), std::string_view("NotConnected"));
    KEXPECT_EQ(err(b.value().close()), std::string_view("ok"));
    KEXPECT_EQ(err(b.value().close()), std::string_view("BadState"));
}

KTEST(axstd, threads_join_and_detach) {
    auto t = thread::spawn([] { return 6 * 7; });
    KASSERT(t.ok());
    auto v = t.value().join();
    KEXPECT(v.ok() && v.value() == 42);
    KEXPECT_EQ(err(t.value().join()), std::string_view("BadState"));  // joined already
    // A thread that outlives its dropped handle still runs to the end (detached).
    static bool ran = false;
    {
        auto d = thread::spawn([] {
            thread::sleep(time::Duration::from_millis(5));
            ran = true;
        });
    }
    thread::sleep(time::Duration::from_millis(50));
    KEXPECT(ran);
    // A server thread and a client: the stream moves into the thread that owns it.
    SocketAddr addr;
    net::TcpListener l = listen_local(addr);
    auto server = thread::spawn([&l]() -> size_t {
        auto a = l.accept();
        if (!a.ok()) return 0;
        io::BufReader<net::TcpStream> in(a.value().stream);
        char line[64];
        size_t lines = 0;
        while (in.read_line(line).value_or(0) > 0) ++lines;
        return lines;
    });
    KASSERT(server.ok());
    auto c = net::TcpStream::connect(addr);
    KASSERT(c.ok());
    KEXPECT_EQ(err(c.value().write_all("one\ntwo\nthree\n")), std::string_view("ok"));
    KEXPECT_EQ(err(c.value().shutdown(net::Shutdown::Both)), std::string_view("ok"));
    auto lines = server.value().join();
    KEXPECT(lines.ok() && lines.value() == 3);
}

int app_main() {
    return ktest::run_all(axruntime::cmdline_value("ktest")) == 0 ? 0 : 1;
}
