// BoundedHttpServer: httplib's keep-alive loop over a deadline stream.

#include "server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>

namespace chancery::server {
namespace {

using Clock = std::chrono::steady_clock;

// Waits for `events` on `sock` for at most `timeout`, retrying EINTR.
bool wait_for(int sock, short events, std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) return false;
  pollfd p{.fd = sock, .events = events, .revents = 0};
  const Clock::time_point until = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    const int n = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
    if (n > 0) return (p.revents & (events | POLLHUP | POLLERR)) != 0;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, buf.data(), buf.size());
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf.data(), buf.size());
    port = ntohs(a->sin6_port);
  }
  ip = buf.data();
}

// A socket stream whose reads stop at the current request's deadline.
// Reads are buffered (httplib reads request lines a byte at a time).
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(int sock, const StreamLimits& limits) : sock_(sock), limits_(limits) {}

  void begin_request() {
    deadline_ = Clock::now() + limits_.request_time;
    received_ = 0;
    out_of_time_ = false;
  }
  // The request ran out of time or of bytes: the connection is done with.
  bool exhausted() const { return out_of_time_ || received_ > limits_.max_request_bytes; }

  bool is_readable() const override {
    if (off_ < size_) return true;
    if (received_ > limits_.max_request_bytes) return false;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - Clock::now());
    if (wait_for(sock_, POLLIN, std::min(left, limits_.idle_time))) return true;
    // Out of time (not merely idle): the connection is done with.
    if (left <= limits_.idle_time) out_of_time_ = true;
    return false;
  }
  bool is_writable() const override { return wait_for(sock_, POLLOUT, limits_.write_time); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (off_ < size_) {
      const std::size_t n = std::min(size, size_ - off_);
      std::memcpy(ptr, buf_.data() + off_, n);
      off_ += n;
      return static_cast<ssize_t>(n);
    }
    if (!is_readable()) return -1;
    off_ = size_ = 0;
    if (size >= buf_.size()) return receive(ptr, size);
    const ssize_t n = receive(buf_.data(), buf_.size());
    if (n <= 0) return n;
    const std::size_t got = static_cast<std::size_t>(n);
    const std::size_t give = std::min(size, got);
    std::memcpy(ptr, buf_.data(), give);
    off_ = give;
    size_ = got;
    return static_cast<ssize_t>(give);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (!is_writable()) return -1;
    for (;;) {
      const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
      if (n >= 0 || errno != EINTR) return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  ssize_t receive(char* ptr, std::size_t size) {
    for (;;) {
      const ssize_t n = ::recv(sock_, ptr, size, 0);
      if (n > 0) received_ += static_cast<std::size_t>(n);
      if (n >= 0 || errno != EINTR) return n;
    }
  }

  int sock_;
  StreamLimits limits_;
  Clock::time_point deadline_ = Clock::now();
  std::size_t received_ = 0;  // since begin_request()
  mutable bool out_of_time_ = false;  // a read gave up at the request's deadline
  std::array<char, 4096> buf_{};
  std::size_t off_ = 0;
  std::size_t size_ = 0;
};

}  // namespace

bool BoundedHttpServer::process_and_close_socket(socket_t sock) {
  DeadlineStream stream(sock, limits_);
  bool ok = true;
  // Waits for the next request in short slices so that stop() is not held up
  // by idle keep-alive connections.
  auto next_request = [&] {
    const Clock::time_point until = Clock::now() + limits_.idle_time;
    while (is_running()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (left.count() <= 0) return false;
      if (wait_for(sock, POLLIN, std::min(left, std::chrono::milliseconds(100)))) return true;
    }
    return false;
  };
  for (std::size_t left = limits_.keep_alive_requests; left > 0 && next_request(); --left) {
    stream.begin_request();
    bool closed = false;
    ok = process_request(stream, left == 1 || !is_running(), closed, {});
    // httplib answers a request cut short (400) and carries on; what the
    // client sends next would start a new request with a new deadline.
    if (!ok || closed || stream.exhausted()) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace chancery::server
