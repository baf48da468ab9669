#include "server/routes.h"

#include <algorithm>
#include <string>

namespace chancery::server {

void add_route(httplib::Server& http, State& state, std::string_view method, const char* pattern, Who who,
               Handler handler) {
  auto run = [&state, who, handler](const httplib::Request& req, httplib::Response& res) {
    ArchivePool::Lease lease = state.pool->borrow();
    HttpError error;
    Result<Caller> caller = caller_of(state, *lease, req, error);
    if (!caller) return send_error(res, error);
    if ((who.signed_in || !who.roles.empty()) && !caller->user)
      return send_error(res, {401, "unauthenticated", "sign in first", ""});
    if (!csrf_ok(req, caller->session, error)) return send_error(res, error);
    if (!who.roles.empty() && std::find(who.roles.begin(), who.roles.end(), caller->user->role) == who.roles.end()) {
      std::string names;
      for (users::Role r : who.roles) names += (names.empty() ? "" : " or ") + std::string(users::role_name(r));
      return send_error(res, {403, "forbidden", "this needs the role " + names, ""});
    }
    handler(state, *lease, *caller, req, res);
  };
  if (method == "GET") http.Get(pattern, run);
  if (method == "POST") http.Post(pattern, run);
  if (method == "PUT") http.Put(pattern, run);
  if (method == "PATCH") http.Patch(pattern, run);
  if (method == "DELETE") http.Delete(pattern, run);
}

}  // namespace chancery::server
