// The API's routes, by area; server.cc wires them into the HTTP server.
#pragma once

#include <string_view>
#include <vector>

#include <httplib.h>

#include "server/context.h"

namespace chancery::server {

// A handler of the API: it runs with a borrowed archive handle, for a
// caller already known and admitted (see Who).
using Handler = void (*)(State&, Handle&, const Caller&, const httplib::Request&, httplib::Response&);

// Who may call a route: anyone the server admits (a signed-in user, or the
// reading room's visitor), a signed-in user, or only some roles.
struct Who {
  bool signed_in = false;
  std::vector<users::Role> roles;  // empty: any role
};
inline const Who kAnyCaller{};
inline const Who kSignedIn{.signed_in = true, .roles = {}};

// Registers `handler` for `method` ("GET", "POST", "PUT", "PATCH",
// "DELETE") on `pattern`: it borrows a handle, resolves the caller (401
// when there is none), checks who may call (401, 403), the CSRF token of a
// state-changing request (403), and only then runs `handler`.
void add_route(httplib::Server& http, State& state, std::string_view method, const char* pattern, Who who,
               Handler handler);

void add_session_routes(httplib::Server& http, State& state);  // /api/session
void add_read_routes(httplib::Server& http, State& state);     // search, cables, refs, stats...
void add_admin_routes(httplib::Server& http, State& state);    // /api/users, /api/audit
void add_post_routes(httplib::Server& http, State& state);     // directory, tags, drafts, inbox
void add_static_routes(httplib::Server& http, State& state);   // the web UI and /api/openapi.json

}  // namespace chancery::server
