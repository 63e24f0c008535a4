#pragma once
// Where the controller's API socket is: one definition for the daemon, the CLI and the HMI.
#include <string>

namespace tg::api {

// The socket of the system's controller (its systemd unit: RuntimeDirectory=treadguard).
inline constexpr const char* kSystemApiSocket = "/run/treadguard/api.sock";

// A controller run by a user: $XDG_RUNTIME_DIR/treadguard/api.sock, else
// /tmp/treadguard-<uid>/api.sock. Where the daemon listens unless told otherwise.
std::string user_api_socket();

// Where a client connects unless told otherwise: the user's controller if its socket
// exists, else the system's if that exists, else the user's (so the error names it).
std::string client_api_socket();

// The same choice with the candidates given (for tests).
std::string choose_client_api_socket(const std::string& user, const std::string& system);

} // namespace tg::api
