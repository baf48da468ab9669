#include "server/context.h"

#include <charconv>
#include <cstdio>

#include "core/json_writer.h"

namespace chancery::server {
namespace {

thread_local std::string t_caller;

constexpr std::string_view kCookie = "chancery_session";

// The value of cookie `name` in a Cookie header ("a=1; b=2").
std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

bool state_changing(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

HttpError http_error(const Error& error) {
  switch (error.code) {
    case Errc::kInvalidInput: return {400, "bad_request", error.message, ""};
    case Errc::kNotFound: return {404, "not_found", error.message, ""};
    case Errc::kConflict: return {409, "conflict", error.message, ""};
    case Errc::kDenied: return {403, "forbidden", error.message, ""};
    case Errc::kUnavailable: return {503, "unavailable", "the archive is busy; try again", ""};
    case Errc::kIo:
    case Errc::kInternal: break;
  }
  // The message may name files or internals: the server's log gets it, the
  // client does not.
  std::fprintf(stderr, "chancery serve: %s\n", error.to_string().c_str());
  return {500, "internal", "internal error", ""};
}

void send_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(body), "application/json");
}

void send_error(httplib::Response& res, const HttpError& error) {
  std::string body;
  json::Writer w(body);
  w.begin_object().key_literal("error").begin_object();
  w.key_literal("code").value(error.code).key_literal("message").value(error.message);
  if (!error.extra.empty()) {
    body.push_back(',');
    body += error.extra;
  }
  w.end_object().end_object();
  send_json(res, error.status, std::move(body));
}

std::string session_token(const httplib::Request& req) {
  if (!req.has_header("Cookie")) return {};
  const std::string header = req.get_header_value("Cookie");
  return std::string(cookie_value(header, kCookie));
}

std::optional<Session> session_of(State& state, const httplib::Request& req) {
  const std::string token = session_token(req);
  if (token.empty()) return std::nullopt;
  return state.sessions.touch(token);
}

Result<Caller> caller_of(State& state, Handle& handle, const httplib::Request& req, HttpError& error) {
  Caller caller;
  caller.viewer.as_of = state.options.as_of;
  caller.session = session_of(state, req);
  if (caller.session) {
    Result<std::optional<users::User>> user = handle.users.find(caller.session->user);
    if (!user) {
      error = http_error(user.error());
      return user.error();
    }
    if (*user && !(*user)->disabled) {
      caller.user = std::move(**user);
      caller.viewer.reader = users::reader_of(*caller.user);
      note_caller(caller.user->name);
      return caller;
    }
    state.sessions.end_user(caller.session->user);  // removed or disabled meanwhile
    caller.session.reset();
  }
  if (state.options.reading_room) {
    caller.viewer.reader = access::Reader::reading_room();
    note_caller("(reading room)");
    return caller;
  }
  error = {401, "unauthenticated", "sign in first", ""};
  return Error{.code = Errc::kDenied, .message = error.message};
}

bool csrf_ok(const httplib::Request& req, const std::optional<Session>& session, HttpError& error) {
  if (!state_changing(req.method)) return true;
  // A cross-site form cannot send JSON without a CORS preflight, which
  // this server never grants.
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    error = {403, "csrf", "state-changing requests must be application/json", ""};
    return false;
  }
  if (session && !SessionStore::csrf_matches(*session, req.get_header_value("X-CSRF-Token"))) {
    error = {403, "csrf", "missing or wrong X-CSRF-Token", ""};
    return false;
  }
  return true;
}

std::optional<long> int_param(const httplib::Request& req, const char* name, long fallback, long lo, long hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  long n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < lo || n > hi) return std::nullopt;
  return n;
}

std::string param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

void note_caller(std::string_view name) { t_caller.assign(name); }
std::string noted_caller() { return t_caller; }

}  // namespace chancery::server
