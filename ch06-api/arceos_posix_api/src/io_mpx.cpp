// arceos_posix_api/src/io_mpx.cpp: select, poll and epoll that block (chapter 6, "select, poll
// and epoll on a kernel without processes"). A waiter checks readiness, and if nothing is
// ready blocks on the readiness queue until the network stack has run (every run of axnet's
// idle hook wakes it) or its deadline. No wake-up is lost: tasks are cooperative and lwIP's
// callbacks run only in the hook, never between the check and the block.
#include <new>

#include "console.h"
#include "file.h"

namespace arceos_posix_api {

using namespace detail;

namespace detail {

/// One registration: keyed by (file, fd) as Linux's epitem, so a closed descriptor's entry
/// goes away with its file and never makes epoll_wait fail.
struct EpollEntry {
    EpollEntry* next;
    File* file;
    int fd;
    uint32_t events;  // EPOLL* bits asked for, with EPOLLET / EPOLLONESHOT
    uint64_t data;
    bool disabled;      // EPOLLONESHOT fired; MOD re-arms
    uint32_t last;      // the ready bits seen at the last look (edge detection)
    bool edge_pending;  // a bit rose since the last report (EPOLLET)
    uint32_t seen_in_drained, seen_out_drained;  // File's counters at the last look
};

struct EpollInstance {
    EpollEntry* head = nullptr;
    EpollEntry* cursor = nullptr;  // where the next scan starts (maxevents rotates fairly)
};

short poll_mask(File& f) {
    using namespace abi;
    switch (f.kind) {
        case Kind::Console:
            return kPollOut;
        case Kind::Epoll: {
            for (EpollEntry* e = f.ep->head; e; e = e->next) {
                if (e->disabled) continue;
                uint32_t m = uint32_t(poll_mask(*e->file)) & (e->events | kEpollErr | kEpollHup);
                if (m) return kPollIn;
            }
            return 0;
        }
        case Kind::Udp: {
            auto ps = f.udp.poll();
            return short(kPollOut | (ps.readable ? kPollIn : 0));
        }
        case Kind::Tcp:
            break;
    }
    auto ps = f.tcp.poll();
    switch (f.phase) {
        case TcpPhase::Fresh:
        case TcpPhase::Bound:
            // Linux: an unconnected TCP socket is OUT|HUP; after a failed connect both
            // directions are shut (IN|RDHUP), with ERR until SO_ERROR is read.
            if (f.connect_failed) {
                return short(kPollIn | kPollOut | kPollHup | kPollRdhup |
                             (f.so_error ? kPollErr : 0));
            }
            return short(kPollOut | kPollHup | (f.so_error ? kPollErr : 0));
        case TcpPhase::Listening:
            return ps.readable ? kPollIn : 0;
        case TcpPhase::Connecting:
            if (ps.hangup) return short(kPollIn | kPollOut | kPollErr | kPollHup | kPollRdhup);
            return ps.writable ? kPollOut : 0;
        case TcpPhase::Connected:
            break;
    }
    // Chapter 6, "POLLRDHUP", after Linux's tcp_poll: reading is over after the peer's FIN,
    // our own SHUT_RD or the connection's end (IN|RDHUP); once writing is over too, HUP.
    // Writing shut down or over never blocks (OUT); a pending error is ERR until read.
    bool rd_over = ps.rdhup || f.shut_rd;
    bool wr_over = f.shut_wr || ps.hangup;
    short m = 0;
    if (ps.readable || f.pending_len > 0) m |= kPollIn;
    if (ps.writable || wr_over) m |= kPollOut;
    if (rd_over) m |= short(kPollIn | kPollRdhup);
    if (ps.hangup || (rd_over && wr_over)) m |= short(kPollIn | kPollHup);
    if (f.so_error || ps.error) m |= kPollErr;
    return m;
}

void epoll_free(EpollInstance* ep) {
    while (EpollEntry* e = ep->head) {
        ep->head = e->next;
        delete e;
    }
    delete ep;
}

}  // namespace detail

namespace {

// Every epoll instance, to drop entries of a closed file (few instances: a list).
struct EpollList {
    File* file;
    EpollList* next;
};
EpollList* g_epolls = nullptr;

uint64_t deadline_ms(int timeout_ms) {
    if (timeout_ms < 0) return UINT64_MAX;
    return axtask::now_ns() + uint64_t(timeout_ms) * 1'000'000;
}

// Waits until @p scan returns nonzero (or a negative error) or the deadline passes.
template <class F>
int wait_ready(uint64_t deadline, F scan) {
    for (;;) {
        int n = scan();
        if (n != 0) return n;
        if (axtask::now_ns() >= deadline) return 0;
        if (!readiness_queue().wait_until(deadline)) return scan();
    }
}

}  // namespace

void detail::epoll_forget(File* f) {
    for (EpollList** pl = &g_epolls; *pl;) {
        EpollList* l = *pl;
        if (l->file == f) {  // the epoll instance itself is going
            *pl = l->next;
            delete l;
            continue;
        }
        EpollInstance* ep = l->file->ep;
        for (EpollEntry** pe = &ep->head; *pe;) {
            if ((*pe)->file == f) {
                EpollEntry* dead = *pe;
                *pe = dead->next;
                if (ep->cursor == dead) ep->cursor = nullptr;
                delete dead;
            } else {
                pe = &(*pe)->next;
            }
        }
        pl = &l->next;
    }
}

// chapter 6, 10.5 "select, poll and epoll"
int sys_poll(PollFd* fds, size_t nfds, int timeout_ms) {
    if (nfds > size_t(kMaxFds)) return -kEINVAL;
    if (nfds > 0 && !fds) return -kEFAULT;
    // LAB ch06.poll: look at every entry, then block (chapter 6, 10.5)
    return wait_ready(deadline_ms(timeout_ms), [&] {
        int ready = 0;
        for (size_t i = 0; i < nfds; ++i) {
            fds[i].revents = 0;
            if (fds[i].fd < 0) continue;
            File* f = get(fds[i].fd);
            if (!f) {
                fds[i].revents = abi::kPollNval;
            } else {
                // ERR and HUP are reported even when not asked for (Linux).
                fds[i].revents =
                    short(poll_mask(*f) & (fds[i].events | abi::kPollErr | abi::kPollHup));
            }
            if (fds[i].revents) ++ready;
        }
        return ready;
    });
    // LAB END
}

int sys_select(int nfds, FdSet* rd, FdSet* wr, FdSet* ex, TimeVal* timeout) {
    if (nfds < 0) return -kEINVAL;
    if (timeout && (timeout->tv_sec < 0 || timeout->tv_usec < 0)) return -kEINVAL;
    if (nfds > kMaxFds) nfds = kMaxFds;  // Linux accepts larger nfds; no descriptor is there
    constexpr int kBits = 8 * sizeof(unsigned long);
    auto isset = [](const FdSet* s, int fd) {
        return s && (s->bits[fd / kBits] >> (fd % kBits) & 1);
    };
    FdSet in_rd{}, in_wr{}, in_ex{};
    if (rd) in_rd = *rd;
    if (wr) in_wr = *wr;
    if (ex) in_ex = *ex;
    for (int fd = 0; fd < nfds; ++fd) {
        bool any = isset(&in_rd, fd) || isset(&in_wr, fd) || isset(&in_ex, fd);
        if (any && !get(fd)) return -kEBADF;
    }
    uint64_t start = axtask::now_ns();
    uint64_t deadline = UINT64_MAX;
    if (timeout) {
        deadline =
            start + uint64_t(timeout->tv_sec) * 1'000'000'000 + uint64_t(timeout->tv_usec) * 1'000;
    }
    int n = wait_ready(deadline, [&] {
        int count = 0;
        FdSet o_rd{}, o_wr{}, o_ex{};
        for (int fd = 0; fd < nfds; ++fd) {
            bool r = isset(&in_rd, fd), w = isset(&in_wr, fd), x = isset(&in_ex, fd);
            if (!r && !w && !x) continue;
            File* f = get(fd);
            if (!f) return -kEBADF;  // closed by another task while waiting
            short m = poll_mask(*f);
            unsigned long bit = 1ul << (fd % kBits);
            // Linux (fs/select.c): readable = IN|HUP|ERR, writable = OUT|ERR, except = PRI.
            if (r && (m & (abi::kPollIn | abi::kPollHup | abi::kPollErr))) {
                o_rd.bits[fd / kBits] |= bit;
                ++count;
            }
            if (w && (m & (abi::kPollOut | abi::kPollErr))) {
                o_wr.bits[fd / kBits] |= bit;
                ++count;
            }
            (void)x;  // no out-of-band data here: never exceptional
        }
        if (count > 0) {
            if (rd) *rd = o_rd;
            if (wr) *wr = o_wr;
            if (ex) *ex = o_ex;
        }
        return count;
    });
    if (n == 0) {
        if (rd) *rd = FdSet{};
        if (wr) *wr = FdSet{};
        if (ex) *ex = FdSet{};
    }
    if (timeout && n >= 0) {  // Linux writes the time left back
        uint64_t now = axtask::now_ns();
        uint64_t left = now >= deadline ? 0 : deadline - now;
        timeout->tv_sec = long(left / 1'000'000'000);
        timeout->tv_usec = long(left % 1'000'000'000 / 1'000);
    }
    return n;
}

int sys_epoll_create1(int flags) {
    if (flags & ~abi::kEpollCloexec) return -kEINVAL;
    File* f = new_file(Kind::Epoll);
    if (!f) return -kENOMEM;
    f->ep = new (std::nothrow) EpollInstance;
    auto* l = new (std::nothrow) EpollList;
    if (!f->ep || !l) {
        delete l;
        delete f->ep;
        delete f;
        return -kENOMEM;
    }
    int fd = install(f, (flags & abi::kEpollCloexec) != 0);
    if (fd < 0) {
        delete l;
        delete f->ep;
        delete f;
        return fd;
    }
    *l = {f, g_epolls};
    g_epolls = l;
    return fd;
}

int sys_epoll_ctl(int epfd, int op, int fd, const EpollEvent* ev) {
    File* epf = get(epfd);
    File* f = get(fd);
    if (!epf || !f) return -kEBADF;
    if (epf->kind != Kind::Epoll || epf == f) return -kEINVAL;
    if (f->kind == Kind::Console) return -kEPERM;  // Linux: a file that cannot be polled
    EpollInstance* ep = epf->ep;
    EpollEntry** pe = &ep->head;
    while (*pe && !((*pe)->file == f && (*pe)->fd == fd)) pe = &(*pe)->next;
    EpollEntry* e = *pe;
    if (op != abi::kEpollCtlDel && !ev) return -kEFAULT;
    switch (op) {
        case abi::kEpollCtlAdd:
            if (e) return -kEEXIST;
            e = new (std::nothrow) EpollEntry{};
            if (!e) return -kENOMEM;
            *e = {ep->head, f, fd,   ev->events,    ev->data,
                  false,    0, true, f->in_drained, f->out_drained};
            ep->head = e;
            break;
        case abi::kEpollCtlMod:
            if (!e) return -kENOENT;
            e->events = ev->events;
            e->data = ev->data;
            e->disabled = false;
            e->last = 0;
            e->edge_pending = true;  // MOD re-arms: ready now means an event
            break;
        case abi::kEpollCtlDel:
            if (!e) return -kENOENT;
            *pe = e->next;
            if (ep->cursor == e) ep->cursor = nullptr;
            delete e;
            break;
        default:
            return -kEINVAL;
    }
    readiness_queue().notify_all();
    return 0;
}

int sys_epoll_wait(int epfd, EpollEvent* events, int maxevents, int timeout_ms) {
    File* epf = get(epfd);
    if (!epf) return -kEBADF;
    if (epf->kind != Kind::Epoll || maxevents <= 0) return -kEINVAL;
    if (!events) return -kEFAULT;
    EpollInstance* ep = epf->ep;
    return wait_ready(deadline_ms(timeout_ms), [&] {
        // Edges first: every entry's ready bits now, against the last look.
        for (EpollEntry* e = ep->head; e; e = e->next) {
            uint32_t m = uint32_t(uint16_t(poll_mask(*e->file))) &
                         (e->events | abi::kEpollErr | abi::kEpollHup);
            // The reader (writer) met EAGAIN since the last look: the bit fell in between, so
            // seeing it now is a new edge even though both looks saw it set.
            if (e->file->in_drained != e->seen_in_drained) e->last &= ~abi::kEpollIn;
            if (e->file->out_drained != e->seen_out_drained) e->last &= ~abi::kEpollOut;
            e->seen_in_drained = e->file->in_drained;
            e->seen_out_drained = e->file->out_drained;
            if (m & ~e->last) e->edge_pending = true;
            e->last = m;
        }
        int n = 0;
        EpollEntry* start = ep->cursor ? ep->cursor : ep->head;
        EpollEntry* e = start;
        EpollEntry* resume = nullptr;
        while (e) {
            if (n == maxevents) {
                resume = e;
                break;
            }
            uint32_t m = e->last;
            bool et = (e->events & abi::kEpollEt) != 0;
            if (!e->disabled && m && (!et || e->edge_pending)) {
                events[n++] = {m, e->data};
                e->edge_pending = false;
                if (e->events & abi::kEpollOneshot) e->disabled = true;
            }
            e = e->next ? e->next : ep->head;
            if (e == start) break;
        }
        ep->cursor = resume;
        return n;
    });
}

}  // namespace arceos_posix_api
