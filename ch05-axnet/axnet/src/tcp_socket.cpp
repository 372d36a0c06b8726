// axnet/src/tcp_socket.cpp: TcpSocket (see axnet/tcp_socket.h) over lwIP's raw TCP API. The
// lwIP callbacks are thin: they record what happened in the socket's state and wake its wait
// queue; every socket call is a nonblocking attempt run through block_on(). Chapter 5, section 4
// ("A blocking socket layer over callbacks") explains each pitfall avoided here.
#include <axnet/tcp_socket.h>

#include <new>

#include "internal.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"

namespace axnet {

using detail::block_on;
using detail::from_lwip;
using detail::g_counters;
using detail::to_lwip;

/// A socket's state, shared by its handle and lwIP's callbacks (tcp_arg).
struct TcpState {
    enum class Kind : uint8_t { Fresh, Bound, Listening, Connecting, Connected, Closed };

    tcp_pcb* pcb = nullptr;  // null once lwIP has freed it (tcp_err) or after close
    Kind kind = Kind::Fresh;
    pbuf* rx = nullptr;   // received and not yet read (at most TCP_WND bytes: the window
                          // only reopens as recv() consumes, so tot_len never overflows)
    bool rx_eof = false;  // the peer sent FIN
    bool shut_rd = false;
    bool shut_wr = false;
    bool nonblocking = false;
    Keepalive keepalive;  // also kept here: a listening pcb has no keep-alive fields
    uint64_t recv_timeout_ns = UINT64_MAX;
    uint64_t send_timeout_ns = UINT64_MAX;
    bool has_error = false;  // error holds a pending error, reported once
    AxError error = AxError::NotConnected;
    SocketAddr local;  // remembered for local_addr()/peer_addr() after the pcb is gone
    SocketAddr peer;
    TcpState** backlog = nullptr;  // listening: connections waiting for accept(), a ring
    size_t backlog_cap = 0;
    size_t backlog_head = 0;
    size_t backlog_len = 0;
    mutable axtask::WaitQueue wq;  // tasks waiting for anything on this socket

    void set_error(AxError e) {
        has_error = true;
        error = e;
    }
    AxError take_error(AxError otherwise) {
        if (!has_error) return otherwise;
        has_error = false;
        return error;
    }
    // The keep-alive settings onto the pcb (lwIP reads them in tcp_slowtmr).
    void apply_keepalive() {
        if (!pcb) return;
        if (keepalive.on) {
            ip_set_option(pcb, SOF_KEEPALIVE);
        } else {
            ip_reset_option(pcb, SOF_KEEPALIVE);
        }
        if (kind == Kind::Listening) return;  // a tcp_pcb_listen has only so_options
        pcb->keep_idle = keepalive.idle_ms;
        pcb->keep_intvl = keepalive.interval_ms;
        pcb->keep_cnt = keepalive.count;
    }
    void remember_addresses() {
        local = {from_lwip(*ip_2_ip4(&pcb->local_ip)), pcb->local_port};
        peer = {from_lwip(*ip_2_ip4(&pcb->remote_ip)), pcb->remote_port};
    }
};

namespace {

using Kind = TcpState::Kind;

// --- lwIP's callbacks: record, wake, return --------------------------------------------------

// Chapter 5, 4.2: data (p) or the end of the stream (p == NULL) for the socket. Taking the
// pbuf (ERR_OK) makes it ours; the window reopens only when recv() consumes it.
err_t on_recv(void* arg, tcp_pcb* pcb, pbuf* p, err_t) {
    auto* s = static_cast<TcpState*>(arg);
    // LAB ch05.tcp_recv: queue the data or note the end, wake readers (chapter 5, 4.2)
    if (!p) {
        s->rx_eof = true;
    } else if (s->shut_rd) {
        tcp_recved(pcb, p->tot_len);  // shut down for reading: discard, keep the window open
        pbuf_free(p);
    } else if (s->rx) {
        pbuf_cat(s->rx, p);
    } else {
        s->rx = p;
    }
    s->wq.notify_all();
    return ERR_OK;
    // LAB END
}

err_t on_sent(void* arg, tcp_pcb*, u16_t) {
    static_cast<TcpState*>(arg)->wq.notify_all();
    return ERR_OK;
}

// lwIP has already freed the pcb (reset, timeout, abort): never touch it again.
void on_err(void* arg, err_t err) {
    auto* s = static_cast<TcpState*>(arg);
    s->pcb = nullptr;
    if (s->kind == Kind::Connecting) {
        // A refused connection arrives as a reset, a timed-out one as an abort (tcp_slowtmr).
        s->set_error(err == ERR_RST ? AxError::ConnectionRefused : AxError::TimedOut);
    } else if (err == ERR_CLSD) {
        s->rx_eof = true;
    } else if (err == ERR_RST) {
        s->set_error(AxError::ConnectionReset);
    } else {
        // ERR_ABRT on an attached socket comes from tcp_slowtmr giving up: retransmissions or
        // keep-alive probes went unanswered (axnet detaches before its own tcp_abort). Linux
        // reports both as ETIMEDOUT.
        s->set_error(err == ERR_ABRT ? AxError::TimedOut : AxError::ConnectionAborted);
    }
    s->kind = Kind::Closed;
    s->wq.notify_all();
}

err_t on_connected(void* arg, tcp_pcb* pcb, err_t) {
    auto* s = static_cast<TcpState*>(arg);
    s->kind = Kind::Connected;
    s->pcb = pcb;
    s->remember_addresses();
    s->wq.notify_all();
    return ERR_OK;
}

void attach(TcpState* s) {
    tcp_arg(s->pcb, s);
    tcp_recv(s->pcb, on_recv);
    tcp_sent(s->pcb, on_sent);
    tcp_err(s->pcb, on_err);
}

void detach(tcp_pcb* pcb) {
    tcp_arg(pcb, nullptr);
    tcp_recv(pcb, nullptr);  // lwIP's tcp_recv_null takes what still arrives
    tcp_sent(pcb, nullptr);
    tcp_err(pcb, nullptr);
}

// A new connection on a listening socket: a socket for it now (data may arrive before
// accept()), parked in the backlog, counted by lwIP as pending until accept().
err_t on_accept(void* arg, tcp_pcb* newpcb, err_t err) {
    auto* l = static_cast<TcpState*>(arg);
    if (err != ERR_OK || !newpcb) return ERR_VAL;
    TcpState* c = l->backlog_len < l->backlog_cap ? new (std::nothrow) TcpState : nullptr;
    if (!c) {
        tcp_abort(newpcb);
        return ERR_ABRT;  // the one correct return after tcp_abort in a callback
    }
    c->pcb = newpcb;
    c->kind = Kind::Connected;
    c->remember_addresses();
    c->keepalive = l->keepalive;  // inherited, as Linux (lwIP inherits only SOF_KEEPALIVE)
    c->apply_keepalive();
    attach(c);
    tcp_backlog_delayed(newpcb);
    l->backlog[(l->backlog_head + l->backlog_len++) % l->backlog_cap] = c;
    l->wq.notify_all();
    return ERR_OK;
}

void free_state(TcpState* s) {
    if (s->rx) pbuf_free(s->rx);
    delete[] s->backlog;
    delete s;
}

}  // namespace

// --- the socket calls -------------------------------------------------------------------------

AxResult<TcpSocket> TcpSocket::create() {
    tcp_pcb* pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (!pcb) return AxError::NoMemory;
    auto* s = new (std::nothrow) TcpState;
    if (!s) {
        tcp_abort(pcb);
        return AxError::NoMemory;
    }
    s->pcb = pcb;
    attach(s);
    return TcpSocket(s);
}

AxResult<> TcpSocket::bind(SocketAddr addr) {
    if (!m_s->pcb || m_s->kind != Kind::Fresh) return AxError::InvalidInput;
    ip_addr_t ip = IPADDR4_INIT(addr.ip.be);
    if (err_t e = tcp_bind(m_s->pcb, &ip, addr.port); e != ERR_OK) return detail::error_from(e);
    m_s->kind = Kind::Bound;
    m_s->local = {addr.ip, m_s->pcb->local_port};
    return {};
}

AxResult<> TcpSocket::listen(int backlog) {
    TcpState* s = m_s;
    if (!s->pcb || (s->kind != Kind::Fresh && s->kind != Kind::Bound)) return AxError::InvalidInput;
    if (s->kind == Kind::Fresh) {
        if (auto r = bind({Ipv4Addr::any(), 0}); !r.ok()) return r;
    }
    backlog = backlog < 1 ? 1 : backlog > 255 ? 255 : backlog;  // lwIP's backlog is a u8
    s->backlog = new (std::nothrow) TcpState*[size_t(backlog)];
    if (!s->backlog) return AxError::NoMemory;
    s->backlog_cap = size_t(backlog);
    err_t e = ERR_OK;
    // On success lwIP frees the bound pcb and returns a smaller listening one; on failure the
    // bound pcb is untouched and still ours.
    tcp_pcb* l = tcp_listen_with_backlog_and_err(s->pcb, u8_t(backlog), &e);
    if (!l) {
        delete[] s->backlog;
        s->backlog = nullptr;
        return detail::error_from(e);
    }
    s->pcb = l;
    s->kind = Kind::Listening;
    tcp_arg(l, s);
    tcp_accept(l, on_accept);  // no tcp_err on a listening pcb: lwIP does not allow it
    return {};
}

AxResult<TcpSocket> TcpSocket::accept() {
    TcpState* s = m_s;
    if (s->kind != Kind::Listening) return AxError::InvalidInput;
    return block_on<TcpSocket>(s->wq, s->nonblocking, UINT64_MAX, [s]() -> AxResult<TcpSocket> {
        if (s->backlog_len == 0) return AxError::WouldBlock;
        TcpState* c = s->backlog[s->backlog_head];
        s->backlog_head = (s->backlog_head + 1) % s->backlog_cap;
        --s->backlog_len;
        if (c->pcb) tcp_backlog_accepted(c->pcb);
        return TcpSocket(c);
    });
}

AxResult<> TcpSocket::connect(SocketAddr addr, uint64_t timeout_ns) {
    TcpState* s = m_s;
    switch (s->kind) {
        case Kind::Connected:
            return AxError::IsConnected;
        case Kind::Listening:
            return AxError::InvalidInput;
        case Kind::Closed:
            return s->take_error(AxError::InvalidInput);
        case Kind::Fresh:
        case Kind::Bound: {
            ip_addr_t ip = IPADDR4_INIT(addr.ip.be);
            err_t e = tcp_connect(s->pcb, &ip, addr.port, on_connected);
            if (e != ERR_OK) return detail::error_from(e);
            s->kind = Kind::Connecting;
            if (s->nonblocking) return AxError::InProgress;
            break;
        }
        case Kind::Connecting:
            break;
    }
    auto r = block_on<bool>(s->wq, s->nonblocking, detail::deadline_after(timeout_ns),
                            [s]() -> AxResult<bool> {
                                if (s->kind == Kind::Connected) return true;
                                if (s->kind == Kind::Closed)
                                    return s->take_error(AxError::NotConnected);
                                return AxError::WouldBlock;
                            });
    if (r.ok()) return {};
    if (r.error() == AxError::WouldBlock) return AxError::InProgress;  // nonblocking, still going
    if (r.error() == AxError::TimedOut && s->pcb) {
        tcp_abort(s->pcb);  // our deadline, not lwIP's: on_err marks the socket closed
        (void)s->take_error(AxError::TimedOut);
    }
    return r.error();
}

AxResult<size_t> TcpSocket::send(const void* data, size_t len) {
    TcpState* s = m_s;
    auto* bytes = static_cast<const uint8_t*>(data);
    size_t done = 0;
    uint64_t deadline = detail::deadline_after(s->send_timeout_ns);
    return block_on<size_t>(s->wq, s->nonblocking, deadline, [&]() -> AxResult<size_t> {
        if (s->shut_wr) return AxError::WriteZero;
        if (!s->pcb) return s->take_error(AxError::NotConnected);
        if (s->kind != Kind::Connected) return AxError::NotConnected;
        while (done < len) {
            size_t room = tcp_sndbuf(s->pcb);
            if (room > len - done) room = len - done;
            err_t e = ERR_MEM;
            if (room > 0 && tcp_sndqueuelen(s->pcb) < TCP_SND_QUEUELEN) {
                u8_t flags = TCP_WRITE_FLAG_COPY | (done + room < len ? TCP_WRITE_FLAG_MORE : 0);
                e = tcp_write(s->pcb, bytes + done, u16_t(room), flags);
            }
            if (e == ERR_MEM) {
                // Flow control: the send buffer or queue is full until ACKs come (on_sent).
                // With nothing in flight no ACK will come: lwIP's heap itself is exhausted.
                if (!s->pcb->unsent && !s->pcb->unacked) return AxError::NoMemory;
                (void)tcp_output(s->pcb);
                if (s->nonblocking && done > 0) return done;
                return AxError::WouldBlock;
            }
            if (e != ERR_OK) return detail::error_from(e);
            done += room;
        }
        (void)tcp_output(s->pcb);
        return done;
    });
}

AxResult<size_t> TcpSocket::recv(void* buf, size_t len) {
    TcpState* s = m_s;
    if (s->kind == Kind::Listening) return AxError::InvalidInput;
    uint64_t deadline = detail::deadline_after(s->recv_timeout_ns);
    return block_on<size_t>(s->wq, s->nonblocking, deadline, [&]() -> AxResult<size_t> {
        if (len == 0) return size_t(0);
        if (s->rx) {
            size_t n = s->rx->tot_len < len ? s->rx->tot_len : len;
            (void)pbuf_copy_partial(s->rx, buf, u16_t(n), 0);
            s->rx = pbuf_free_header(s->rx, u16_t(n));  // lent buffers go back to the NIC here
            if (s->pcb) tcp_recved(s->pcb, u16_t(n));   // reopen the window by what was read
            return n;
        }
        if (s->rx_eof || s->shut_rd) return size_t(0);
        if (s->has_error) return s->take_error(AxError::NotConnected);
        if (s->kind == Kind::Closed) return size_t(0);
        if (s->kind != Kind::Connected) return AxError::NotConnected;
        return AxError::WouldBlock;
    });
}

AxResult<> TcpSocket::shutdown(int what) {
    TcpState* s = m_s;
    if (what < 0 || what > 2) return AxError::InvalidInput;
    if (s->kind != Kind::Connected || !s->pcb) return AxError::NotConnected;
    if (what != 1 && !s->shut_rd) {
        s->shut_rd = true;
        if (s->rx) {
            tcp_recved(s->pcb, s->rx->tot_len);
            pbuf_free(s->rx);
            s->rx = nullptr;
        }
    }
    if (what != 0 && !s->shut_wr) {
        if (err_t e = tcp_shutdown(s->pcb, 0, 1); e != ERR_OK) return detail::error_from(e);
        s->shut_wr = true;
    }
    s->wq.notify_all();
    return {};
}

// Chapter 5, 4.5: close sends FIN only if the application read everything it was sent;
// otherwise RST, so the peer learns its data was not read (Linux does the same).
void TcpSocket::close() {
    TcpState* s = m_s;
    m_s = nullptr;
    if (s->kind == Kind::Listening) {
        for (size_t i = 0; i < s->backlog_len; ++i) {
            TcpState* c = s->backlog[(s->backlog_head + i) % s->backlog_cap];
            if (c->pcb) {
                detach(c->pcb);
                tcp_abort(c->pcb);
            }
            free_state(c);
        }
        tcp_arg(s->pcb, nullptr);
        tcp_accept(s->pcb, nullptr);
        (void)tcp_close(s->pcb);  // a listening pcb always closes
    } else if (s->pcb) {
        tcp_pcb* pcb = s->pcb;
        detach(pcb);
        bool unread = s->rx != nullptr;
        if (unread || s->kind == Kind::Connecting || tcp_close(pcb) != ERR_OK) {
            tcp_abort(pcb);  // tcp_close failing means no memory for the FIN: reset instead
            if (s->kind == Kind::Connected) ++g_counters.tcp_close_rst;
        }
    }
    free_state(s);
}

AxResult<SocketAddr> TcpSocket::local_addr() const {
    if (m_s->pcb) {
        if (m_s->pcb->local_port == 0) return AxError::NotConnected;
        return SocketAddr{from_lwip(*ip_2_ip4(&m_s->pcb->local_ip)), m_s->pcb->local_port};
    }
    if (m_s->local.port == 0) return AxError::NotConnected;
    return m_s->local;
}

AxResult<SocketAddr> TcpSocket::peer_addr() const {
    if (m_s->kind == Kind::Connected && m_s->pcb) {
        return SocketAddr{from_lwip(*ip_2_ip4(&m_s->pcb->remote_ip)), m_s->pcb->remote_port};
    }
    if (m_s->kind == Kind::Closed && m_s->peer.port != 0) return m_s->peer;
    return AxError::NotConnected;
}

void TcpSocket::set_nonblocking(bool on) {
    m_s->nonblocking = on;
}

bool TcpSocket::is_nonblocking() const {
    return m_s->nonblocking;
}

void TcpSocket::set_timeouts(uint64_t recv_ns, uint64_t send_ns) {
    m_s->recv_timeout_ns = recv_ns;
    m_s->send_timeout_ns = send_ns;
}

void TcpSocket::set_nodelay(bool on) {
    if (!m_s->pcb || m_s->kind == Kind::Listening) return;
    if (on) {
        tcp_nagle_disable(m_s->pcb);
    } else {
        tcp_nagle_enable(m_s->pcb);
    }
}

// Chapter 6, "Keep-alive".
void TcpSocket::set_keepalive(const Keepalive& k) {
    m_s->keepalive = k;
    Keepalive& kk = m_s->keepalive;
    if (kk.idle_ms == 0) kk.idle_ms = 1;
    if (kk.interval_ms == 0) kk.interval_ms = 1;
    if (kk.count == 0) kk.count = 1;
    m_s->apply_keepalive();
}

Keepalive TcpSocket::keepalive() const {
    return m_s->keepalive;
}

void TcpSocket::set_reuse_address(bool on) {
    if (!m_s->pcb) return;
    if (on) {
        ip_set_option(m_s->pcb, SOF_REUSEADDR);
    } else {
        ip_reset_option(m_s->pcb, SOF_REUSEADDR);
    }
}

PollState TcpSocket::poll() const {
    const TcpState* s = m_s;
    PollState st = {};
    if (s->kind == Kind::Listening) {
        st.readable = s->backlog_len > 0;
        return st;
    }
    bool over = s->kind == Kind::Closed;
    st.readable = s->rx || s->rx_eof || s->has_error || over;
    st.rdhup = s->rx_eof || s->shut_rd || over;
    st.error = s->has_error;
    st.writable = s->kind == Kind::Connected && s->pcb && !s->shut_wr && tcp_sndbuf(s->pcb) > 0;
    st.hangup = over || (s->rx_eof && s->shut_wr);
    return st;
}

PollState TcpSocket::wait(PollState want, uint64_t deadline_ns) const {
    for (;;) {
        PollState st = poll();
        if ((want.readable && st.readable) || (want.writable && st.writable) || st.hangup) {
            return st;
        }
        if (!m_s->wq.wait_until(deadline_ns)) return poll();
    }
}

}  // namespace axnet
