#!/bin/sh
# tools/clang_launcher.sh: compiles or links one libFuzzer target with clang although the
# project's compiler is g++ (cmake/fuzz.cmake sets it as the target's compiler and link
# launcher). CMake runs `clang_launcher.sh CLANG++ GXX args...`: when the command is the
# project's C++ compiler GXX, clang++ runs instead with the same arguments; anything else (ar,
# ranlib) runs unchanged.
clang="$1"
gxx="$2"
shift 2
if [ "$1" = "$gxx" ]; then
    shift
    exec "$clang" "$@"
fi
exec "$@"
