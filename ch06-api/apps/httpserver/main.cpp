// apps/httpserver/main.cpp: an HTTP/1.1 server written with axstd (ArceOS's httpserver, made
// thread-per-connection and keep-alive): GET / answers a page, GET /quit stops the server
// (for the tests), other paths 404. Malformed requests get 400, heads beyond the limits 431,
// other methods 405; after an error response the connection is closed. A client silent for
// idle_timeout=S seconds (command line, 1-9; default 30) is dropped. Port 5555.
#include <axstd/env.h>
#include <axstd/io.h>
#include <axstd/net.h>
#include <axstd/println.h>
#include <axstd/thread.h>

using namespace axstd;

AXSTD_ENV_VARS("idle_timeout");

namespace {

constexpr uint16_t kPort = 5555;
constexpr size_t kMaxLine = 8192;    // longest request or header line
constexpr size_t kMaxHeaders = 100;  // most header lines in one request

const char kPage[] =
    "<!DOCTYPE html>\n<html><head><title>axstd</title></head>\n"
    "<body><h1>Hello from axstd</h1><p>A C++ unikernel application over arceos_api.</p>"
    "</body></html>\n";

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i] | 0x20, y = b[i] | 0x20;  // ASCII letters only matter here
        if (x != y) return false;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// A decimal Content-Length; false if it is not one (or above 1 GiB).
bool parse_length(std::string_view s, uint64_t& out) {
    if (s.empty() || s.size() > 10) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + uint64_t(c - '0');
    }
    return out <= (1u << 30);
}

enum class Status {
    Ok = 200,
    BadRequest = 400,
    NotFound = 404,
    MethodNotAllowed = 405,
    TooLarge = 431
};

const char* reason(Status s) {
    switch (s) {
        case Status::Ok:
            return "OK";
        case Status::BadRequest:
            return "Bad Request";
        case Status::NotFound:
            return "Not Found";
        case Status::MethodNotAllowed:
            return "Method Not Allowed";
        case Status::TooLarge:
            return "Request Header Fields Too Large";
    }
    return "";
}

struct Request {
    std::string_view method, path;
    bool keep_alive = true;
    uint64_t body = 0;
};

// Reads one request head. Returns Ok, an error status, or nothing (the client went away).
// Lines live in @p line until the next read_line; what is kept is copied to @p path_buf.
io::Result<Status> read_head(io::BufReader<net::TcpStream>& in, Request& req,
                             char (&path_buf)[256]) {
    char line[kMaxLine];
    io::Result<size_t> n = in.read_line(line);
    if (!n.ok()) {
        if (n.error().kind() == io::ErrorKind::InvalidData) return Status::TooLarge;
        return n.error();
    }
    if (n.value() == 0) return io::ErrorKind::UnexpectedEof;
    // Request line: METHOD SP PATH SP HTTP/1.x CRLF (RFC 9112, 3).
    std::string_view rl = trim({line, n.value()});
    size_t sp1 = rl.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : rl.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) return Status::BadRequest;
    std::string_view method = rl.substr(0, sp1), path = rl.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = rl.substr(sp2 + 1);
    if (method.empty() || path.empty() || path.size() >= sizeof path_buf || path[0] != '/')
        return Status::BadRequest;
    if (version == "HTTP/1.1") {
        req.keep_alive = true;
    } else if (version == "HTTP/1.0") {
        req.keep_alive = false;
    } else {
        return Status::BadRequest;
    }
    for (size_t i = 0; i < path.size(); ++i) path_buf[i] = path[i];
    req.path = {path_buf, path.size()};
    req.method = method == "GET" ? "GET" : method == "HEAD" ? "HEAD" : "other";
    // Headers, up to the empty line (RFC 9112, 5).
    for (size_t count = 0;; ++count) {
        n = in.read_line(line);
        if (!n.ok()) {
            if (n.error().kind() == io::ErrorKind::InvalidData) return Status::TooLarge;
            return n.error();
        }
        if (n.value() == 0) return io::ErrorKind::UnexpectedEof;
        std::string_view h = trim({line, n.value()});
        if (h.empty()) break;
        if (count == kMaxHeaders) return Status::TooLarge;
        size_t colon = h.find(':');
        if (colon == std::string_view::npos || colon == 0) return Status::BadRequest;
        std::string_view name = h.substr(0, colon), value = trim(h.substr(colon + 1));
        if (iequals(name, "connection")) {
            if (iequals(value, "close")) req.keep_alive = false;
            if (iequals(value, "keep-alive")) req.keep_alive = true;
        } else if (iequals(name, "content-length")) {
            if (!parse_length(value, req.body)) return Status::BadRequest;
        }
    }
    return Status::Ok;
}

// Writes the response in one write when it fits (the usual case): a head and a body in two
// writes would leave the body to Nagle's algorithm until the client's delayed ACK of the head.
io::Result<> respond(net::TcpStream& s, Status st, std::string_view body, bool keep,
                     bool head_only) {
    char out[1024];
    size_t n = axlog::format_to_buffer(
        out, sizeof out,
        "HTTP/1.1 {} {}\r\nServer: axstd\r\nContent-Type: text/html\r\nContent-Length: {}\r\n"
        "Connection: {}\r\n\r\n",
        int(st), reason(st), body.size(), keep ? "keep-alive" : "close");
    if (head_only) return s.write_all(std::string_view(out, n));
    if (n + body.size() < sizeof out) {
        for (size_t i = 0; i < body.size(); ++i) out[n + i] = body[i];
        return s.write_all(std::string_view(out, n + body.size()));
    }
    if (auto r = s.write_all(std::string_view(out, n)); !r.ok()) return r;
    return s.write_all(body);
}

// After an error answer the connection closes, but the client may still be sending (the rest
// of a 64 KiB header). Closing with unread data makes TCP answer with a reset, which can reach
// the client before it has read the answer and destroy it. So: FIN first, then read and drop
// what still comes until the client closes, for at most 2 s a read and 1 MiB in all (RFC 9112,
// 9.6: a server closes in stages). The stream's destructor then closes it.
void linger_close(net::TcpStream& stream) {
    (void)stream.set_read_timeout(time::Duration::from_secs(2));
    if (!stream.shutdown(net::Shutdown::Write).ok()) return;
    uint8_t sink[1024];
    for (size_t dropped = 0; dropped < (1u << 20);) {
        io::Result<size_t> n = stream.read(sink);
        if (!n.ok() || n.value() == 0) return;
        dropped += n.value();
    }
}

void serve(net::TcpStream stream, time::Duration idle) {
    // A client that stops sending or reading for this long is dropped: its task ends.
    (void)stream.set_read_timeout(idle);
    (void)stream.set_write_timeout(idle);
    io::BufReader<net::TcpStream> in(stream);
    char path[256];
    for (;;) {
        Request req;
        io::Result<Status> st = read_head(in, req, path);
        if (!st.ok()) return;  // the client closed or reset: nothing to answer
        if (st.value() != Status::Ok) {
            (void)respond(stream, st.value(), "<h1>bad request</h1>\n", false, false);
            linger_close(stream);
            return;
        }
        // Skip a request body (this server takes none).
        for (uint8_t sink[512]; req.body > 0;) {
            io::Result<size_t> n =
                in.read({sink, req.body < sizeof sink ? size_t(req.body) : sizeof sink});
            if (!n.ok() || n.value() == 0) return;
            req.body -= n.value();
        }
        bool head_only = req.method == "HEAD";
        io::Result<> r = {};
        if (req.method == "other") {
            (void)respond(stream, Status::MethodNotAllowed, "<h1>method not allowed</h1>\n", false,
                          false);
            linger_close(stream);
            return;
        } else if (req.path == "/") {
            r = respond(stream, Status::Ok, kPage, req.keep_alive, head_only);
        } else if (req.path == "/quit") {
            (void)respond(stream, Status::Ok, "bye\n", false, head_only);
            thread::sleep(time::Duration::from_millis(100));  // let the answer leave
            println("httpserver: quit");
            arceos_api::task::ax_exit(0);
        } else {
            r = respond(stream, Status::NotFound, "<h1>not found</h1>\n", req.keep_alive,
                        head_only);
        }
        if (!r.ok() || !req.keep_alive) return;
    }
}

}  // namespace

int app_main() {
    uint64_t idle_s = 30;
    if (auto v = env::var("idle_timeout");
        v.ok() && v.value().size() == 1 && v.value()[0] > '0' && v.value()[0] <= '9')
        idle_s = uint64_t(v.value()[0] - '0');
    time::Duration idle = time::Duration::from_secs(idle_s);
    io::Result<net::TcpListener> listener = net::TcpListener::bind(net::SocketAddr({}, kPort));
    if (!listener.ok()) {
        println("httpserver: bind: {}", listener.error().name());
        return 1;
    }
    println("httpserver: listening on 0.0.0.0:{}", kPort);
    for (io::Result<net::TcpStream> stream : listener.value().incoming()) {
        if (!stream.ok()) {
            println("httpserver: accept: {}", stream.error().name());
            continue;
        }
        auto t = thread::spawn(
            [s = std::move(stream).value(), idle]() mutable { serve(std::move(s), idle); },
            64 * 1024);
        if (!t.ok()) println("httpserver: spawn: {}", t.error().name());
    }
    return 0;
}
