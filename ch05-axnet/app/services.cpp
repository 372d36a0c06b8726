// ch05-axnet/app/services.cpp: the demo kernel's services (see services.h). Every connection
// gets its own task, which blocks in recv()/send() while the idle loop polls the NIC: the
// code reads as straight-line blocking code, as a server on Linux would.
#include "services.h"

#include <axlog/log.h>
#include <axnet/axnet.h>
#include <axnet/udp_socket.h>

#include <cstring>
#include <new>
#include <string_view>

namespace app {

bool g_quit;
axtask::WaitQueue g_quit_wq;

namespace {

using axnet::SocketAddr;
using axnet::TcpSocket;

constexpr size_t kConnStack = 32 * 1024;
// A client silent for this long, or not reading for this long, is dropped (start_services).
uint64_t g_idle_timeout_ns;
constexpr int kBacklog = 255;

struct Totals {
    uint64_t echo_conns, echo_bytes, http_conns, http_requests, udp_datagrams, spawn_failures;
    uint64_t live_conns, most_live_conns;
} g_totals;

const char kPage[] =
    "<!DOCTYPE html>\n<html><head><title>axnet</title></head>\n"
    "<body><h1>Hello from axnet</h1><p>A C++ unikernel serving HTTP over lwIP.</p></body>"
    "</html>\n";

// Sends all of data; false when the connection is gone.
bool send_all(TcpSocket s, const void* data, size_t len) {
    auto r = s.send(data, len);
    return r.ok() && r.value() == len;
}

// --- TCP echo --------------------------------------------------------------------------------

void echo_conn(void* arg) {
    TcpSocket s = *static_cast<TcpSocket*>(arg);
    delete static_cast<TcpSocket*>(arg);
    s.set_timeouts(g_idle_timeout_ns, g_idle_timeout_ns);
    uint8_t buf[4096];
    for (;;) {
        auto r = s.recv(buf, sizeof buf);
        if (!r.ok() || r.value() == 0) break;
        g_totals.echo_bytes += r.value();
        if (!send_all(s, buf, r.value())) break;
    }
    s.close();
    --g_totals.live_conns;
}

// --- HTTP/1.1 ------------------------------------------------------------------------------

// A request's parts that matter here.
struct Request {
    std::string_view method, path;
    bool keep_alive;
};

bool parse_request(std::string_view head, Request& req) {
    size_t sp1 = head.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : head.find(' ', sp1 + 1);
    size_t eol = head.find("\r\n");
    if (sp2 == std::string_view::npos || eol == std::string_view::npos || sp2 > eol) return false;
    req.method = head.substr(0, sp1);
    req.path = head.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = head.substr(sp2 + 1, eol - sp2 - 1);
    // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 closes unless
    // "Connection: keep-alive" (RFC 9112, 9.3). Header names compare case-insensitively.
    req.keep_alive = version == "HTTP/1.1";
    for (size_t i = eol + 2; i < head.size();) {
        size_t e = head.find("\r\n", i);
        if (e == std::string_view::npos) break;
        std::string_view line = head.substr(i, e - i);
        constexpr std::string_view kConn = "connection:";
        if (line.size() > kConn.size()) {
            bool match = true;
            for (size_t k = 0; k < kConn.size() && match; ++k) {
                char c = line[k];
                if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
                match = c == kConn[k];
            }
            if (match) {
                std::string_view v = line.substr(kConn.size());
                while (!v.empty() && v[0] == ' ') v.remove_prefix(1);
                if (v == "close" || v == "Close") req.keep_alive = false;
                if (v == "keep-alive" || v == "Keep-Alive") req.keep_alive = true;
            }
        }
        i = e + 2;
    }
    return true;
}

// Formats an unsigned number into out; returns its length.
size_t format_u64(uint64_t v, char* out) {
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = char('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
    return n;
}

// Appends text to a buffer (bounded).
struct Out {
    char buf[1024];
    size_t n = 0;
    void put(std::string_view s) {
        for (char c : s) {
            if (n < sizeof buf) buf[n++] = c;
        }
    }
    void num(uint64_t v) {
        char t[20];
        put({t, format_u64(v, t)});
    }
};

// The body of GET /stats: what the tests compare before and after a run of connections.
void stats_body(Out& o) {
    axnet::PoolUsage u = axnet::pool_usage();
    axnet::Counters c = axnet::counters();
    o.put("memp_used ");
    o.num(u.memp_used);
    o.put("\nmem_used ");
    o.num(u.mem_used);
    o.put("\nrx_lent ");
    o.num(u.rx_lent);
    o.put("\nrx_pool_free ");
    o.num(u.rx_pool_free);
    o.put("\nrx_frames ");
    o.num(c.rx_frames);
    o.put("\nrx_copied ");
    o.num(c.rx_copied);
    o.put("\ntx_no_buffer ");
    o.num(c.tx_no_buffer);
    o.put("\nlive_conns ");
    o.num(g_totals.live_conns);
    o.put("\ntasks ");
    o.num(axtask::stats().tasks);
    o.put("\n");
}

bool respond(TcpSocket s, const Request& req) {
    Out body;
    std::string_view status = "200 OK";
    if (req.method != "GET" && req.method != "HEAD") {
        status = "405 Method Not Allowed";
        body.put("method not allowed\n");
    } else if (req.path == "/" || req.path == "/index.html") {
        body.put(kPage);
    } else if (req.path == "/stats") {
        stats_body(body);
    } else if (req.path == "/quit") {
        body.put("bye\n");
    } else {
        status = "404 Not Found";
        body.put("not found\n");
    }
    Out head;
    head.put("HTTP/1.1 ");
    head.put(status);
    head.put("\r\nServer: axnet\r\nContent-Type: text/html\r\nContent-Length: ");
    head.num(body.n);
    head.put(req.keep_alive ? "\r\nConnection: keep-alive\r\n\r\n"
                            : "\r\nConnection: close\r\n\r\n");
    if (req.method != "HEAD") head.put({body.buf, body.n});
    return send_all(s, head.buf, head.n);
}

void http_conn(void* arg) {
    TcpSocket s = *static_cast<TcpSocket*>(arg);
    delete static_cast<TcpSocket*>(arg);
    s.set_nodelay(true);  // one response per request: no reason to wait for more
    s.set_timeouts(g_idle_timeout_ns, g_idle_timeout_ns);
    char buf[2048];
    size_t have = 0;
    for (;;) {
        std::string_view data(buf, have);
        size_t end = data.find("\r\n\r\n");
        if (end == std::string_view::npos) {
            if (have == sizeof buf) break;  // a request head larger than we take: drop it
            auto r = s.recv(buf + have, sizeof buf - have);
            if (!r.ok() || r.value() == 0) break;
            have += r.value();
            continue;
        }
        Request req;
        if (!parse_request(data.substr(0, end + 2), req)) break;
        ++g_totals.http_requests;
        bool ok = respond(s, req);
        if (req.path == "/quit") {
            g_quit = true;
            g_quit_wq.notify_all();
        }
        if (!ok || !req.keep_alive) break;
        size_t used = end + 4;  // requests carry no body here
        std::memmove(buf, buf + used, have - used);
        have -= used;
    }
    s.close();
    --g_totals.live_conns;
}

// --- accept loops ----------------------------------------------------------------------------

struct Listener {
    TcpSocket sock;
    axtask::TaskFn serve;
    const char* name;
    uint64_t* conns;
};

void accept_loop(void* arg) {
    auto* l = static_cast<Listener*>(arg);
    for (;;) {
        auto c = l->sock.accept();
        if (!c.ok()) {
            axlog::warn("{}: accept: {}", l->name, axerrno::error_name(c.error()));
            continue;
        }
        auto* conn = new (std::nothrow) TcpSocket(c.value());
        auto t = conn ? axtask::spawn(l->serve, conn, {l->name, kConnStack})
                      : axerrno::AxResult<axtask::TaskHandle>(axerrno::AxError::NoMemory);
        if (!t.ok()) {
            ++g_totals.spawn_failures;  // out of memory for a task: refuse this connection
            c.value().close();
            delete conn;
            continue;
        }
        axtask::detach(t.value());
        ++*l->conns;
        if (++g_totals.live_conns > g_totals.most_live_conns)
            g_totals.most_live_conns = g_totals.live_conns;
    }
}

axerrno::AxResult<> start_listener(Listener* l, uint16_t port) {
    auto s = TcpSocket::create();
    if (!s.ok()) return s.error();
    l->sock = s.value();
    if (auto r = l->sock.bind({axnet::Ipv4Addr::any(), port}); !r.ok()) return r;
    if (auto r = l->sock.listen(kBacklog); !r.ok()) return r;
    auto t = axtask::spawn(accept_loop, l, {l->name, kConnStack});
    if (!t.ok()) return t.error();
    axtask::detach(t.value());
    return {};
}

// --- UDP echo ------------------------------------------------------------------------------

void udp_echo(void* arg) {
    axnet::UdpSocket s = *static_cast<axnet::UdpSocket*>(arg);
    uint8_t buf[axnet::UdpSocket::kMaxPayload];
    for (;;) {
        SocketAddr from;
        auto r = s.recv_from(buf, sizeof buf, &from);
        if (!r.ok()) continue;
        if (s.send_to(buf, r.value(), from).ok()) ++g_totals.udp_datagrams;
    }
}

Listener g_echo{{}, echo_conn, "tcp-echo", &g_totals.echo_conns};
Listener g_http{{}, http_conn, "http", &g_totals.http_conns};
axnet::UdpSocket g_udp;

}  // namespace

axerrno::AxResult<> start_services(uint64_t idle_timeout_ns) {
    g_idle_timeout_ns = idle_timeout_ns;
    if (auto r = start_listener(&g_echo, kEchoPort); !r.ok()) return r;
    if (auto r = start_listener(&g_http, kHttpPort); !r.ok()) return r;
    auto u = axnet::UdpSocket::create();
    if (!u.ok()) return u.error();
    g_udp = u.value();
    if (auto r = g_udp.bind({axnet::Ipv4Addr::any(), kUdpEchoPort}); !r.ok()) return r;
    auto t = axtask::spawn(udp_echo, &g_udp, {"udp-echo", kConnStack});
    if (!t.ok()) return t.error();
    axtask::detach(t.value());
    return {};
}

void print_totals() {
    axlog::println(
        "services: tcp echo {} connections {} bytes; http {} connections {} requests; udp echo {} "
        "datagrams ({} dropped); at most {} connections at once; {} refused for lack of memory",
        g_totals.echo_conns, g_totals.echo_bytes, g_totals.http_conns, g_totals.http_requests,
        g_totals.udp_datagrams, g_udp.drops(), g_totals.most_live_conns, g_totals.spawn_failures);
}

}  // namespace app
