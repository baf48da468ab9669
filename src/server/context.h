// What every API handler shares: the server's state, who is calling, and
// the one way errors and JSON go out.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <httplib.h>

#include "chancery/archive.h"
#include "chancery/result.h"
#include "chancery/server.h"
#include "chancery/users.h"
#include "server/archive_pool.h"
#include "server/result_cache.h"
#include "server/sessions.h"

namespace chancery::server {

// The server's state, shared by the handlers (all members thread-safe).
struct State {
  explicit State(const Options& o)
      : options(o),
        tls(!o.tls_cert.empty()),
        sessions(o.sessions),
        throttle(o.sessions),
        cache(o.limits.cached_answers, std::size_t{64} << 20) {}

  Options options;
  bool tls = false;
  std::unique_ptr<ArchivePool> pool;
  SessionStore sessions;
  LoginThrottle throttle;
  ResultCache cache;
  // The one writable handle: it indexes what a send filed (catch_up()).
  std::mutex indexer_mu;
  std::unique_ptr<archive::Archive> indexer;  // GUARDED_BY(indexer_mu)
};

// Who is calling: a signed-in user (with a session), or the reading room's
// anonymous visitor.
struct Caller {
  std::optional<users::User> user;
  std::optional<Session> session;
  archive::Viewer viewer;
};

// An error answer: the HTTP status, a stable code and a message.
struct HttpError {
  int status = 500;
  std::string code;
  std::string message;
  std::string extra;  // more members of the error object, JSON "k":v,... ("" for none)
};

// The status and code for a library error. Messages of kNotFound and
// kConflict name only ids and origins the caller may see (the library's
// rule); others are replaced by a generic message, since they may name
// files or internals.
HttpError http_error(const Error& error);

void send_json(httplib::Response& res, int status, std::string body);
void send_error(httplib::Response& res, const HttpError& error);

// The session token of the request's cookie ("" when none).
std::string session_token(const httplib::Request& req);
// The session named by the request's cookie, when live.
std::optional<Session> session_of(State& state, const httplib::Request& req);
// The caller of a request that reads: a signed-in user (looked up again, so
// a disabled user stops at once), or the reading room's visitor; else
// 401 unauthenticated.
Result<Caller> caller_of(State& state, Handle& handle, const httplib::Request& req, HttpError& error);
// A state-changing request must be JSON and, from a session, carry its CSRF
// token. False (and `error` set) when it does not.
bool csrf_ok(const httplib::Request& req, const std::optional<Session>& session, HttpError& error);

// A query parameter as an integer in [lo, hi]; `fallback` when absent.
std::optional<long> int_param(const httplib::Request& req, const char* name, long fallback, long lo, long hi);
std::string param(const httplib::Request& req, const char* name);

// The name of the caller for the access log (thread-local: set by the
// handler, read by the logger on the same thread).
void note_caller(std::string_view name);
std::string noted_caller();

}  // namespace chancery::server
