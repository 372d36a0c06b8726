# lwIP 2.1.3 for stage 5: fetched from Debian's source archive at configure time (pinned by
# version and checksum, patched, unpacked under the build tree by tools/fetch_lwip.sh, never
# committed), compiled as C with its own flags, twice: `lwip` for the kernel (freestanding,
# the kernel's code model) and `lwip_host` for the Catch2 tests. Both use this folder's
# arch/cc.h and lwipopts.h. The port's C++ side (sys_now, diagnostics, randomness) is in axnet.

set(AX_LWIP_CACHE ${CMAKE_BINARY_DIR}/_deps/lwip)
execute_process(COMMAND ${AX_ROOT}/tools/fetch_lwip.sh ${AX_LWIP_CACHE}
                RESULT_VARIABLE ax_lwip_rc)
if(NOT ax_lwip_rc EQUAL 0)
  message(FATAL_ERROR "lwIP could not be fetched (tools/fetch_lwip.sh, see above)")
endif()
# Re-run the fetch when the script or a patch changes.
file(GLOB ax_lwip_patches ${CMAKE_CURRENT_LIST_DIR}/patches/*.patch)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${AX_ROOT}/tools/fetch_lwip.sh ${ax_lwip_patches})

set(AX_LWIP_SRC ${AX_LWIP_CACHE}/lwip-2.1.3/src)
# src/Filelists.mk: the core, IPv4 and Ethernet; no altcp, no IPv6, no api/ (raw API only).
set(ax_lwip_sources)
foreach(f init def dns inet_chksum ip mem memp netif pbuf raw stats sys timeouts tcp tcp_in
          tcp_out udp ipv4/etharp ipv4/ip4 ipv4/ip4_addr ipv4/ip4_frag ipv4/icmp ipv4/dhcp)
  list(APPEND ax_lwip_sources ${AX_LWIP_SRC}/core/${f}.c)
endforeach()
list(APPEND ax_lwip_sources ${AX_LWIP_SRC}/netif/ethernet.c)
set(AX_LWIP_INCLUDES ${CMAKE_CURRENT_LIST_DIR}/include ${AX_LWIP_SRC}/include)

# lwIP's own flags: C11, warnings off (lwIP is not clean under -Wextra with this
# configuration, and it is not our code to fix), the kernel's code-generation flags.
add_library(lwip OBJECT ${ax_lwip_sources})
target_include_directories(lwip SYSTEM PUBLIC ${AX_LWIP_INCLUDES})
target_link_libraries(lwip PRIVATE ax_kernel_flags)
target_compile_options(lwip PRIVATE -std=gnu11 -w)

add_library(lwip_host OBJECT ${ax_lwip_sources})
target_include_directories(lwip_host SYSTEM PUBLIC ${AX_LWIP_INCLUDES})
target_compile_options(lwip_host PRIVATE -std=gnu11 -w)
