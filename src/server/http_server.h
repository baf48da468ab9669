// The HTTP layer: cpp-httplib's server with a bound on the time a request
// may take to arrive.
//
// httplib's own connection loop only limits each read (a client that sends
// one byte every few seconds keeps a thread forever); BoundedHttpServer runs
// the same loop over a stream that also gives each request a deadline, so a
// slow or stalled client is dropped once `request_time` has passed, whatever
// it sends. Under TLS httplib's SSLServer is used as it is (per-read limits
// only); see docs/server.md.
#pragma once

#include <chrono>
#include <cstddef>

#include <httplib.h>

namespace chancery::server {

struct StreamLimits {
  std::chrono::milliseconds request_time{10'000};  // receive one request
  std::chrono::milliseconds idle_time{5'000};      // wait between bytes, and between requests
  std::chrono::milliseconds write_time{10'000};    // each send
  std::size_t keep_alive_requests = 1000;
  // Bytes one request may send, headers and body: httplib bounds each header
  // line (8 KiB) but not how many there are.
  std::size_t max_request_bytes = 64 * 1024 + 64 * 1024;
};

class BoundedHttpServer final : public httplib::Server {
 public:
  explicit BoundedHttpServer(const StreamLimits& limits) : limits_(limits) {}

 private:
  bool process_and_close_socket(socket_t sock) override;

  StreamLimits limits_;
};

}  // namespace chancery::server
