# libFuzzer targets (DESIGN.md section 5): code that parses what a device or the network hands
# it is run on millions of generated inputs, under AddressSanitizer and UBSan, each input
# checked against the code's invariants by the target itself. A target lives beside the module
# it fuzzes (<module>/fuzz/NAME.cpp, its seed corpus in <module>/fuzz/corpus/NAME/) and is
# declared with ax_fuzz_target() in the stage's cmake.
#
# libFuzzer is part of clang, not GCC: the targets are compiled by clang++ (tools/setup.sh
# installs it and its runtime) while the rest of the project keeps g++. CMake has one C++
# compiler per project, so each fuzz target sets tools/clang_launcher.sh as its compile and
# link launcher, which swaps g++ for clang++ on that target's commands only.
#
# Runs (tools/fuzz.py runs one target on a scratch copy of its corpus):
#   make test    a smoke run of each target: every corpus input, then FUZZ_SMOKE_SECONDS (5) of
#                new inputs (CTest labels `fuzz` and `chNN-fuzz`, not `chNN`: see sanitize.cmake)
#   make fuzz    each target for FUZZ_SECONDS (default 300), one after the other
# A crash fails the test and leaves the input in build/.../fuzz/NAME/ with the command that
# replays it.

find_program(AX_CLANGXX NAMES clang++ clang++-19 clang++-16 clang++-15 clang++-14)
if(NOT AX_CLANGXX)
  message(FATAL_ERROR "clang++ not found: the fuzz targets need it (make setup installs clang)")
endif()
set(AX_FUZZ_SMOKE_SECONDS 5 CACHE STRING "Seconds of new inputs per fuzz target in make test")
set(AX_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)

# ax_fuzz_target(NAME LABEL chNN SOURCES s... [INCLUDES dir...]): libFuzzer program NAME from
# the target's source (which defines LLVMFuzzerTestOneInput) and the module sources it tests;
# its seeds are in fuzz/corpus/NAME/ beside the first source.
function(ax_fuzz_target NAME)
  cmake_parse_arguments(F "" "LABEL" "SOURCES;INCLUDES" ${ARGN})
  list(GET F_SOURCES 0 main)
  get_filename_component(main ${main} ABSOLUTE)
  get_filename_component(dir ${main} DIRECTORY)
  set(corpus ${dir}/corpus/${NAME})
  if(NOT IS_DIRECTORY ${corpus})
    message(FATAL_ERROR "fuzz target ${NAME}: no seed corpus at ${corpus}")
  endif()

  add_executable(${NAME} ${F_SOURCES})
  # axlog's headers too: in a student's lab tree a stubbed file includes <axlog/lab.h>.
  target_include_directories(${NAME} PRIVATE ${F_INCLUDES} ${AX_ROOT}/ch01-boot/axlog/include)
  target_compile_options(${NAME} PRIVATE ${AX_FUZZ_FLAGS} -Wall -Wextra)
  target_link_options(${NAME} PRIVATE ${AX_FUZZ_FLAGS})
  set_target_properties(${NAME} PROPERTIES
    CXX_COMPILER_LAUNCHER "${AX_ROOT}/tools/clang_launcher.sh;${AX_CLANGXX};${CMAKE_CXX_COMPILER}"
    RULE_LAUNCH_LINK "${AX_ROOT}/tools/clang_launcher.sh ${AX_CLANGXX} ${CMAKE_CXX_COMPILER}")

  add_test(NAME ${F_LABEL}.fuzz.${NAME}
    COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/fuzz.py --target $<TARGET_FILE:${NAME}>
            --corpus ${corpus} --work ${CMAKE_CURRENT_BINARY_DIR}/fuzz/${NAME}
            --seconds ${AX_FUZZ_SMOKE_SECONDS})
  # No CTest time limit of its own: `make fuzz` runs for FUZZ_SECONDS, and fuzz.py ends every
  # run itself a minute after its time is up.
  set_tests_properties(${F_LABEL}.fuzz.${NAME} PROPERTIES LABELS "fuzz;${F_LABEL}-fuzz"
                       TIMEOUT 86400)
endfunction()
