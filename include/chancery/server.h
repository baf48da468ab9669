// The server: the archive on the network, as a JSON API (docs/api.md) and
// the web UI, from one process.
//
// Every answer is made for a viewer through the archive's access layer: the
// signed-in user, or with `reading_room` an anonymous visitor who sees only
// what has been declassified. The server bounds what a client can take: a
// fixed pool of connection threads, a few archive handles shared by them,
// limits on the size of headers and bodies and on the time a request may
// take to arrive, sign-in throttling, sessions that expire.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "chancery/result.h"

namespace chancery::server {

struct Limits {
  std::size_t max_body = 64 * 1024;         // bytes of a request body
  std::chrono::seconds request_time{10};    // to receive one request (headers and body)
  std::chrono::seconds idle_time{5};        // between reads while receiving, and keep-alive
  std::chrono::seconds write_time{10};      // to send one response
  std::size_t keep_alive_requests = 1000;   // requests per connection
  unsigned connection_threads = 128;        // connections served at once; more wait
  unsigned archive_handles = 0;             // concurrent archive reads; 0: one per core
  std::size_t cached_answers = 4096;        // search answers kept (server/result_cache.h); 0: none
};

struct SessionPolicy {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{12 * 60 * 60};
  // Failed sign-ins that close an account, and an address, for `window`.
  unsigned failures_per_account = 5;
  unsigned failures_per_address = 20;
  std::chrono::seconds window{15 * 60};
};

struct Options {
  std::filesystem::path archive;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  bool reading_room = false;  // anonymous visitors get the declassified view
  std::filesystem::path tls_cert;  // both or neither: HTTPS
  std::filesystem::path tls_key;
  // Serve the web UI from this directory instead of the assets built in
  // (for working on the UI without rebuilding).
  std::filesystem::path web_root;
  std::string as_of;  // "YYYY-MM-DD": the declassification clock; "" for today
  Limits limits;
  SessionPolicy sessions;
  // One structured (JSON) line per request; empty: none.
  std::function<void(const std::string& line)> access_log;
  // Argon2id cost for sign-ins made through the API (tests lower it).
  bool weak_password_hashing = false;
};

class Server {
 public:
  // Opens the archive (catching its index up) and binds the address.
  // Errors: kNotFound (no archive), kInvalidInput (bad options),
  // kUnavailable (the address is taken), kIo.
  static Result<std::unique_ptr<Server>> create(const Options& options);
  ~Server();

  // The port bound (the one chosen when Options::port was 0).
  int port() const;
  // "http://127.0.0.1:8080" (https under TLS).
  std::string url() const;
  // Serves until stop(); returns once every connection has closed.
  Result<void> run();
  // Stops accepting; callable from any thread (and from a signal-watching one).
  void stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::server
