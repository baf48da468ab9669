// The API's routes, by area; server.cc wires them into the HTTP server.
#pragma once

#include <httplib.h>

#include "server/context.h"

namespace chancery::server {

// A handler of a read: it runs with a borrowed archive handle, for a caller
// already known (signed in, or the reading room).
using ReadHandler = void (*)(State&, Handle&, const Caller&, const httplib::Request&, httplib::Response&);
// Registers GET `pattern` as a read.
void add_read(httplib::Server& http, State& state, const char* pattern, ReadHandler handler);

void add_session_routes(httplib::Server& http, State& state);  // /api/session
void add_read_routes(httplib::Server& http, State& state);     // search, cables, refs, stats...
void add_admin_routes(httplib::Server& http, State& state);    // /api/users, /api/audit
void add_post_routes(httplib::Server& http, State& state);     // directory, tags, drafts, inbox
void add_static_routes(httplib::Server& http, State& state);   // the web UI and /api/openapi.json

}  // namespace chancery::server
