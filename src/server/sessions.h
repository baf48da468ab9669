// Signed-in sessions: random tokens with idle and absolute expiry, each with
// its own CSRF token; and the throttle on failed sign-ins.
//
// Sessions live in memory: a restart signs everyone out, which is the safe
// failure. A token is only ever made here (sign-in makes a new one, so a
// token planted before sign-in is worth nothing: no fixation), and is looked
// up by its SHA-256, so the table holds no usable token.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "chancery/server.h"

namespace chancery::server {

using Clock = std::chrono::steady_clock;
using Now = std::function<Clock::time_point()>;

struct Session {
  std::string token;  // what the cookie carries (only returned by create())
  std::string csrf;   // what X-CSRF-Token must carry
  std::string user;
  Clock::time_point created;
  Clock::time_point last_seen;
};

// 32 random bytes (libsodium), base64url without padding: 43 characters.
std::string random_token();

class SessionStore {
 public:
  explicit SessionStore(const SessionPolicy& policy, Now now = Clock::now);

  // A new session for `user`, token and CSRF token fresh.
  Session create(const std::string& user);
  // The live session of `token`, its idle clock restarted; nullopt when
  // unknown or expired (an expired one is forgotten).
  std::optional<Session> touch(std::string_view token);
  void end(std::string_view token);
  // Ends every session of `user` (disabled, removed, password changed).
  void end_user(std::string_view user);
  std::size_t size();

  // A constant-time comparison of a presented CSRF token with the session's.
  static bool csrf_matches(const Session& session, std::string_view presented);

 private:
  void sweep(Clock::time_point now);  // REQUIRES: mu_ held

  SessionPolicy policy_;
  Now now_;
  std::mutex mu_;
  std::unordered_map<std::string, Session> by_hash_;  // GUARDED_BY(mu_)
  Clock::time_point last_sweep_;
};

// Failed sign-ins per account and per address within a sliding window.
class LoginThrottle {
 public:
  explicit LoginThrottle(const SessionPolicy& policy, Now now = Clock::now);

  // Zero when a sign-in may be tried; else how long until it may.
  std::chrono::seconds wait(std::string_view account, std::string_view address);
  void failed(std::string_view account, std::string_view address);
  // A success clears the account's failures (not the address's).
  void succeeded(std::string_view account);

 private:
  using Failures = std::deque<Clock::time_point>;
  std::chrono::seconds wait_of(Failures& failures, unsigned limit, Clock::time_point now) const;
  void trim(Clock::time_point now);  // REQUIRES: mu_ held

  SessionPolicy policy_;
  Now now_;
  std::mutex mu_;
  std::unordered_map<std::string, Failures> accounts_;   // GUARDED_BY(mu_)
  std::unordered_map<std::string, Failures> addresses_;  // GUARDED_BY(mu_)
};

}  // namespace chancery::server
