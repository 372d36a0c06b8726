# The sanitizer build of the host tests (DESIGN.md section 5). Every host library declared with
# ax_host_library() and every Catch2 program declared with ax_host_test() gets a twin, NAME_san,
# compiled and linked with AddressSanitizer (out-of-bounds reads and writes, use after free,
# leaks) and UndefinedBehaviorSanitizer (overflow, misaligned or null accesses, bad shifts...).
# Nothing to do in a stage's cmake: declaring the test is enough.
#
# Labels. The twins' CTest tests carry `sanitize` and `chNN-sanitize`, not `chNN`:
#   make test        runs them (it runs every label but `exercise`);
#   make sanitize    runs only them (ctest -L ^sanitize$);
#   make chN-test    does not (ctest -L ^chNN$): the same tests already ran there uninstrumented,
#                    and a student iterating on a stage should not wait for both builds' runs;
#   ctest -L ch01-sanitize   one stage's sanitizer tests.
# -fno-sanitize-recover=all turns every UBSan report into a failure (the default only prints).

add_library(ax_sanitize_flags INTERFACE)
target_compile_options(ax_sanitize_flags INTERFACE
  -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
target_link_options(ax_sanitize_flags INTERFACE -fsanitize=address,undefined)

# ax_san_libs(OUT libs...): each library replaced by its sanitized twin when it has one (the
# choice is made at generate time, so the twin may be declared after the caller).
function(ax_san_libs OUT)
  set(out "")
  foreach(l ${ARGN})
    if(l MATCHES "::" OR l MATCHES "^-" OR l MATCHES "^\\$<")
      list(APPEND out ${l})
    else()
      list(APPEND out "$<IF:$<TARGET_EXISTS:${l}_san>,${l}_san,${l}>")
    endif()
  endforeach()
  set(${OUT} ${out} PARENT_SCOPE)
endfunction()

# ax_san_copy_settings(TWIN ORIG): what was set on ORIG, also after this call (include
# directories, definitions, options added later with target_*), applies to TWIN as well.
function(ax_san_copy_settings TWIN ORIG)
  target_include_directories(${TWIN}
    PRIVATE $<TARGET_PROPERTY:${ORIG},INCLUDE_DIRECTORIES>
    INTERFACE $<TARGET_PROPERTY:${ORIG},INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_definitions(${TWIN}
    PRIVATE $<TARGET_PROPERTY:${ORIG},COMPILE_DEFINITIONS>
    INTERFACE $<TARGET_PROPERTY:${ORIG},INTERFACE_COMPILE_DEFINITIONS>)
  target_compile_options(${TWIN} PRIVATE $<TARGET_PROPERTY:${ORIG},COMPILE_OPTIONS>)
endfunction()

# ax_sanitized_library(NAME SOURCES s... DEPENDS d...): NAME_san, the twin of host library NAME.
function(ax_sanitized_library NAME)
  cmake_parse_arguments(M "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${NAME}_san STATIC ${M_SOURCES})
  ax_san_copy_settings(${NAME}_san ${NAME})
  ax_san_libs(deps ${M_DEPENDS})
  target_link_libraries(${NAME}_san PUBLIC ${deps} ax_sanitize_flags)
endfunction()

# ax_sanitized_test(NAME LABEL l SOURCES s... LIBS l...): NAME_san, the twin of Catch2 program
# NAME, registered as one CTest test `chNN.sanitize.NAME` that runs all its test cases in one
# process: a sanitized process starts slowly, and the uninstrumented twin already gives each
# case its own CTest entry. A failure names the case and the sanitizer's report.
# Exercise tests (label chNN-exercise) get no twin: they fail until the student solves them,
# and `make test` leaves them out.
function(ax_sanitized_test NAME)
  cmake_parse_arguments(T "" "LABEL" "SOURCES;LIBS" ${ARGN})
  if(T_LABEL MATCHES "exercise")
    return()
  endif()
  add_executable(${NAME}_san ${T_SOURCES})
  ax_san_copy_settings(${NAME}_san ${NAME})
  ax_san_libs(libs ${T_LIBS})
  target_sources(${NAME}_san PRIVATE ${AX_ROOT}/cmake/sanitizer_defaults.cpp)
  target_link_libraries(${NAME}_san PRIVATE ${libs} Catch2::Catch2WithMain ${AX_HOST_TEST_LIBS}
                                             ax_sanitize_flags)
  add_test(NAME ${T_LABEL}.sanitize.${NAME} COMMAND ${NAME}_san)
  set_tests_properties(${T_LABEL}.sanitize.${NAME} PROPERTIES
                       LABELS "sanitize;${T_LABEL}-sanitize" TIMEOUT 600)
endfunction()
