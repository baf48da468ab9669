// Server: the archive, the HTTP server, and the wiring between them.

#include "chancery/server.h"

#include <sys/socket.h>

#include <csignal>
#include <ctime>
#include <regex>
#include <thread>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "server/context.h"
#include "server/http_server.h"
#include "server/routes.h"

namespace chancery::server {
namespace {

using httplib::Request;
using httplib::Response;

thread_local Clock::time_point t_started;

// The API's paths, whatever the method: a request for one of them with a
// method it does not take is 405, anything else under /api/ is 404.
const std::vector<std::regex>& api_paths() {
  static const std::vector<std::regex> paths = [] {
    std::vector<std::regex> p;
    for (const char* s : {"/api/session", "/api/search", "/api/timeline", "/api/stats", "/api/cables/[^/]+",
                          "/api/cables/[^/]+/(versions|diff|refs|graph)", "/api/users", "/api/users/[^/]+",
                          "/api/audit", "/api/audit/verify", "/api/openapi.json", "/api/directory", "/api/tags",
                          "/api/drafts", "/api/drafts/[^/]+", "/api/drafts/[^/]+/send", "/api/inbox",
                          "/api/inbox/[^/]+/read"}) {
      p.emplace_back(s);
    }
    return p;
  }();
  return paths;
}

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/api"; }

// Fills in the body of an error answer that has none (httplib's own: a
// malformed request, a body too large, no route).
httplib::Server::HandlerResponse on_error(const Request& req, Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  HttpError e{res.status, "bad_request", "bad request", ""};
  switch (res.status) {
    case 404: {
      e = {404, "not_found", "no such resource", ""};
      if (is_api(req.path)) {
        for (const std::regex& r : api_paths()) {
          if (std::regex_match(req.path, r)) e = {405, "method_not_allowed", "method not allowed here", ""};
        }
      }
      break;
    }
    case 413: e = {413, "payload_too_large", "the request body is too large", ""}; break;
    case 414: e = {414, "bad_request", "the request line is too long", ""}; break;
    case 431: e = {431, "bad_request", "the request headers are too large", ""}; break;
    case 500: e = {500, "internal", "internal error", ""}; break;
    case 503: e = {503, "unavailable", "unavailable", ""}; break;
    default: break;
  }
  if (is_api(req.path) || e.status != 404) {
    send_error(res, e);
  } else {
    res.set_content("not found\n", "text/plain; charset=utf-8");
  }
  res.status = e.status;
  return httplib::Server::HandlerResponse::Handled;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// One JSON line per request. The path is logged without its query string
// (a search may be sensitive), the caller by name.
std::string access_line(const Request& req, const Response& res) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t_started).count();
  std::string line;
  json::Writer w(line);
  w.begin_object();
  w.key_literal("time").value(utc_now());
  w.key_literal("remote").value(req.remote_addr);
  w.key_literal("method").value(req.method);
  w.key_literal("path").value(req.path);
  w.key_literal("status").value(res.status);
  w.key_literal("bytes").value(static_cast<std::int64_t>(res.body.size()));
  w.key_literal("ms").value(static_cast<double>(us) / 1000.0);
  w.key_literal("user").value(noted_caller());
  w.end_object();
  return line;
}

Result<void> check(const Options& o) {
  auto bad = [](std::string m) { return Error{.code = Errc::kInvalidInput, .message = std::move(m)}; };
  if (o.port < 0 || o.port > 65535) return bad("the port must be 0-65535");
  if (o.tls_cert.empty() != o.tls_key.empty()) return bad("--tls-cert and --tls-key go together");
  if (!o.as_of.empty() && (o.as_of.size() != 10 || o.as_of[4] != '-' || o.as_of[7] != '-'))
    return bad("--as-of must be YYYY-MM-DD");
  if (!o.web_root.empty() && !std::filesystem::is_directory(o.web_root))
    return bad(fmt::format("--web-root {}: not a directory", o.web_root.string()));
  if (o.limits.connection_threads == 0) return bad("at least one connection thread");
  return {};
}

}  // namespace

struct Server::Impl {
  explicit Impl(const Options& o) : state(o) {}

  State state;
  std::unique_ptr<httplib::Server> http;
  int port = 0;
};

Result<std::unique_ptr<Server>> Server::create(const Options& options) {
  if (Result<void> r = check(options); !r) return r.error();
  // Catch the index up once (a crash may have left it behind); the pool's
  // handles then only read, and this handle indexes what sends file.
  Result<archive::Archive> writable = archive::Archive::open(options.archive);
  if (!writable) return writable.error();
  auto impl = std::make_unique<Impl>(options);
  State& state = impl->state;
  state.indexer = std::make_unique<archive::Archive>(std::move(writable).value());
  unsigned handles = options.limits.archive_handles;
  if (handles == 0) handles = std::max(2u, std::thread::hardware_concurrency());
  Result<std::unique_ptr<ArchivePool>> pool = ArchivePool::open(
      options.archive, handles,
      options.weak_password_hashing ? users::PasswordCost::minimum() : users::PasswordCost::interactive());
  if (!pool) return pool.error();
  state.pool = std::move(pool).value();

  const Limits& l = options.limits;
  if (state.tls) {
    auto tls = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!tls->is_valid())
      return Error{.code = Errc::kInvalidInput, .message = "cannot load the TLS certificate or key"};
    impl->http = std::move(tls);
  } else {
    impl->http = std::make_unique<BoundedHttpServer>(StreamLimits{
        .request_time = l.request_time, .idle_time = l.idle_time, .write_time = l.write_time,
        .keep_alive_requests = l.keep_alive_requests, .max_request_bytes = 64 * 1024 + l.max_body});
  }
  httplib::Server& http = *impl->http;
  const unsigned threads = l.connection_threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_read_timeout(l.idle_time);
  http.set_write_timeout(l.write_time);
  http.set_keep_alive_timeout(l.idle_time.count());
  http.set_keep_alive_max_count(l.keep_alive_requests);
  http.set_payload_max_length(l.max_body);
  http.set_tcp_nodelay(true);
  http.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"},
  });
  http.set_pre_routing_handler([](const Request&, Response&) {
    t_started = Clock::now();
    note_caller("");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_error_handler(httplib::Server::HandlerWithResponse(on_error));
  http.set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "chancery serve: internal error: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "chancery serve: internal error\n");
    }
    res.body.clear();
    send_error(res, {500, "internal", "internal error", ""});
  });
  if (options.access_log) {
    http.set_logger([log = options.access_log](const Request& req, const Response& res) {
      log(access_line(req, res));
    });
  }
  add_session_routes(http, state);
  add_read_routes(http, state);
  add_admin_routes(http, state);
  add_post_routes(http, state);
  add_static_routes(http, state);

  ::signal(SIGPIPE, SIG_IGN);  // a client that goes away is an error return, not a signal
  // Debian's compiled httplib listens with a backlog of 5: a burst of
  // connections would be refused and retried a second later. The listening
  // socket is caught here and given the system's maximum after binding.
  auto listening = std::make_shared<int>(-1);
  http.set_socket_options([listening](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listening = sock;
  });
  if (options.port == 0) {
    impl->port = http.bind_to_any_port(options.host);
  } else if (http.bind_to_port(options.host, options.port)) {
    impl->port = options.port;
  } else {
    impl->port = -1;
  }
  if (impl->port > 0 && *listening >= 0) ::listen(*listening, SOMAXCONN);
  if (impl->port <= 0) {
    return Error{.code = Errc::kUnavailable,
                 .message = fmt::format("cannot listen on {}:{}", options.host, options.port),
                 .hint = "is another server using the port? try --listen 127.0.0.1:0"};
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string host = impl_->state.options.host.find(':') != std::string::npos
                               ? "[" + impl_->state.options.host + "]"
                               : impl_->state.options.host;
  return fmt::format("{}://{}:{}", impl_->state.tls ? "https" : "http", host, impl_->port);
}

Result<void> Server::run() {
  if (!impl_->http->listen_after_bind() && impl_->http->is_running())
    return Error{.code = Errc::kIo, .message = "the server stopped on an error"};
  return {};
}

void Server::stop() { impl_->http->stop(); }

}  // namespace chancery::server
