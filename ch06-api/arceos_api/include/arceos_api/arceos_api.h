/// @file arceos_api/arceos_api.h
/// @brief arceos_api, the native API of the unikernel (ArceOS api/arceos_api): the functions
/// applications and axstd call, grouped as the seed groups them (stdio, time, task, net), each
/// a thin forwarder to arceos_api::imp (imp.h, where each is documented).
///
/// Functions of a feature (features.h) are defined with AX_DEFINE_API_CFG, the counterpart of
/// `define_api! { @cfg "net"; ... }`: in a build without the feature, calling one stops the
/// compilation with "ax_tcp_socket() belongs to arceos_api's feature `net`, which this
/// application does not enable: add net to FEATURES in its ax_app()". Chapter 6, "Feature
/// gating", compares this with the Rust macro.
#pragma once
#include <arceos_api/features.h>
#include <arceos_api/imp.h>

namespace arceos_api {

/// The console (ArceOS arceos_api::stdio).
namespace stdio {
using imp::ax_console_write_bytes;
}  // namespace stdio

/// The environment: the kernel command line's key=value words (ArceOS: the boot arguments).
namespace env {
using imp::ax_cmdline_value;
}  // namespace env

/// Time (ArceOS arceos_api::time).
namespace time {
using imp::ax_monotonic_time_ns;
}  // namespace time

/// Tasks (ArceOS arceos_api::task): yield and sleep always; spawn and join with `multitask`.
namespace task {
using imp::ax_exit;
using imp::ax_sleep_until;
using imp::ax_yield_now;
/// A spawned task; dropping it detaches the task (feature `multitask`).
using AxTaskHandle = imp::TaskHandle;
AX_DEFINE_API_CFG(multitask, ax_spawn)
AX_DEFINE_API_CFG(multitask, ax_join)
AX_DEFINE_API_CFG(multitask, ax_current_task_id)
}  // namespace task

/// Networking (ArceOS arceos_api::net): everything here needs the feature `net`.
namespace net {
/// An owning TCP socket handle; without `net`, an incomplete type that names the feature.
using AxTcpSocketHandle =
    GatedType<features::net, imp::TcpSocketHandle, enable_feature_net_in_ax_app_FEATURES>;
/// An owning UDP socket handle; without `net`, an incomplete type that names the feature.
using AxUdpSocketHandle =
    GatedType<features::net, imp::UdpSocketHandle, enable_feature_net_in_ax_app_FEATURES>;
using imp::TcpAccepted;
using imp::UdpReceived;

AX_DEFINE_API_CFG(net, ax_tcp_socket)
AX_DEFINE_API_CFG(net, ax_tcp_socket_addr)
AX_DEFINE_API_CFG(net, ax_tcp_peer_addr)
AX_DEFINE_API_CFG(net, ax_tcp_set_nonblocking)
AX_DEFINE_API_CFG(net, ax_tcp_set_nodelay)
AX_DEFINE_API_CFG(net, ax_tcp_nodelay)
AX_DEFINE_API_CFG(net, ax_tcp_set_timeouts)
AX_DEFINE_API_CFG(net, ax_tcp_set_reuse_address)
AX_DEFINE_API_CFG(net, ax_tcp_connect)
AX_DEFINE_API_CFG(net, ax_tcp_bind)
AX_DEFINE_API_CFG(net, ax_tcp_listen)
AX_DEFINE_API_CFG(net, ax_tcp_accept)
AX_DEFINE_API_CFG(net, ax_tcp_send)
AX_DEFINE_API_CFG(net, ax_tcp_recv)
AX_DEFINE_API_CFG(net, ax_tcp_poll)
AX_DEFINE_API_CFG(net, ax_tcp_shutdown)
AX_DEFINE_API_CFG(net, ax_tcp_close)

AX_DEFINE_API_CFG(net, ax_udp_socket)
AX_DEFINE_API_CFG(net, ax_udp_socket_addr)
AX_DEFINE_API_CFG(net, ax_udp_peer_addr)
AX_DEFINE_API_CFG(net, ax_udp_set_nonblocking)
AX_DEFINE_API_CFG(net, ax_udp_bind)
AX_DEFINE_API_CFG(net, ax_udp_recv_from)
AX_DEFINE_API_CFG(net, ax_udp_peek_from)
AX_DEFINE_API_CFG(net, ax_udp_send_to)
AX_DEFINE_API_CFG(net, ax_udp_connect)
AX_DEFINE_API_CFG(net, ax_udp_send)
AX_DEFINE_API_CFG(net, ax_udp_recv)
AX_DEFINE_API_CFG(net, ax_udp_poll)
AX_DEFINE_API_CFG(net, ax_udp_close)

AX_DEFINE_API_CFG(net, ax_dns_query)
AX_DEFINE_API_CFG(net, ax_poll_interfaces)
AX_DEFINE_API_CFG(net, ax_net_bench_transmit)
AX_DEFINE_API_CFG(net, ax_net_bench_receive)
}  // namespace net

}  // namespace arceos_api

/// The application's entry (arceos_api's main() calls it once the features are up: console,
/// heap, and with `net` the NIC and axnet, as ArceOS's axruntime does before a Rust main).
/// Its return value is the kernel's exit status (0: success).
int app_main();
