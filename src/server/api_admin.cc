// Administration: users (role admin) and the audit log (role auditor).
// Changing or removing a user ends that user's sessions at once.

#include <nlohmann/json.hpp>

#include "chancery/audit.h"
#include "core/json_writer.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace chancery::server {
namespace {

using httplib::Request;
using httplib::Response;
using Json = nlohmann::json;

HttpError bad_request(std::string message) { return {400, "bad_request", std::move(message), ""}; }

void send_user(Response& res, int status, const users::User& user) {
  std::string out;
  chancery::json::Writer w(out);
  write_user(w, user);
  send_json(res, status, std::move(out));
}

// Applies the members of `body` to `user`; false (and `error`) on a member of
// the wrong type or value.
bool apply(const Json& body, users::User& user, HttpError& error) {
  auto text = [&](const char* key, std::string& into) {
    if (!body.contains(key)) return true;
    if (!body[key].is_string()) return false;
    into = body[key].get<std::string>();
    return true;
  };
  std::string role, clearance;
  if (!text("role", role) || !text("clearance", clearance) || !text("nationality", user.nationality) ||
      !text("post", user.post)) {
    error = bad_request("role, clearance, nationality and post are strings");
    return false;
  }
  if (!role.empty()) {
    std::optional<users::Role> r = users::parse_role(role);
    if (!r) {
      error = bad_request("role is reader, officer, admin or auditor");
      return false;
    }
    user.role = *r;
  }
  if (!clearance.empty()) {
    std::optional<access::Level> l = access::parse_level(clearance);
    if (!l) {
      error = bad_request("clearance is UNCLASSIFIED, CONFIDENTIAL, SECRET or TOP SECRET");
      return false;
    }
    user.clearance = *l;
  }
  if (body.contains("groups")) {
    if (!body["groups"].is_array()) {
      error = bad_request("groups is a list of strings");
      return false;
    }
    user.groups.clear();
    for (const Json& g : body["groups"]) {
      if (!g.is_string()) {
        error = bad_request("groups is a list of strings");
        return false;
      }
      user.groups.push_back(g.get<std::string>());
    }
  }
  if (body.contains("disabled")) {
    if (!body["disabled"].is_boolean()) {
      error = bad_request("disabled is true or false");
      return false;
    }
    user.disabled = body["disabled"].get<bool>();
  }
  return true;
}

void list_users(State&, Handle& h, const Caller&, const Request&, Response& res) {
  Result<std::vector<users::User>> all = h.users.list();
  if (!all) return send_error(res, http_error(all.error()));
  std::string out;
  chancery::json::Writer w(out);
  w.begin_object().key_literal("users").begin_array();
  for (const users::User& u : *all) write_user(w, u);
  w.end_array().end_object();
  send_json(res, 200, std::move(out));
}

void add_user(State&, Handle& h, const Caller&, const Request& req, Response& res) {
  const Json body = Json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("name") || !body["name"].is_string() || !body.contains("password") ||
      !body["password"].is_string()) {
    return send_error(res, bad_request("expected an object with name and password strings"));
  }
  users::User user;
  user.name = body["name"].get<std::string>();
  HttpError error;
  if (!apply(body, user, error)) return send_error(res, error);
  if (Result<void> r = h.users.add(user, body["password"].get<std::string>()); !r)
    return send_error(res, http_error(r.error()));
  Result<std::optional<users::User>> added = h.users.find(user.name);
  if (!added || !*added) return send_error(res, {500, "internal", "internal error", ""});
  send_user(res, 201, **added);
}

std::string user_of_path(const Request& req) { return req.matches.size() > 1 ? std::string(req.matches[1]) : ""; }

void update_user(State& state, Handle& h, const Caller&, const Request& req, Response& res) {
  const Json body = Json::parse(req.body, nullptr, false);
  if (!body.is_object()) return send_error(res, bad_request("expected a JSON object"));
  Result<std::optional<users::User>> found = h.users.find(user_of_path(req));
  if (!found) return send_error(res, http_error(found.error()));
  if (!*found) return send_error(res, {404, "not_found", "no such user", ""});
  users::User user = **found;
  HttpError error;
  if (!apply(body, user, error)) return send_error(res, error);
  if (body.contains("password") && !body["password"].is_string())
    return send_error(res, bad_request("password is a string"));
  if (Result<void> r = h.users.update(user); !r) return send_error(res, http_error(r.error()));
  if (body.contains("password")) {
    if (Result<void> r = h.users.set_password(user.name, body["password"].get<std::string>()); !r)
      return send_error(res, http_error(r.error()));
  }
  // What the user may read or do changed: it signs in again.
  state.sessions.end_user(user.name);
  send_user(res, 200, user);
}

void remove_user(State& state, Handle& h, const Caller&, const Request& req, Response& res) {
  const std::string name = user_of_path(req);
  if (Result<void> r = h.users.remove(name); !r) {
    if (r.error().code == Errc::kNotFound) return send_error(res, {404, "not_found", "no such user", ""});
    return send_error(res, http_error(r.error()));
  }
  state.sessions.end_user(name);
  res.status = 204;
}

Result<audit::AuditLog> open_log(const State& state) {
  return audit::AuditLog::open(state.options.archive / "audit.sqlite",
                               audit::OpenOptions{.create = true, .read_only = false});
}

void list_audit(State& state, Handle&, const Caller&, const Request& req, Response& res) {
  audit::ListFilter filter;
  filter.reader = param(req, "reader");
  filter.action = param(req, "action");
  filter.target = param(req, "target");
  filter.since = param(req, "since");
  filter.until = param(req, "until");
  const auto limit = int_param(req, "limit", 100, 1, 10'000);
  if (!limit) return send_error(res, bad_request("limit is 1-10000"));
  filter.limit = static_cast<std::size_t>(*limit);
  Result<audit::AuditLog> log = open_log(state);
  if (!log) return send_error(res, http_error(log.error()));
  Result<std::vector<audit::Entry>> entries = log->list(filter);
  if (!entries) return send_error(res, http_error(entries.error()));
  std::string out;
  chancery::json::Writer w(out);
  w.begin_object().key_literal("entries").begin_array();
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) write_entry(w, *it);
  w.end_array().end_object();
  send_json(res, 200, std::move(out));
}

void verify_audit(State& state, Handle&, const Caller&, const Request&, Response& res) {
  Result<audit::AuditLog> log = open_log(state);
  if (!log) return send_error(res, http_error(log.error()));
  Result<audit::VerifyReport> report = log->verify();
  if (!report) return send_error(res, http_error(report.error()));
  std::string out;
  chancery::json::Writer w(out);
  w.begin_object();
  w.key_literal("ok").value(report->ok());
  w.key_literal("entries").value(static_cast<std::int64_t>(report->entries));
  w.key_literal("head").value(report->head_hash);
  w.key_literal("head_seq").value(report->head_seq);
  w.key_literal("problem");
  if (report->ok()) {
    w.null();
  } else {
    w.value(report->problem);
  }
  w.end_object();
  send_json(res, 200, std::move(out));
}

}  // namespace

void add_admin_routes(httplib::Server& http, State& state) {
  using users::Role;
  const Who kAdmin{.signed_in = true, .roles = {Role::kAdmin}};
  const Who kAuditor{.signed_in = true, .roles = {Role::kAuditor}};
  add_route(http, state, "GET", "/api/users", kAdmin, list_users);
  add_route(http, state, "POST", "/api/users", kAdmin, add_user);
  add_route(http, state, "PATCH", R"(/api/users/([^/]+))", kAdmin, update_user);
  add_route(http, state, "DELETE", R"(/api/users/([^/]+))", kAdmin, remove_user);
  add_route(http, state, "GET", "/api/audit", kAuditor, list_audit);
  add_route(http, state, "GET", "/api/audit/verify", kAuditor, verify_audit);
}

}  // namespace chancery::server
