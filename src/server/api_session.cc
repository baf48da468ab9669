// Sign in, sign out, who am I.
//
// Sign-in checks the password against the Argon2id hash (users.h; the same
// time whether or not the name exists), is throttled per account and per
// address, and makes a brand-new session whatever cookie came with it.

#include <nlohmann/json.hpp>

#include "core/json_writer.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace chancery::server {
namespace {

using httplib::Request;
using httplib::Response;

std::string cookie(const State& state, const std::string& token, long max_age) {
  std::string c = "chancery_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(max_age);
  if (state.tls) c += "; Secure";
  return c;
}

std::string session_json(const State& state, const users::User* user, const Session* session) {
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("user");
  if (user) {
    write_user(w, *user);
  } else {
    w.null();
  }
  w.key_literal("reading_room").value(state.options.reading_room);
  w.key_literal("csrf");
  if (session) {
    w.value(session->csrf);
  } else {
    w.null();
  }
  w.end_object();
  return out;
}

void who(State& state, const Request& req, Response& res) {
  std::optional<Session> session = session_of(state, req);
  if (!session) return send_json(res, 200, session_json(state, nullptr, nullptr));
  ArchivePool::Lease lease = state.pool->borrow();
  HttpError error;
  Result<Caller> caller = caller_of(state, *lease, req, error);
  if (!caller || !caller->user) return send_json(res, 200, session_json(state, nullptr, nullptr));
  send_json(res, 200, session_json(state, &*caller->user, &*caller->session));
}

void sign_in(State& state, const Request& req, Response& res) {
  HttpError error;
  // The session presented (if any) is not trusted for CSRF here: sign-in
  // needs JSON, which no cross-site form can send.
  if (!csrf_ok(req, std::nullopt, error)) return send_error(res, error);
  const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("name") || !body.contains("password") || !body["name"].is_string() ||
      !body["password"].is_string()) {
    return send_error(res, {400, "bad_request", "expected {\"name\": string, \"password\": string}", ""});
  }
  const std::string name = body["name"].get<std::string>();
  std::string password = body["password"].get<std::string>();
  const std::chrono::seconds wait = state.throttle.wait(name, req.remote_addr);
  if (wait.count() > 0) {
    res.set_header("Retry-After", std::to_string(wait.count()));
    return send_error(res, {429, "too_many_requests", "too many failed sign-ins; try again later", ""});
  }
  ArchivePool::Lease lease = state.pool->borrow();
  Result<std::optional<users::User>> user = lease->users.verify_password(name, password);
  std::fill(password.begin(), password.end(), '\0');
  if (!user) return send_error(res, http_error(user.error()));
  if (!*user) {
    state.throttle.failed(name, req.remote_addr);
    return send_error(res, {401, "unauthenticated", "wrong name or password", ""});
  }
  state.throttle.succeeded(name);
  // Whatever session the browser had ends: the signed-in one is new.
  if (const std::string old = session_token(req); !old.empty()) state.sessions.end(old);
  const Session session = state.sessions.create((*user)->name);
  note_caller((*user)->name);
  res.set_header("Set-Cookie", cookie(state, session.token, state.options.sessions.absolute.count()));
  send_json(res, 200, session_json(state, &**user, &session));
}

void sign_out(State& state, const Request& req, Response& res) {
  std::optional<Session> session = session_of(state, req);
  HttpError error;
  if (session && !csrf_ok(req, session, error)) return send_error(res, error);
  if (session) state.sessions.end(session_token(req));
  res.set_header("Set-Cookie", cookie(state, "", 0));
  res.status = 204;
}

}  // namespace

void add_session_routes(httplib::Server& http, State& state) {
  http.Get("/api/session", [&state](const Request& req, Response& res) { who(state, req, res); });
  http.Post("/api/session", [&state](const Request& req, Response& res) { sign_in(state, req, res); });
  http.Delete("/api/session", [&state](const Request& req, Response& res) { sign_out(state, req, res); });
}

}  // namespace chancery::server
