// cmake/sanitizer_defaults.cpp: the options every sanitized host test runs with, built into
// each NAME_san program (cmake/sanitize.cmake) so that running one by hand behaves as under
// CTest. The sanitizer runtimes call these hooks at start-up; ASAN_OPTIONS and UBSAN_OPTIONS in
// the environment still override them.

extern "C" {

// Leaks are failures; string functions are checked over their whole argument; a global
// constructor reading another file's uninitialised global is reported.
const char* __asan_default_options() {
    return "detect_leaks=1:strict_string_checks=1:check_initialization_order=1";
}

// A stack trace with each report, and the first report ends the program (with
// -fno-sanitize-recover=all it would anyway).
const char* __ubsan_default_options() {
    return "print_stacktrace=1:halt_on_error=1";
}

}  // extern "C"
