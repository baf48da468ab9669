// The server tests' harness: an archive of examples/ (plus a second
// version of the seed cable) with five users, servers started in-process
// on 127.0.0.1 with a port of their own, an HTTP client that keeps the
// session cookie and CSRF token itself, and raw sockets for what no
// well-behaved client sends.
//
// The archive is built once per process, on first use (ctest runs each test
// in its own process, so a test pays only for what it uses).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "archive/archive_test_util.h"
#include "chancery/archive.h"
#include "chancery/server.h"
#include "chancery/users.h"

namespace chancery::server::test {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using archive::test_util::TempDir;
using namespace std::chrono_literals;

constexpr std::string_view kSeed = "07TELAVIV557";
constexpr std::string_view kPassword = "correct horse battery staple";
// The sentence of the seed's paragraph 17 (SECRET) that version 2 changes.
constexpr std::string_view kOldSentence = "Russia's policies contradict Israel's interests";
constexpr std::string_view kNewSentence = "Russia's policies plainly undercut Israel's interests";

inline fs::path examples_dir() { return fs::path(CHANCERY_SOURCE_DIR) / "examples"; }

// The archive every server of the process serves, and its users:
// secret (reader, SECRET, USA), conf (reader, CONFIDENTIAL, USA), admin,
// auditor, gbr (reader, SECRET, GBR); each with kPassword.
struct World {
  TempDir tmp{"server"};
  fs::path dir;
  std::string error;  // why the world could not be built ("" when it was)

  bool ok() const { return error.empty(); }
};

inline std::string build_world(World& w) {
  if (!w.tmp.ok()) return "no temporary directory";
  w.dir = w.tmp.path() / "archive";
  Result<archive::Archive> created = archive::Archive::create(w.dir);
  if (!created) return created.error().to_string();
  archive::Archive a = std::move(created).value();
  std::vector<archive::IngestInput> inputs;
  for (const char* name :
       {"07TELAVIV557.txt", "75TEHRAN2069.html", "00HARARE5461.html", "09PARIS1254.html", "09STATE93327.html",
        "cables.csv"}) {
    inputs.push_back(archive::test_util::file_input(examples_dir() / name));
  }
  archive::IngestOptions options;
  options.threads = 1;
  Result<archive::IngestReport> report = a.ingest(inputs, options);
  if (!report) return report.error().to_string();
  if (report->failed != 0) return "examples/ did not ingest cleanly";
  // Version 2 of the seed: one sentence of paragraph 17 changed.
  std::string seed = archive::test_util::read_file(examples_dir() / "07TELAVIV557.txt");
  const std::size_t at = seed.find(kOldSentence);
  if (at == std::string::npos) return "the seed no longer holds the sentence version 2 changes";
  seed.replace(at, kOldSentence.size(), kNewSentence);
  report = a.ingest({archive::test_util::memory_input("07TELAVIV557-v2.txt", seed)}, options);
  if (!report) return report.error().to_string();
  if (report->new_versions != 1) return "version 2 of the seed was not filed as a new version";

  Result<users::UserStore> store = users::UserStore::open(w.dir, users::PasswordCost::minimum());
  if (!store) return store.error().to_string();
  auto add = [&](const char* name, users::Role role, access::Level level, const char* nationality) -> std::string {
    users::User u;
    u.name = name;
    u.role = role;
    u.clearance = level;
    u.nationality = nationality;
    Result<void> r = store->add(u, kPassword);
    return r ? std::string() : r.error().to_string();
  };
  using users::Role;
  using access::Level;
  for (const std::string& e : {add("secret", Role::kReader, Level::kSecret, "USA"),
                               add("conf", Role::kReader, Level::kConfidential, "USA"),
                               add("admin", Role::kAdmin, Level::kUnclassified, "USA"),
                               add("auditor", Role::kAuditor, Level::kUnclassified, "USA"),
                               add("gbr", Role::kReader, Level::kSecret, "GBR")}) {
    if (!e.empty()) return e;
  }
  return {};
}

inline World*& world_ptr() {
  static World* w = nullptr;
  return w;
}

// Built on first use; its directory goes at exit, once the test suites
// (which own the servers) are torn down.
inline World& world() {
  static const bool built = [] {
    world_ptr() = new World;
    world_ptr()->error = build_world(*world_ptr());
    std::atexit([] {
      delete world_ptr();
      world_ptr() = nullptr;
    });
    return true;
  }();
  (void)built;
  return *world_ptr();
}

// ---------------------------------------------------------------------------
// Raw sockets.

// A blocking TCP connection to 127.0.0.1:port; -1 on failure.
inline int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Whether the peer closed (or reset) the connection within `timeout`;
// whatever arrives meanwhile is appended to `got`.
inline bool closed_within(int fd, std::chrono::milliseconds timeout, std::string* got = nullptr) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  char buf[16384];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // EOF or reset
    if (got != nullptr) got->append(buf, static_cast<std::size_t>(n));
  }
}

struct RawReply {
  std::string bytes;    // everything received
  bool closed = false;  // the server closed the connection within the time
  int status() const {  // of the first status line, 0 when none
    if (bytes.rfind("HTTP/1.", 0) != 0 || bytes.size() < 12) return 0;
    return std::atoi(bytes.substr(9, 3).c_str());
  }
  std::string body() const {
    const std::size_t at = bytes.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : bytes.substr(at + 4);
  }
};

// Sends `request` as it is on a new connection and reads until the server
// closes it or `timeout` passes.
inline RawReply raw(int port, std::string_view request, std::chrono::milliseconds timeout = 5000ms) {
  RawReply reply;
  const int fd = connect_to(port);
  if (fd < 0) return reply;
  send_all(fd, request);  // the server may close before it has read all of it
  reply.closed = closed_within(fd, timeout, &reply.bytes);
  ::close(fd);
  return reply;
}

// ---------------------------------------------------------------------------
// A server running on a thread of the test.

class RunningServer {
 public:
  // Starts a server on the world's archive with `options` (archive, host
  // and port filled in); nullptr (and a test failure) when it cannot.
  static std::unique_ptr<RunningServer> start(Options options) {
    options.archive = world().dir;
    options.host = "127.0.0.1";
    options.port = 0;
    options.weak_password_hashing = true;
    Result<std::unique_ptr<Server>> s = Server::create(options);
    if (!s) {
      ADD_FAILURE() << "Server::create: " << s.error().to_string();
      return nullptr;
    }
    std::unique_ptr<RunningServer> r(new RunningServer);
    r->server_ = std::move(s).value();
    r->port_ = r->server_->port();
    Server* server = r->server_.get();
    r->thread_ = std::thread([server] {
      Result<void> ran = server->run();
      if (!ran) ADD_FAILURE() << "Server::run: " << ran.error().to_string();
    });
    // stop() before run() has begun to listen would be lost: wait for an answer.
    for (int i = 0; i < 500; ++i) {
      if (raw(r->port_, "GET /api/session HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").status() == 200)
        return r;
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "the server never answered";
    return r;
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  int port() const { return port_; }
  Server& server() { return *server_; }

 private:
  RunningServer() = default;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// The usual options of the tests: the declassification clock in 2016, when
// the seed (DECL 2017-02-09) is still classified.
inline Options test_options(bool reading_room = false, std::string as_of = "2016-01-01") {
  Options o;
  o.as_of = std::move(as_of);
  o.reading_room = reading_room;
  o.limits.connection_threads = 16;
  o.limits.archive_handles = 2;
  // The tests sign in often from one address; the per-address throttle has
  // its own test on its own server.
  o.sessions.failures_per_address = 1000;
  return o;
}

// ---------------------------------------------------------------------------
// An HTTP client that keeps its session itself.

struct Reply {
  int status = 0;  // 0 when no answer came
  std::string body;
  httplib::Headers headers;

  Json json() const {
    Json j = Json::parse(body, nullptr, false);
    return j;
  }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool has_header(const std::string& name) const { return headers.count(name) > 0; }
  // The code of an error body {"error": {"code", "message"}}, "" otherwise.
  std::string error_code() const {
    const Json j = json();
    if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return {};
    const Json& e = j["error"];
    if (!e.contains("code") || !e["code"].is_string() || !e.contains("message") || !e["message"].is_string())
      return {};
    return e["code"].get<std::string>();
  }
  std::string error_message() const {
    const Json j = json();
    if (error_code().empty()) return {};
    return j["error"]["message"].get<std::string>();
  }
};

inline std::ostream& operator<<(std::ostream& os, const Reply& r) {
  return os << "HTTP " << r.status << " " << r.body.substr(0, 400);
}

class Client {
 public:
  explicit Client(int port) : http_("127.0.0.1", port) {
    http_.set_connection_timeout(5);
    http_.set_read_timeout(20);
    http_.set_write_timeout(5);
  }

  // The session cookie's value ("" for none) and the CSRF token.
  std::string token;
  std::string csrf;
  bool send_csrf = true;

  Reply get(const std::string& path, httplib::Headers extra = {}) {
    return reply(http_.Get(path, with_session(std::move(extra))));
  }
  Reply post(const std::string& path, const std::string& body, const std::string& type = "application/json",
             httplib::Headers extra = {}) {
    return reply(http_.Post(path, with_session(std::move(extra)), body, type));
  }
  Reply patch(const std::string& path, const std::string& body, const std::string& type = "application/json") {
    return reply(http_.Patch(path, with_session({}), body, type));
  }
  Reply del(const std::string& path, const std::string& type = "application/json") {
    return reply(http_.Delete(path, with_session({}), std::string(), type));
  }

  // Signs in; on success keeps the new session's cookie and CSRF token.
  Reply sign_in(const std::string& name, const std::string& password = std::string(kPassword)) {
    Json body = {{"name", name}, {"password", password}};
    Reply r = post("/api/session", body.dump());
    if (r.status == 200) {
      const std::string c = r.header("Set-Cookie");
      const std::size_t eq = c.find('=');
      const std::size_t semi = c.find(';');
      if (c.rfind("chancery_session=", 0) == 0 && semi != std::string::npos) token = c.substr(eq + 1, semi - eq - 1);
      const Json j = r.json();
      if (j.contains("csrf") && j["csrf"].is_string()) csrf = j["csrf"].get<std::string>();
    }
    return r;
  }

 private:
  httplib::Headers with_session(httplib::Headers h) {
    if (!token.empty()) h.emplace("Cookie", "chancery_session=" + token);
    if (send_csrf && !csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    return h;
  }
  static Reply reply(const httplib::Result& r) {
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.body = r->body;
    out.headers = r->headers;
    return out;
  }

  httplib::Client http_;
};

// A client signed in as `name` (a test failure when it cannot be).
inline Client signed_in(int port, const std::string& name) {
  Client c(port);
  const Reply r = c.sign_in(name);
  EXPECT_EQ(r.status, 200) << "sign-in of " << name << ": " << r;
  return c;
}

// Percent-encodes a query parameter's value.
inline std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    }
  }
  return out;
}

}  // namespace chancery::server::test
