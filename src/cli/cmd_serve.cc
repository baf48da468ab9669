// chancery serve: the archive on the network (the JSON API and the web UI;
// docs/api.md, docs/server.md) until SIGTERM or SIGINT, which stop it
// gracefully: no new connections, requests in flight are answered.

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/server.h"
#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"

namespace chancery::cli {
namespace {

struct ServeOptions {
  std::string archive;
  std::string listen = "127.0.0.1:8080";
  bool reading_room = false;
  std::string tls_cert;
  std::string tls_key;
  std::string web_root;
  std::string as_of;
  unsigned threads = 128;
  unsigned handles = 0;
  std::size_t cached = 4096;
  std::size_t max_body = 64 * 1024;
  unsigned request_seconds = 10;
  bool quiet = false;
};

// "host:port", "[v6]:port" or ":port" (all interfaces).
Result<void> split_listen(const std::string& s, std::string& host, int& port) {
  const std::size_t colon = s.rfind(':');
  Error bad{.code = Errc::kInvalidInput, .message = fmt::format("--listen {}: expected HOST:PORT", s)};
  if (colon == std::string::npos) return bad;
  host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  try {
    std::size_t used = 0;
    port = std::stoi(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1 || port < 0 || port > 65535) return bad;
  } catch (const std::exception&) {
    return bad;
  }
  return {};
}

int run_serve(const ServeOptions& o) {
  server::Options options;
  options.archive = o.archive;
  if (Result<void> r = split_listen(o.listen, options.host, options.port); !r) {
    print_error(r.error());
    return kExitUsage;
  }
  options.reading_room = o.reading_room;
  options.tls_cert = o.tls_cert;
  options.tls_key = o.tls_key;
  options.web_root = o.web_root;
  options.as_of = o.as_of;
  options.limits.connection_threads = o.threads;
  options.limits.archive_handles = o.handles;
  options.limits.cached_answers = o.cached;
  options.limits.max_body = o.max_body;
  options.limits.request_time = std::chrono::seconds(o.request_seconds);
  if (!o.quiet) {
    auto mu = std::make_shared<std::mutex>();
    options.access_log = [mu](const std::string& line) {
      std::lock_guard lock(*mu);
      std::fprintf(stderr, "%s\n", line.c_str());
    };
  }
  // SIGTERM and SIGINT are taken by a thread of their own (sigwait), so that
  // stopping is ordinary code rather than a signal handler. They are blocked
  // before any thread starts, so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Result<std::unique_ptr<server::Server>> server = server::Server::create(options);
  if (!server) {
    print_error(server.error());
    return server.error().code == Errc::kInvalidInput ? kExitUsage : kExitDataError;
  }
  std::string ready = fmt::format("listening on {}\n", (*server)->url());
  (void)write_all(STDOUT_FILENO, ready);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    (*server)->stop();
  });
  Result<void> ran = (*server)->run();
  // The waiter may still be waiting (the server stopped for another reason).
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!ran) {
    print_error(ran.error());
    return kExitDataError;
  }
  return kExitOk;
}

}  // namespace

void register_serve(CLI::App& app, Run& run) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* sub = app.add_subcommand("serve", "Serve the archive: the JSON API and the web UI");
  add_archive_option(*sub, options->archive);
  sub->add_option("--listen", options->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  sub->add_flag("--reading-room", options->reading_room,
                "Let anonymous visitors in, to the declassified view only");
  sub->add_option("--tls-cert", options->tls_cert, "PEM certificate: serve HTTPS")->check(CLI::ExistingFile);
  sub->add_option("--tls-key", options->tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  sub->add_option("--web-root", options->web_root, "Serve the web UI from this directory (UI development)")
      ->check(CLI::ExistingDirectory);
  sub->add_option("--as-of", options->as_of, "The declassification clock, YYYY-MM-DD (default: today)");
  sub->add_option("--threads", options->threads, "Connections served at once")->capture_default_str();
  sub->add_option("--archive-handles", options->handles, "Archive reads at once (0: one per core)")
      ->capture_default_str();
  sub->add_option("--cached-answers", options->cached,
                  "Search answers kept for repeated queries (0: none; each is keyed by the reader's "
                  "standing and re-audited when served)")
      ->capture_default_str();
  sub->add_option("--max-body", options->max_body, "Largest request body, bytes")->capture_default_str();
  sub->add_option("--request-timeout", options->request_seconds, "Seconds a request may take to arrive")
      ->capture_default_str();
  sub->add_flag("-q,--quiet", options->quiet, "No access log (it goes to standard error)");
  sub->callback([options, &run] { run = [options] { return run_serve(*options); }; });
}

}  // namespace chancery::cli
