// arceos_api/src/nonet.cpp: a build without `net` brings up no network.
#include "runtime.h"

namespace arceos_api::imp {

bool init_net() {
    return true;
}

}  // namespace arceos_api::imp
