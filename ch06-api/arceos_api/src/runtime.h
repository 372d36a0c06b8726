// arceos_api/src/runtime.h: what arceos_api's main() calls to bring up the build's features.
// Each is defined once per build by the module the feature links (task.cpp or notask.cpp,
// net.cpp or nonet.cpp), so main() has no #if.
#pragma once

namespace arceos_api::imp {

/// Starts the scheduler (`multitask`) or nothing.
void init_multitask();
/// Brings up the NIC and axnet (`net`) or nothing. False (logged) if the network cannot start.
bool init_net();

}  // namespace arceos_api::imp
