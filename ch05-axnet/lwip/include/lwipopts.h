/* ch05-axnet/lwip/include/lwipopts.h: lwIP 2.1.3's configuration for axnet, the same for the
 * kernel and for the host tests. Each choice says why; chapter 5, 3.6, tells
 * the story and compares the choices with Unikraft's, sDDF's, nanos', Genode's and ArceOS's.
 * Everything not set here is opt.h's default. */
#ifndef AX_LWIPOPTS_H
#define AX_LWIPOPTS_H

/* --- How lwIP runs ----------------------------------------------------------------------- */
/* The raw API, no lwIP threads: axnet's poll (the idle hook) and the tasks that call the
 * socket layer all run cooperatively on one CPU, so lwIP is only ever entered by one of
 * them at a time; interrupt handlers never touch lwIP (they only wake the idle loop). */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
/* Nothing frees a pbuf from an interrupt, so lwIP needs no critical sections. */
#define SYS_LIGHTWEIGHT_PROT 0

/* --- Memory ------------------------------------------------------------------------------ */
/* x86_64: 8-byte alignment (lwIP's default of 1 would misalign its own structures). */
#define MEM_ALIGNMENT 8
/* lwIP's own heap, for PBUF_RAM (every tcp_write copy, every transmitted header): a fixed
 * region whose use MEM_STATS counts exactly, so a test can see it return to its baseline. 2 MiB
 * holds the send buffers of ~30 connections sending at full speed at once; beyond that
 * tcp_write returns ERR_MEM, which the socket layer treats as flow control (wait for ACKs). */
#define MEM_SIZE (2 * 1024 * 1024)
/* Static pools, not malloc: fixed costs and MEMP_STATS that show every leak. */
#define MEMP_MEM_MALLOC 0
/* Connections: 200 concurrent clients plus TIME_WAIT pcbs (lwIP recycles the oldest
 * TIME_WAIT pcb when the pool runs out, so sequential connections never exhaust it). */
#define MEMP_NUM_TCP_PCB 256
#define MEMP_NUM_TCP_PCB_LISTEN 16
#define MEMP_NUM_UDP_PCB 16
/* Unacknowledged segments of all connections together (a segment is ~40 bytes). */
#define MEMP_NUM_TCP_SEG 2048
/* PBUF_REF/ROM headers: zero-copy receive uses custom pbufs instead, so few are needed. */
#define MEMP_NUM_PBUF 64
/* PBUF_POOL: where a received frame is copied once lwIP already holds its bound of the
 * driver's buffers (axnet's netif, "the starvation trap"). 256 full frames = 400 KiB. */
#define PBUF_POOL_SIZE 256
#define PBUF_POOL_BUFSIZE 1536
/* Zero-copy receive: driver buffers lent to lwIP as pbuf_custom (IP_FRAG is off, which would
 * otherwise turn this off with it). */
#define LWIP_SUPPORT_CUSTOM_PBUF 1

/* --- Protocols --------------------------------------------------------------------------- */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
/* Packets to an address still being resolved wait in a queue (lwIP's default keeps only the
 * last one: a burst of 32 UDP echoes to a new peer lost 31 of them before this). */
#define ARP_QUEUEING 1
#define ARP_QUEUE_LEN 64
#define MEMP_NUM_ARP_QUEUE 128
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_IGMP 0
/* No IP fragmentation or reassembly: TCP segments fit the MTU (MSS), UdpSocket refuses
 * datagrams above 1472 bytes, and received fragments are dropped and counted. Reassembly in
 * 2.1.3 can dereference NULL when memory runs out (fixed upstream in 56b29f8b); a server that
 * does not reassemble cannot hit it, and cannot have its memory held by half datagrams. */
#define IP_REASSEMBLY 0
#define IP_FRAG 0
/* DHCP when the command line asks (ip=dhcp). The ARP probe of the offered address costs
 * seconds and finds nobody on QEMU's user network. */
#define LWIP_DHCP 1
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 2
/* Three queries (at 0, about 1 and 2 s), then lwIP gives up at about 4 s: a server that never
 * answers is reported (dns_query: TimedOut, getaddrinfo: EAI_AGAIN) before dns_query's own
 * 5 s bound. lwIP's default of four gives up at about 7 s. */
#define DNS_MAX_RETRIES 3
/* The DNS server's port: 53, unless the command line says dns=A.B.C.D:PORT (the tests run
 * their DNS server on an unprivileged port of the host). lwIP only sends to it. */
#ifdef __cplusplus
extern "C"
#endif
    unsigned short
    ax_dns_server_port(void);
#define DNS_SERVER_PORT ax_dns_server_port()
/* Status callback: axnet learns there when DHCP has bound an address. */
#define LWIP_NETIF_STATUS_CALLBACK 1
/* Loopback: lwIP's own 127.0.0.1 interface, polled by poll_interfaces(). */
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_LOOPBACK_MAX_PBUFS 256

/* --- TCP --------------------------------------------------------------------------------- */
/* Ethernet MTU 1500 - 40 bytes of headers, as every port compared in the chapter. */
#define TCP_MSS 1460
/* Receive window 44 segments (64,240 bytes, under 64 KiB: no window scaling needed): enough
 * for QEMU's user network; the socket layer opens it only as the application reads, so the
 * window is also the bound on what a connection may buffer. */
#define TCP_WND (44 * TCP_MSS)
/* Send buffer as big as the window, the largest tcp_sndbuf() can report without scaling. */
#define TCP_SND_BUF (44 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
/* Out-of-order data is bounded per connection (unbounded by default): it holds receive
 * buffers that only the missing segment can free. */
#define TCP_OOSEQ_MAX_PBUFS 16
#define TCP_OOSEQ_MAX_BYTES (16 * TCP_MSS)
/* A real listen backlog (lwIP ignores the backlog without it). */
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 128
#define LWIP_TCP_KEEPALIVE 1
/* tcp_write copies and checksums in one pass. */
#define LWIP_CHECKSUM_ON_COPY 1
/* TCP puts its header and data in one pbuf, so the driver's transmit copy is one memcpy. */
#define LWIP_NETIF_TX_SINGLE_PBUF 1

/* Bind a port that TIME_WAIT connections still hold (SO_REUSEADDR, TcpSocket::set_reuse_address). */
#define SO_REUSE 1
/* Route by source address first ("strong host"): a packet from one of our interfaces'
 * addresses leaves through that interface, so replies leave by the interface the request came
 * in on, and the host tests can join two interfaces of one stack by a wire. axnet's
 * ax_lwip_route_src() returns NULL (route by destination) when no interface has the source. */
#ifdef __cplusplus
extern "C" {
#endif
struct netif;
struct ip4_addr;
struct netif* ax_lwip_route_src(const struct ip4_addr* src, const struct ip4_addr* dest);
#ifdef __cplusplus
}
#endif
#define LWIP_HOOK_IP4_ROUTE_SRC(src, dest) ax_lwip_route_src((src), (dest))

/* --- Statistics: the tests assert that every pool returns to its baseline ---------------- */
#define LWIP_STATS 1
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 1
#define IP_STATS 1
#define TCP_STATS 1
#define UDP_STATS 1
#define LWIP_STATS_DISPLAY 0

#endif /* AX_LWIPOPTS_H */
