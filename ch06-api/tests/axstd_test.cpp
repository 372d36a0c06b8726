// ch06-api/tests/axstd_test.cpp: axstd's hardware-free parts on the host (Catch2): address
// parsing and printing, "host:port" splitting and resolution with a fake resolver, the io
// helpers over scripted readers and writers, and Result with a move-only value.
#include <axstd/addr.h>
#include <axstd/io.h>
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace arceos_api {
void bad_expected_access(const char*) {
    std::abort();
}
}  // namespace arceos_api

using namespace axstd;
using net::Ipv4Addr;
using net::SocketAddr;

TEST_CASE("Ipv4Addr parses dotted quads and refuses anything else") {
    auto a = Ipv4Addr::parse("10.0.2.15");
    REQUIRE(a.ok());
    CHECK(a.value() == Ipv4Addr(10, 0, 2, 15));
    CHECK(Ipv4Addr::parse("255.255.255.255").value() == Ipv4Addr(255, 255, 255, 255));
    CHECK(Ipv4Addr::parse("0.0.0.0").value().is_unspecified());
    for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1..2.3",
                            "a.b.c.d", "1.2.3.4 ", " 1.2.3.4", "1.2.3.", "99999.1.1.1"}) {
        INFO(bad);
        auto r = Ipv4Addr::parse(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind() == io::ErrorKind::InvalidInput);
    }
}

TEST_CASE("addresses print as text and parse back") {
    CHECK(std::string_view(net::to_text(Ipv4Addr(192, 168, 0, 1))) == "192.168.0.1");
    CHECK(std::string_view(net::to_text(SocketAddr(Ipv4Addr(255, 255, 255, 255), 65535))) ==
          "255.255.255.255:65535");
    CHECK(std::string_view(net::to_text(SocketAddr({}, 0))) == "0.0.0.0:0");
    for (uint32_t i = 0; i < 2000; ++i) {
        SocketAddr s(Ipv4Addr(uint8_t(i * 7), uint8_t(i >> 3), uint8_t(i * 13), uint8_t(i)),
                     uint16_t(i * 33));
        auto back = SocketAddr::parse(net::to_text(s));
        REQUIRE(back.ok());
        CHECK(back.value() == s);
    }
    CHECK_FALSE(SocketAddr::parse("1.2.3.4").ok());
    CHECK_FALSE(SocketAddr::parse("1.2.3.4:65536").ok());
    CHECK_FALSE(SocketAddr::parse("1.2.3.4:").ok());
    CHECK_FALSE(SocketAddr::parse("host:80").ok());
}

TEST_CASE("ToSocketAddrs: host:port splits at the last colon; names go to the resolver") {
    auto hp = net::split_host_port("www.axnet.test:8080");
    REQUIRE(hp.ok());
    CHECK(hp.value().host == "www.axnet.test");
    CHECK(hp.value().port == 8080);
    CHECK(net::split_host_port("nohostport").error().kind() == io::ErrorKind::InvalidInput);
    CHECK_FALSE(net::split_host_port("h:port").ok());

    std::vector<std::string> asked;
    auto fake = [&](std::string_view name) -> io::Result<Ipv4Addr> {
        asked.emplace_back(name);
        if (name == "www.axnet.test") return Ipv4Addr(10, 1, 2, 3);
        return io::ErrorKind::NotFound;
    };
    auto numeric = net::resolve_with({"10.0.2.2", 80}, fake);
    REQUIRE(numeric.ok());
    CHECK(numeric.value().size() == 1);
    CHECK(numeric.value()[0] == SocketAddr(Ipv4Addr(10, 0, 2, 2), 80));
    CHECK(asked.empty());  // a dotted quad is never sent to DNS
    auto named = net::resolve_with({"www.axnet.test", 443}, fake);
    REQUIRE(named.ok());
    CHECK(named.value()[0] == SocketAddr(Ipv4Addr(10, 1, 2, 3), 443));
    auto missing = net::resolve_with({"nowhere.test", 1}, fake);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind() == io::ErrorKind::NotFound);
    CHECK(asked == std::vector<std::string>{"www.axnet.test", "nowhere.test"});
    CHECK(net::resolve_with({"", 1}, fake).error().kind() == io::ErrorKind::InvalidInput);
}

namespace {

// A reader that hands out its bytes in chunks of at most `chunk`, then an optional error.
struct ScriptedReader {
    std::string data;
    size_t chunk;
    size_t pos = 0;
    bool fail_at_end = false;
    io::Result<size_t> read(std::span<uint8_t> buf) {
        if (pos == data.size() && fail_at_end) return io::ErrorKind::ConnectionReset;
        size_t n = std::min({buf.size(), chunk, data.size() - pos});
        for (size_t i = 0; i < n; ++i) buf[i] = uint8_t(data[pos + i]);
        pos += n;
        return n;
    }
};

// A writer that takes at most `chunk` bytes per call, and nothing once `limit` is reached.
struct ScriptedWriter {
    std::string out;
    size_t chunk;
    size_t limit = SIZE_MAX;
    io::Result<size_t> write(std::span<const uint8_t> buf) {
        size_t n = std::min({buf.size(), chunk, limit - out.size()});
        out.append(reinterpret_cast<const char*>(buf.data()), n);
        return n;
    }
};

}  // namespace

TEST_CASE("read_exact and write_all loop over short reads and writes") {
    ScriptedReader r{"hello, world", 1};
    uint8_t buf[5];
    REQUIRE(io::read_exact(r, buf).ok());
    CHECK(std::string(buf, buf + 5) == "hello");
    uint8_t rest[8];
    auto eof = io::read_exact(r, rest);  // 7 bytes left, 8 wanted
    REQUIRE_FALSE(eof.ok());
    CHECK(eof.error().kind() == io::ErrorKind::UnexpectedEof);
    ScriptedReader bad{"ab", 4, 0, true};
    uint8_t three[3];
    CHECK(io::read_exact(bad, three).error().kind() == io::ErrorKind::ConnectionReset);

    ScriptedWriter w{"", 3};
    REQUIRE(io::write_all(w, io::as_bytes("a longer message")).ok());
    CHECK(w.out == "a longer message");
    ScriptedWriter full{"", 4, 6};
    CHECK(io::write_all(full, io::as_bytes("0123456789")).error().kind() ==
          io::ErrorKind::WriteZero);
    CHECK(full.out == "012345");
}

TEST_CASE("BufReader::read_line keeps the newline, returns 0 at the end, bounds the line") {
    for (size_t chunk : {size_t(1), size_t(3), size_t(4096)}) {
        INFO("chunk " << chunk);
        ScriptedReader r{"GET / HTTP/1.1\r\nHost: x\r\n\r\nlast", chunk};
        io::BufReader<ScriptedReader> in(r, 16);
        char line[64];
        std::vector<std::string> lines;
        for (;;) {
            auto n = in.read_line(line);
            REQUIRE(n.ok());
            if (n.value() == 0) break;
            lines.emplace_back(line, n.value());
        }
        CHECK(lines ==
              std::vector<std::string>{"GET / HTTP/1.1\r\n", "Host: x\r\n", "\r\n", "last"});
    }
    ScriptedReader longline{std::string(100, 'x') + "\nnext\n", 7};
    io::BufReader<ScriptedReader> in(longline, 8);
    char small[10];
    auto n = in.read_line(small);
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().kind() == io::ErrorKind::InvalidData);
    ScriptedReader reset{"partial", 3, 0, true};
    io::BufReader<ScriptedReader> in2(reset);
    char big[64];
    CHECK(in2.read_line(big).error().kind() == io::ErrorKind::ConnectionReset);
}

TEST_CASE("BufReader::read_line at the bound: a line that just fits, one byte too long") {
    for (size_t chunk : {size_t(1), size_t(2), size_t(4096)}) {
        INFO("chunk " << chunk);
        char five[5];
        ScriptedReader fits{"abcd\nabcd", chunk};  // 5 bytes with its newline, then 4 and EOF
        io::BufReader<ScriptedReader> in(fits, 4);
        auto n = in.read_line(five);
        REQUIRE(n.ok());
        CHECK(std::string(five, n.value()) == "abcd\n");
        char four[4];
        n = in.read_line(four);
        REQUIRE(n.ok());
        CHECK(std::string(four, n.value()) == "abcd");
        CHECK(in.read_line(four).value() == 0);

        // Too long: InvalidData, the first out.size() bytes consumed, the rest is the next line.
        ScriptedReader too_long{"abcdef\n", chunk};
        io::BufReader<ScriptedReader> in2(too_long, 4);
        auto bad = in2.read_line(five);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().kind() == io::ErrorKind::InvalidData);
        n = in2.read_line(five);
        REQUIRE(n.ok());
        CHECK(std::string(five, n.value()) == "f\n");
    }
}

TEST_CASE("BufReader::read gives buffered bytes first, then reads through") {
    ScriptedReader r{"line\nbody-bytes", 100};
    io::BufReader<ScriptedReader> in(r, 8);
    char line[16];
    REQUIRE(in.read_line(line).value() == 5);
    uint8_t buf[32];
    std::string body;
    for (;;) {
        auto n = in.read(buf);
        REQUIRE(n.ok());
        if (n.value() == 0) break;
        body.append(reinterpret_cast<char*>(buf), n.value());
    }
    CHECK(body == "body-bytes");
}

namespace {
io::Result<int> half(int v) {
    if (v % 2) return io::ErrorKind::InvalidInput;
    return v / 2;
}
io::Result<int> quarter(int v) {
    int h = AX_TRY(half(v));
    return AX_TRY(half(h));
}
}  // namespace

TEST_CASE("Result holds move-only values and errors; AX_TRY propagates") {
    io::Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
    REQUIRE(r.ok());
    std::unique_ptr<int> p = std::move(r).value();
    CHECK(*p == 7);
    io::Result<std::unique_ptr<int>> e(io::ErrorKind::NoMemory);
    CHECK_FALSE(e);
    CHECK(e.error() == io::Error(io::ErrorKind::NoMemory));
    CHECK(std::string(e.error().name()) == "NoMemory");
    io::Result<> ok;
    CHECK(ok.ok());
    io::Result<> bad(io::ErrorKind::BadState);
    CHECK(bad.error().kind() == io::ErrorKind::BadState);
    CHECK(quarter(8).value() == 2);
    CHECK(quarter(6).error().kind() == io::ErrorKind::InvalidInput);
    io::Result<int> moved = half(4);
    moved = half(3);
    CHECK(moved.error().kind() == io::ErrorKind::InvalidInput);
}
