// tests/gate/no_net_app.cpp: an application built without the feature `net` that calls a net
// function. It must NOT compile: tests/gate_test.py checks that the compiler stops here with
// arceos_api's message naming the feature (chapter 6, "Feature gating"). With -DAX_FEATURE_NET=1
// it compiles, which the test also checks, so the failure is the gate and nothing else.
#include <arceos_api/arceos_api.h>

int app_main() {
    auto sock = arceos_api::net::ax_tcp_socket();
    return sock.ok() ? 0 : 1;
}
