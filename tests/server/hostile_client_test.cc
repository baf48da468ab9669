// Hostile clients, over raw sockets: bodies and headers too large, clients
// too slow or silent, malformed HTTP, paths that try to climb out of the
// assets, cross-site requests, planted session tokens, password guessing,
// and thousands of connections dropped half-way. The server must answer
// 4xx or close, never crash nor hang, give back what each connection took,
// and go on answering.

#include <dirent.h>
#include <sys/stat.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "server/server_harness.h"

namespace chancery::server::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxBody = 4096;

Options hostile_options() {
  Options o = test_options();
  o.limits.max_body = kMaxBody;
  o.limits.request_time = std::chrono::seconds(2);
  o.limits.idle_time = std::chrono::seconds(1);
  return o;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::size_t open_fds() {
  std::size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d) != nullptr) ++n;
    ::closedir(d);
  }
  return n;
}

long rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

const std::string kAsk = "GET /api/session HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

class ServerHostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (world().ok()) server_ = RunningServer::start(hostile_options()).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(world().ok()) << world().error;
    ASSERT_NE(server_, nullptr);
  }
  // After every test: the server still answers.
  void TearDown() override {
    if (server_ != nullptr) {
      EXPECT_EQ(raw(port(), kAsk).status(), 200) << "the server no longer answers";
    }
  }
  int port() const { return server_->port(); }

  // The request was refused: a 4xx answer, or the connection closed with no
  // answer; never a 2xx, nor a 5xx, nor a connection left open.
  static void expect_refused(const RawReply& r, const std::string& what) {
    EXPECT_TRUE(r.closed) << what << ": the connection was left open";
    if (r.status() != 0) {
      EXPECT_GE(r.status(), 400) << what << ": " << r.bytes.substr(0, 300);
      EXPECT_LT(r.status(), 500) << what << ": " << r.bytes.substr(0, 300);
    }
  }

  static RunningServer* server_;
};
RunningServer* ServerHostile::server_ = nullptr;

// ---------------------------------------------------------------------------
// Sizes

TEST_F(ServerHostile, ABodyOverTheLimitIs413AndTheConnectionCloses) {
  const std::string body(kMaxBody * 3, 'a');
  const auto t = Clock::now();
  const RawReply r = raw(port(), "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                 "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                         5000ms);
  EXPECT_EQ(r.status(), 413) << r.bytes;
  EXPECT_NE(r.body().find("\"payload_too_large\""), std::string::npos) << r.bytes;
  EXPECT_TRUE(r.closed);
  EXPECT_LT(seconds_since(t), 3.0);
  // Announced but not sent: refused at once, without waiting for it.
  const RawReply announced = raw(port(), "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                         "Content-Length: 100000000\r\n\r\n",
                                 5000ms);
  EXPECT_EQ(announced.status(), 413) << announced.bytes;
  EXPECT_TRUE(announced.closed);
  // A body of exactly the limit is read (and answered on its merits).
  const std::string fits(kMaxBody, ' ');
  const RawReply ok = raw(port(), "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                  "Connection: close\r\nContent-Length: " + std::to_string(fits.size()) +
                                      "\r\n\r\n" + fits);
  EXPECT_EQ(ok.status(), 400) << ok.bytes;  // whitespace is no JSON object
}

TEST_F(ServerHostile, AChunkedBodyOverTheLimitIsRefused) {
  std::string req = "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 8; ++i) req += "400\r\n" + std::string(1024, 'a') + "\r\n";  // 8 KiB
  req += "0\r\n\r\n";
  const RawReply r = raw(port(), req, 5000ms);
  expect_refused(r, "chunked 8 KiB");
  EXPECT_NE(r.status(), 0) << "expected 413";
}

TEST_F(ServerHostile, AHeaderLineOver8KiBIsRefused) {
  const RawReply r = raw(port(), "GET /api/session HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(9000, 'a') +
                                     "\r\nConnection: close\r\n\r\n");
  expect_refused(r, "9000-byte header");
}

TEST_F(ServerHostile, ARequestLineOf100KiBIsRefused) {
  const RawReply r =
      raw(port(), "GET /api/search?q=" + std::string(100 * 1024, 'a') + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  expect_refused(r, "100 KiB request line");
}

// docs/api.md: "headers beyond 8 KiB [are refused] with 431/400". httplib
// bounds each header line (8 KiB), not their number: many short lines add
// up to any size, and each is kept in memory until the request_time
// deadline. A client on a fast link sends hundreds of MB within the 10 s
// default deadline.
// BUG (if this fails): src/server/http_server.cc, DeadlineStream: nothing
// bounds the bytes of one request's header block. Fix: count the bytes read
// since begin_request() and fail the read (-> 431/close) past a header
// budget (say 64 KiB) plus Limits::max_body.
TEST_F(ServerHostile, ManyHeaderLinesAddingUpToMegabytesAreRefused) {
  std::string req = "GET /api/session HTTP/1.1\r\nHost: t\r\nConnection: close\r\n";
  for (int i = 0; req.size() < 1024 * 1024; ++i) req += "X-Pad-" + std::to_string(i) + ": aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
  req += "\r\n";
  const RawReply r = raw(port(), req, 5000ms);
  expect_refused(r, "1 MiB of header lines");
  EXPECT_NE(r.status(), 200) << "a 1 MiB header block was accepted";
}

// ---------------------------------------------------------------------------
// Time

// A client that sends a byte every 500 ms stays within the idle limit (1 s)
// each time: only the request's deadline (2 s) can end it. The server must
// then close the connection; answering 400 and reading on (the bytes that
// follow as a new request, with a new deadline) lets a slow client hold a
// connection thread past the deadline (here: 400 at ~2 s, the bytes that
// follow read as the next request line until a second deadline, closed at
// ~4.5 s).
// BUG (if this fails with a 400 at ~2 s but the close later):
// src/server/http_server.cc, BoundedHttpServer::process_and_close_socket:
// the loop goes on after a request whose deadline expired (httplib answers
// 400 for the unfinished header and reports success). Fix: give
// DeadlineStream an expired() (now >= deadline_) and break out of the loop
// when it is true after process_request (also: after any 400 for an
// unparsable request, whose leftover bytes are no request).
TEST_F(ServerHostile, ASlowClientIsCutOffAtTheRequestDeadline) {
  const int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  const auto t = Clock::now();
  ASSERT_TRUE(send_all(fd, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  bool closed = false;
  std::string got;
  double answered = -1;
  while (!closed && seconds_since(t) < 10.0) {
    closed = closed_within(fd, 500ms, &got);
    if (answered < 0 && !got.empty()) answered = seconds_since(t);
    if (!closed && !send_all(fd, "a")) closed = true;
  }
  const double took = seconds_since(t);
  ::close(fd);
  EXPECT_TRUE(closed) << "still open after " << took << " s";
  EXPECT_GE(took, 1.5) << got;
  EXPECT_LE(took, 3.5) << "answered at " << answered << " s, closed at " << took << " s: " << got.substr(0, 200);
  if (!got.empty()) {
    EXPECT_EQ(got.rfind("HTTP/1.1 4", 0), 0U) << got;
    EXPECT_GE(answered, 1.5);
  }
}

TEST_F(ServerHostile, ASilentClientIsClosedAfterTheIdleTime) {
  const int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  const auto t = Clock::now();
  std::string got;
  const bool closed = closed_within(fd, 5000ms, &got);
  const double took = seconds_since(t);
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(got.empty()) << got;
  EXPECT_GE(took, 0.7);
  EXPECT_LE(took, 2.5);
}

TEST_F(ServerHostile, AClientThatStopsHalfWayIsClosedAfterTheIdleTime) {
  const int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  const auto t = Clock::now();
  ASSERT_TRUE(send_all(fd, "GET /api/session HTTP/1.1\r\nHo"));
  std::string got;
  const bool closed = closed_within(fd, 5000ms, &got);
  const double took = seconds_since(t);
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_GE(took, 0.7);
  EXPECT_LE(took, 2.5);
}

TEST_F(ServerHostile, AnIdleKeepAliveConnectionIsClosed) {
  const int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, "GET /api/session HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::string got;
  const auto t = Clock::now();
  const bool closed = closed_within(fd, 5000ms, &got);
  ::close(fd);
  EXPECT_EQ(got.rfind("HTTP/1.1 200", 0), 0U) << got;
  EXPECT_TRUE(closed);
  EXPECT_LE(seconds_since(t), 2.5);
}

// ---------------------------------------------------------------------------
// Malformed HTTP

TEST_F(ServerHostile, MalformedRequestsAreRefusedAndTheServerGoesOn) {
  std::mt19937 random(42);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xff);
  using namespace std::string_literals;
  // Each must get a 4xx or a closed connection.
  const std::vector<std::string> refused = {
      "GARBAGE\r\n\r\n",
      "GET / HTTP/9.9\r\n\r\n",
      "GET / HTTP/1.1 extra\r\nHost: t\r\n\r\n",
      "GET\r\n\r\n",
      "\r\n\r\n",
      " / HTTP/1.1\r\nHost: t\r\n\r\n",
      "GET /\0 HTTP/1.1\r\nHost: t\r\n\r\n"s,
      "\0\0\0\0\r\n\r\n"s,
      "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "ZZZ\r\nabc\r\n0\r\n\r\n",
      "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
      "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nab",
      "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
      "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Content-Length: 99999999999999999999999999\r\n\r\n{}",
      "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}",
      noise,
      "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"s + std::string(64, '\x01'),  // a TLS hello
  };
  // httplib reads these leniently (a header line without a colon, or with
  // a NUL in its value, is skipped or kept): any answer but a 5xx will do.
  const std::vector<std::string> tolerated = {
      "GET / HTTP/1.1\r\nHost t\r\nConnection: close\r\n\r\n",
      "GET / HTTP/1.1\r\n: empty-name\r\nConnection: close\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\0b\r\nConnection: close\r\n\r\n"s,
      "GET /%zz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
      "GET /api/cables/%ff%fe HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
  };
  // All at once (most wait out the idle time before the server closes).
  std::vector<std::string> all = refused;
  all.insert(all.end(), tolerated.begin(), tolerated.end());
  std::vector<RawReply> replies(all.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < all.size(); ++i) {
    threads.emplace_back([&replies, &all, i, this] { replies[i] = raw(port(), all[i], 5000ms); });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE("request " + std::to_string(i));
    if (i < refused.size()) {
      expect_refused(replies[i], "request " + std::to_string(i));
    } else {
      EXPECT_TRUE(replies[i].closed);
      EXPECT_LT(replies[i].status(), 500) << replies[i].bytes.substr(0, 200);
    }
  }
  EXPECT_EQ(raw(port(), kAsk).status(), 200);
}

// ---------------------------------------------------------------------------
// Paths

TEST_F(ServerHostile, PathsThatClimbOutOfTheAssetsAre404) {
  const std::string store_head = "SQLite format 3";
  for (const char* path :
       {"/assets/../../etc/passwd", "/assets/..%2f..%2fstore.sqlite", "/assets/%2e%2e/store.sqlite",
        "/assets/%2e%2e%2fstore.sqlite", "/assets/.hidden", "/../store.sqlite", "/assets/store.sqlite",
        "/assets/..", "/assets/.", "/assets/..%5cstore.sqlite", "/assets/....//store.sqlite", "/store.sqlite",
        "/archive/store.sqlite", "/assets//etc/passwd", "/assets/%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/index.html%00.js", "/api/../../store.sqlite", "/./store.sqlite"}) {
    SCOPED_TRACE(path);
    const RawReply r = raw(port(), std::string("GET ") + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(r.status() == 404 || r.status() == 400) << r.bytes.substr(0, 200);
    EXPECT_EQ(r.bytes.find(store_head), std::string::npos);
    EXPECT_EQ(r.bytes.find("root:"), std::string::npos);
  }
}

// With --web-root: only regular files directly in the directory, by plain
// names; no symbolic link, no dot file, no subdirectory, nothing above it.
TEST_F(ServerHostile, AWebRootServesOnlyItsOwnPlainFiles) {
  const fs::path root = world().tmp.path() / "web-root";
  fs::create_directories(root / "sub");
  archive::test_util::write_file(root / "index.html", "<!doctype html><title>t</title>");
  archive::test_util::write_file(root / "app.js", "console.log(1);");
  archive::test_util::write_file(root / ".hidden", "hidden");
  archive::test_util::write_file(root / "sub" / "x.js", "sub");
  std::error_code ec;
  fs::create_symlink(world().dir / "store.sqlite", root / "link.js", ec);
  ASSERT_FALSE(ec) << ec.message();
  Options o = hostile_options();
  o.web_root = root;
  std::unique_ptr<RunningServer> s = RunningServer::start(o);
  ASSERT_NE(s, nullptr);
  auto get = [&](const std::string& path) {
    return raw(s->port(), "GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  };
  EXPECT_EQ(get("/assets/app.js").status(), 200);
  EXPECT_EQ(get("/assets/app.js").body(), "console.log(1);");
  EXPECT_EQ(get("/").status(), 200);
  for (const char* path : {"/assets/link.js", "/assets/.hidden", "/assets/sub/x.js", "/assets/sub%2fx.js", "/assets/sub",
                           "/assets/..%2farchive%2fstore.sqlite", "/assets/%2e%2e/archive/store.sqlite",
                           "/assets/../archive/store.sqlite", "/assets/%2fetc%2fpasswd"}) {
    SCOPED_TRACE(path);
    const RawReply r = get(path);
    EXPECT_TRUE(r.status() == 404 || r.status() == 400) << r.bytes.substr(0, 200);
    EXPECT_EQ(r.bytes.find("SQLite format 3"), std::string::npos);
    EXPECT_EQ(r.bytes.find("hidden\n"), std::string::npos);
  }
  // The OpenAPI document is always the built-in one.
  EXPECT_EQ(get("/api/openapi.json").status(), 200);
}

// ---------------------------------------------------------------------------
// Sessions

TEST_F(ServerHostile, CrossSiteWritesAreRefused) {
  Client admin = signed_in(port(), "admin");
  const std::string body = R"({"name": "cross-site", "password": "p", "role": "admin"})";
  admin.send_csrf = false;
  Reply r = admin.post("/api/users", body);
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(r.error_code(), "csrf");
  admin.send_csrf = true;
  for (const char* type : {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", ""}) {
    SCOPED_TRACE(type);
    r = admin.post("/api/users", body, type);
    EXPECT_EQ(r.status, 403) << r;
    EXPECT_EQ(r.error_code(), "csrf");
  }
  // Raw, as a form would send it with the cookie.
  const RawReply form = raw(port(), "POST /api/users HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                                    "Cookie: chancery_session=" + admin.token + "\r\n"
                                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 26\r\n\r\n"
                                    "name=cross-site&password=p");
  EXPECT_EQ(form.status(), 403) << form.bytes;
  // A multipart form (httplib parses it first; a malformed one is 400).
  const std::string multipart = "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ncross-site\r\n--x--\r\n";
  r = admin.post("/api/users", multipart, "multipart/form-data; boundary=x");
  EXPECT_EQ(r.status, 403) << r;
  r = admin.post("/api/users", "garbage", "multipart/form-data; boundary=x");
  EXPECT_TRUE(r.status == 403 || r.status == 400) << r;
  for (const Json& u : Json(admin.get("/api/users").json()["users"])) {
    EXPECT_NE(u["name"], "cross-site");
  }
}

TEST_F(ServerHostile, APlantedSessionTokenIsWorthNothing) {
  const std::string planted = "AttackerChosenTokenAttackerChosenToken12345";  // 43 characters
  ASSERT_EQ(planted.size(), 43U);
  Client victim(port());
  victim.token = planted;
  const Reply in = victim.sign_in("secret");
  ASSERT_EQ(in.status, 200) << in;
  EXPECT_NE(victim.token, planted);
  EXPECT_EQ(in.header("Set-Cookie").find(planted), std::string::npos);
  EXPECT_EQ(victim.get("/api/stats").status, 200);
  // The attacker, with the planted value, is nobody.
  Client attacker(port());
  attacker.token = planted;
  EXPECT_TRUE(attacker.get("/api/session").json()["user"].is_null());
  EXPECT_EQ(attacker.get("/api/stats").status, 401);
  // Cookies of other shapes are nobody's either.
  for (const std::string& token : std::vector<std::string>{std::string(), std::string(43, 'A'), std::string(200, 'A'), std::string("a;b"),
                                  victim.token + "x", victim.token.substr(1)}) {
    Client c(port());
    c.token = token;
    EXPECT_EQ(c.get("/api/stats").status, 401) << token;
  }
  // A second chancery_session cookie in the header does not confuse it.
  const RawReply two = raw(port(), "GET /api/stats HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                                   "Cookie: chancery_session=" + planted + "; other=1\r\n\r\n");
  EXPECT_EQ(two.status(), 401) << two.bytes;
}

TEST_F(ServerHostile, EachSignInMakesItsOwnSession) {
  Client a = signed_in(port(), "secret");
  Client b = signed_in(port(), "secret");
  ASSERT_FALSE(a.token.empty());
  EXPECT_NE(a.token, b.token);
  EXPECT_NE(a.csrf, b.csrf);
  EXPECT_EQ(a.get("/api/stats").status, 200);
  EXPECT_EQ(b.get("/api/stats").status, 200);
  // b's CSRF token is not a's.
  Client mixed(port());
  mixed.token = a.token;
  mixed.csrf = b.csrf;
  EXPECT_EQ(mixed.del("/api/session").status, 403);
  // Signing in again from a's browser ends a's old session, not b's.
  const std::string old = a.token;
  ASSERT_EQ(a.sign_in("secret").status, 200);
  EXPECT_NE(a.token, old);
  Client stale(port());
  stale.token = old;
  EXPECT_EQ(stale.get("/api/stats").status, 401);
  EXPECT_EQ(b.get("/api/stats").status, 200);
  // b signs out; a goes on.
  EXPECT_EQ(b.del("/api/session").status, 204);
  EXPECT_EQ(b.get("/api/stats").status, 401);
  EXPECT_EQ(a.get("/api/stats").status, 200);
}

TEST_F(ServerHostile, FiveWrongPasswordsCloseTheAccount) {
  Result<users::UserStore> store = users::UserStore::open(world().dir, users::PasswordCost::minimum());
  ASSERT_TRUE(store.has_value());
  users::User u;
  u.name = "guessed-at";
  ASSERT_TRUE(store->add(u, kPassword).has_value());
  Client c(port());
  for (int i = 0; i < 5; ++i) {
    const Reply r = c.sign_in("guessed-at", "guess " + std::to_string(i));
    EXPECT_EQ(r.status, 401) << i << ": " << r;
  }
  // The sixth, even with the right password.
  const Reply r = c.sign_in("guessed-at");
  EXPECT_EQ(r.status, 429) << r;
  EXPECT_EQ(r.error_code(), "too_many_requests");
  EXPECT_FALSE(r.has_header("Set-Cookie"));
  const std::string after = r.header("Retry-After");
  ASSERT_FALSE(after.empty());
  EXPECT_GE(std::atoi(after.c_str()), 850) << after;  // 15 minutes less the few seconds just spent
  EXPECT_LE(std::atoi(after.c_str()), 900) << after;
  EXPECT_TRUE(c.token.empty());
  // Names that do not exist are closed the same way (no telling them apart).
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(c.sign_in("no-such-name", "x").status, 401);
  }
  EXPECT_EQ(c.sign_in("no-such-name", "x").status, 429);
  // Other accounts are not.
  EXPECT_EQ(Client(port()).sign_in("secret").status, 200);
}

TEST_F(ServerHostile, FailuresFromOneAddressCloseItForEveryAccount) {
  Options o = hostile_options();
  o.sessions.failures_per_address = 3;
  std::unique_ptr<RunningServer> s = RunningServer::start(o);
  ASSERT_NE(s, nullptr);
  Client c(s->port());
  for (const char* name : {"guess-a", "guess-b", "conf"}) {
    EXPECT_EQ(c.sign_in(name, "wrong").status, 401) << name;
  }
  const Reply r = c.sign_in("secret");
  EXPECT_EQ(r.status, 429) << r;
  EXPECT_FALSE(r.header("Retry-After").empty());
}

// ---------------------------------------------------------------------------
// Many connections

// Connections opened and dropped, some half-way through a request: each
// one's thread and descriptor come back. httplib listens with a backlog of
// 5 (compiled in), so a client that connects faster than the server
// accepts loses SYNs and waits a second for each retry; every fourth
// connection here is a whole request, which the server answers only after
// accepting the ones before it, so the queue never overflows.
TEST_F(ServerHostile, TenThousandDroppedConnectionsGiveBackTheirResources) {
  const int count = ::chancery::test::sanitized() ? 3000 : 10000;
  // The baseline once earlier connections have closed (idle time 1 s).
  ASSERT_EQ(raw(port(), kAsk).status(), 200);
  std::this_thread::sleep_for(1500ms);
  const std::size_t fds_before = open_fds();
  const long rss_before = rss_kib();
  const auto t = Clock::now();
  int failed = 0, answered = 0;
  for (int i = 0; i < count; ++i) {
    if (i % 4 == 3) {
      answered += raw(port(), kAsk).status() == 200;
      continue;
    }
    const int fd = connect_to(port());
    if (fd < 0) {
      ++failed;
      continue;
    }
    if (i % 4 == 1) send_all(fd, "GET /api/sess");
    if (i % 40 == 2) send_all(fd, "POST /api/session HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{\"na");
    ::close(fd);
  }
  const double took = seconds_since(t);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(answered, count / 4);
  // Every connection's thread finishes and closes its socket.
  std::size_t fds_after = open_fds();
  for (int i = 0; i < 50 && fds_after > fds_before + 4; ++i) {
    std::this_thread::sleep_for(100ms);
    fds_after = open_fds();
  }
  EXPECT_LE(fds_after, fds_before + 4) << "descriptors before " << fds_before << ", after " << fds_after;
  const long rss_after = rss_kib();
  // Sanitizers hold freed memory in quarantine: only a loose bound there.
  const long allowed_kib = ::chancery::test::sanitized() ? 300 * 1024 : 20 * 1024;
  EXPECT_LT(rss_after - rss_before, allowed_kib) << "RSS " << rss_before << " KiB -> " << rss_after << " KiB";
  EXPECT_EQ(raw(port(), kAsk).status(), 200);
  std::printf("[ info ] %d connections in %.2f s; fds %zu -> %zu; RSS %ld -> %ld KiB\n", count, took, fds_before,
              fds_after, rss_before, rss_after);
}

// A browser opens up to six connections at once, a busy page more; 32
// clients connecting together must all get through at once.
// BUG (if this fails with connects of ~1 s): httplib listens with a
// backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's
// libcpp-httplib), so the kernel drops the SYNs beyond it and each client
// waits a second (then 3, 7...) to retry; a flood of connections keeps
// every other client out. Fix: src/server/server.cc, Server::create: pass
// http.set_socket_options() a callback that keeps the listening socket's fd
// (and sets SO_REUSEADDR as httplib's default does), then after
// bind_to_port()/bind_to_any_port() call ::listen(fd, SOMAXCONN): Linux
// raises the backlog of a socket already listening.
TEST_F(ServerHostile, ABurstOfConnectionsIsAcceptedAtOnce) {
  constexpr int kClients = 32;
  std::vector<int> fds;
  const auto t = Clock::now();
  for (int i = 0; i < kClients; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));  // EINPROGRESS
    fds.push_back(fd);
  }
  int connected = 0;
  for (const int fd : fds) {
    pollfd p{.fd = fd, .events = POLLOUT, .revents = 0};
    const auto left = 500ms - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t);
    if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 0))) == 1 && (p.revents & POLLOUT)) ++connected;
  }
  for (const int fd : fds) ::close(fd);
  EXPECT_EQ(connected, kClients) << "connected within 500 ms";
}

}  // namespace
}  // namespace chancery::server::test
