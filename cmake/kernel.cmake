# How a kernel is built: compiler flags for freestanding code, kernel modules as object
# libraries, and the two-pass link that embeds a symbol table for panic backtraces.

# Flags every kernel object is compiled with (book/design.md, section 5).
add_library(ax_kernel_flags INTERFACE)
target_compile_options(ax_kernel_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit>
  -ffreestanding -nostdlib -fno-builtin-malloc
  -mno-red-zone            # interrupts push onto the same stack: no scratch area below rsp
  -mcmodel=kernel          # the kernel lives in the top 2 GiB of the address space
  # No SSE/x87 in the kernel: interrupt handlers save no FPU state. C code of a target whose
  # property AX_C_FPU is ON (axlibc, C applications) may use SSE and x87: it runs only in
  # tasks, and axtask saves each task's FPU state on a switch (chapter 5, "Floating point in
  # tasks").
  $<$<NOT:$<AND:$<COMPILE_LANGUAGE:C>,$<BOOL:$<TARGET_PROPERTY:AX_C_FPU>>>>:-mgeneral-regs-only>
  -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-omit-frame-pointer  # frame-pointer chain for backtraces
  -Wall -Wextra -Werror -g)
target_compile_definitions(ax_kernel_flags INTERFACE AX_KERNEL=1)

# The header-only parts of the C++ library (string_view, array) report misuse by calling
# std::__throw_out_of_range_fmt and its siblings. A hosted libstdc++ (GCC 12's, whatever the
# flags) only declares them: the kernel must define them. GCC 14's freestanding headers define
# them inline (they call std::terminate). Rather than trust one version's headers, ask the
# compiler: for each hook, does a definition of our own compile beside the library's headers?
# The answers become AX_DEFINE_<hook> definitions for axruntime/src/cxx_support.cpp.
include(CheckCXXSourceCompiles)
function(ax_check_throw_hook NAME PARAMS)
  set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)  # compile only: nothing to link against
  set(CMAKE_REQUIRED_FLAGS "-std=c++20 -ffreestanding -fno-exceptions -fno-rtti")
  set(CMAKE_REQUIRED_QUIET ON)
  check_cxx_source_compiles("
    #include <array>
    #include <new>
    #include <string_view>
    namespace std { [[noreturn]] void __throw_${NAME}(${PARAMS}) { __builtin_trap(); } }
    int use() { return 0; }" AX_CXXLIB_LEAVES_${NAME})
  if(AX_CXXLIB_LEAVES_${NAME})
    set(AX_CXX_THROW_HOOKS ${AX_CXX_THROW_HOOKS} AX_DEFINE_THROW_${NAME}=1 PARENT_SCOPE)
  endif()
endfunction()
set(AX_CXX_THROW_HOOKS "")
ax_check_throw_hook(out_of_range_fmt "const char*, ...")
ax_check_throw_hook(out_of_range "const char*")
ax_check_throw_hook(length_error "const char*")
ax_check_throw_hook(logic_error "const char*")
ax_check_throw_hook(bad_alloc "")
ax_check_throw_hook(bad_array_new_length "")

set(AX_LINKER_SCRIPT ${AX_ROOT}/ch01-boot/axhal/src/linker.ld)

# ax_kernel_module(NAME SOURCES s... [DEPENDS m...]): a kernel module as an object library.
# Its public headers live in NAME/include; modules named in DEPENDS give it their headers.
function(ax_kernel_module NAME)
  cmake_parse_arguments(M "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${NAME} OBJECT ${M_SOURCES})
  target_include_directories(${NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/${NAME}/include)
  target_link_libraries(${NAME} PUBLIC ax_kernel_flags ${M_DEPENDS})
endfunction()

# ax_host_library(NAME SOURCES s... [INCLUDES dir...] [DEPENDS lib...]): the hardware-free
# part of a module, compiled for the host so Catch2 tests can exercise exactly the code the
# kernel runs; with its sanitized twin NAME_san for the `sanitize` tests (cmake/sanitize.cmake).
function(ax_host_library NAME)
  cmake_parse_arguments(M "" "" "SOURCES;INCLUDES;DEPENDS" ${ARGN})
  add_library(${NAME} STATIC ${M_SOURCES})
  target_include_directories(${NAME} PUBLIC ${M_INCLUDES})
  target_compile_options(${NAME} PRIVATE -Wall -Wextra -Werror)
  target_link_libraries(${NAME} PUBLIC ${M_DEPENDS})
  ax_sanitized_library(${NAME} SOURCES ${M_SOURCES} DEPENDS ${M_DEPENDS})
endfunction()

# ax_kernel(NAME MODULES m... SOURCES s... [DEFINITIONS d...]): a bootable kernel image
# NAME.elf made of the given modules plus the program in SOURCES (which defines main), compiled
# with DEFINITIONS (build-time feature switches such as AX_DRIVER_DYN=1).
# Pass 1 links without symbols; tools/ksyms.py turns its function symbols into an assembly
# table; pass 2 links the table in after .rodata, so no function moves. The POST_BUILD check
# proves that, so a backtrace never names the wrong function.
function(ax_kernel NAME)
  cmake_parse_arguments(K "" "" "MODULES;SOURCES;DEFINITIONS" ${ARGN})
  add_library(${NAME}_app OBJECT ${K_SOURCES})
  target_link_libraries(${NAME}_app PUBLIC ${K_MODULES})
  target_compile_definitions(${NAME}_app PRIVATE ${K_DEFINITIONS})
  set(objs $<TARGET_OBJECTS:${NAME}_app>)
  foreach(m ${K_MODULES})
    list(APPEND objs $<TARGET_OBJECTS:${m}>)
  endforeach()
  set(link_opts -nostdlib -static -no-pie -Wl,-T,${AX_LINKER_SCRIPT} -Wl,-z,max-page-size=0x1000
      -Wl,--build-id=none -Wl,--no-warn-rwx-segments)

  add_executable(${NAME}.pass1 ${objs})
  target_link_options(${NAME}.pass1 PRIVATE ${link_opts})
  set_target_properties(${NAME}.pass1 PROPERTIES LINK_DEPENDS ${AX_LINKER_SCRIPT} LINKER_LANGUAGE CXX)

  set(syms ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.ksyms.S)
  add_custom_command(OUTPUT ${syms}
    COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/ksyms.py gen $<TARGET_FILE:${NAME}.pass1> ${syms}
    DEPENDS ${NAME}.pass1 ${AX_ROOT}/tools/ksyms.py
    COMMENT "Symbol table for ${NAME}")

  add_executable(${NAME} ${objs} ${syms})
  target_link_options(${NAME} PRIVATE ${link_opts})
  set_target_properties(${NAME} PROPERTIES SUFFIX .elf LINK_DEPENDS ${AX_LINKER_SCRIPT}
                        LINKER_LANGUAGE CXX)
  add_custom_command(TARGET ${NAME} POST_BUILD
    COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/ksyms.py verify
            $<TARGET_FILE:${NAME}.pass1> $<TARGET_FILE:${NAME}>)
endfunction()
