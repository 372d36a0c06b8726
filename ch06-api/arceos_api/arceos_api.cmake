# arceos_api: one object library per feature, so an application links the modules of the
# features it names and nothing else (chapter 6, "Feature gating"). ax_app() below picks them.
set(ARCEOS_API_INCLUDE ${CMAKE_CURRENT_SOURCE_DIR}/arceos_api/include)
set(ARCEOS_API_SRC ${CMAKE_CURRENT_SOURCE_DIR}/arceos_api/src)

# Always: the console, the clock, and main(), which calls the application's app_main().
add_library(arceos_api OBJECT ${ARCEOS_API_SRC}/base.cpp)
target_include_directories(arceos_api PUBLIC ${ARCEOS_API_INCLUDE})
target_link_libraries(arceos_api PUBLIC ax_kernel_flags axerrno axlog axhal axruntime)

# multitask over axtask, or the single-task stand-ins.
add_library(arceos_api_task OBJECT ${ARCEOS_API_SRC}/task.cpp)
target_link_libraries(arceos_api_task PUBLIC arceos_api axtask)
add_library(arceos_api_notask OBJECT ${ARCEOS_API_SRC}/notask.cpp)
target_link_libraries(arceos_api_notask PUBLIC arceos_api)

# net over axnet, built once per NIC type: the application's image holds one driver, called
# directly (axdriver's static mode, as chapter 5's demo): virtio-net, or the 82576 (QEMU's igb,
# stage 4's driver_ixgbe).
add_library(arceos_api_net_virtio OBJECT ${ARCEOS_API_SRC}/net.cpp)
target_link_libraries(arceos_api_net_virtio PUBLIC arceos_api axnet axdriver driver_virtio)
target_compile_definitions(arceos_api_net_virtio PRIVATE AX_DRIVER_DYN=0
  AX_NET_DEVICE=driver_virtio::VirtioNetDev AX_NET_DEVICE_HEADER=<driver_virtio/virtio_net.h>)
if(TARGET driver_ixgbe)
  add_library(arceos_api_net_igb OBJECT ${ARCEOS_API_SRC}/net.cpp)
  target_link_libraries(arceos_api_net_igb PUBLIC arceos_api axnet axdriver driver_ixgbe)
  target_compile_definitions(arceos_api_net_igb PRIVATE AX_DRIVER_DYN=0
    AX_NET_DEVICE=driver_ixgbe::IxgbeNic AX_NET_DEVICE_HEADER=<driver_ixgbe/ixgbe_nic.h>)
endif()
add_library(arceos_api_nonet OBJECT ${ARCEOS_API_SRC}/nonet.cpp)
target_link_libraries(arceos_api_nonet PUBLIC arceos_api)

# axstd: the address code for every application; the sockets with `net`.
add_library(axstd OBJECT ${CMAKE_CURRENT_SOURCE_DIR}/axstd/src/addr.cpp)
target_include_directories(axstd PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/axstd/include)
target_link_libraries(axstd PUBLIC arceos_api)
add_library(axstd_net OBJECT ${CMAKE_CURRENT_SOURCE_DIR}/axstd/src/net.cpp)
target_link_libraries(axstd_net PUBLIC axstd)
target_compile_definitions(axstd_net PRIVATE AX_FEATURE_NET=1)

# ax_app(NAME FEATURES f... SOURCES s... [MODULES m...] [NIC virtio|igb]): a kernel image of
# one application, built with the features it names (net, multitask; net implies multitask), as
# an ArceOS app's Cargo.toml names axstd's features. The application is compiled with
# AX_FEATURE_<F>=1 for each. NIC picks the network driver of a `net` build (default virtio).
function(ax_app NAME)
  cmake_parse_arguments(A "" "NIC" "FEATURES;SOURCES;MODULES" ${ARGN})
  if(NOT A_NIC)
    set(A_NIC virtio)
  endif()
  if(NOT TARGET arceos_api_net_${A_NIC})
    message(FATAL_ERROR "ax_app(${NAME}): no network driver '${A_NIC}' (virtio, igb)")
  endif()
  foreach(f ${A_FEATURES})
    if(NOT f MATCHES "^(net|multitask)$")
      message(FATAL_ERROR "ax_app(${NAME}): unknown feature '${f}' (net, multitask)")
    endif()
  endforeach()
  set(mods ${AX_CH01_MODULES} arceos_api axstd ${A_MODULES})
  set(defs)
  if(net IN_LIST A_FEATURES)
    list(APPEND A_FEATURES multitask)
    list(APPEND mods ${AX_CH05_MODULES} arceos_api_net_${A_NIC} axstd_net)
    if(A_NIC STREQUAL igb)
      list(APPEND mods driver_ixgbe)
    endif()
    list(APPEND defs AX_FEATURE_NET=1)
  else()
    list(APPEND mods arceos_api_nonet)
  endif()
  if(multitask IN_LIST A_FEATURES)
    list(APPEND mods axtask arceos_api_task)
    list(APPEND defs AX_FEATURE_MULTITASK=1)
  else()
    list(APPEND mods arceos_api_notask)
  endif()
  list(REMOVE_DUPLICATES mods)
  ax_kernel(${NAME} MODULES ${mods} SOURCES ${A_SOURCES} DEFINITIONS ${defs})
endfunction()
