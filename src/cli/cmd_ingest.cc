// chancery ingest PATH...: files cables into the archive.
//
// On a terminal, standard error shows a progress bar with rate and ETA; the
// summary (new, new versions, unchanged, failed) and every failure with its
// file and line are printed at the end. --log-commits prints each cable as
// soon as the store has committed it (what survives a crash).

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"
#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/inputs.h"
#include "cli/output.h"

namespace chancery::cli {
namespace {

struct IngestCliOptions {
  std::string archive;
  std::vector<std::string> paths;
  std::string format = "auto";
  unsigned threads = 0;
  std::size_t batch = archive::IngestOptions{}.batch;
  bool log_commits = false;
  bool quiet = false;
};

std::string mib(std::uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

class ProgressBar {
 public:
  ProgressBar() : start_(std::chrono::steady_clock::now()), enabled_(::isatty(STDERR_FILENO) != 0) {}

  void update(const archive::IngestProgress& p) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(p.bytes_read) / seconds : 0;
    std::string line;
    if (p.bytes_total > 0) {
      const double done = std::min(1.0, static_cast<double>(p.bytes_read) /
                                            static_cast<double>(p.bytes_total));
      const int width = 30;
      const int filled = static_cast<int>(done * width);
      const double eta = rate > 0 ? static_cast<double>(p.bytes_total - std::min(p.bytes_total, p.bytes_read)) / rate : 0;
      line = fmt::format("\r[{}{}] {:3.0f}%  {} cables  {}/s  ETA {:02}:{:02}  ",
                         std::string(filled, '#'), std::string(width - filled, ' '), done * 100,
                         p.cables, mib(static_cast<std::uint64_t>(rate)),
                         static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    } else {
      line = fmt::format("\r{} cables  {}  {}/s  ", p.cables, mib(p.bytes_read),
                         mib(static_cast<std::uint64_t>(rate)));
    }
    (void)write_all(STDERR_FILENO, line);
    drawn_ = true;
  }

  void clear() {
    if (drawn_) (void)write_all(STDERR_FILENO, "\r\x1b[K");
  }

 private:
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
  bool enabled_;
  bool drawn_ = false;
};

std::vector<archive::IngestInput> to_ingest_inputs(const std::vector<Input>& inputs) {
  std::vector<archive::IngestInput> out;
  for (const Input& input : inputs) {
    archive::IngestInput in;
    in.name = input.name;
    struct stat st {};
    if (input.name != "-" && ::stat(input.name.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      in.size = static_cast<std::uint64_t>(st.st_size);
    }
    if (input.error) {
      in.open = [error = *input.error]() -> Result<std::unique_ptr<ByteSource>> { return error; };
    } else if (input.name == "-") {
      in.open = []() -> Result<std::unique_ptr<ByteSource>> { return open_stdin(); };
    } else {
      in.open = [name = input.name] { return open_file(name); };
    }
    out.push_back(std::move(in));
  }
  return out;
}

int run_ingest(const IngestCliOptions& o) {
  const std::optional<parse::Format> format = parse::format_from_name(o.format);
  if (!format) {
    print_error(Error{.code = Errc::kInvalidInput, .message = "unknown format '" + o.format + "'"});
    return kExitUsage;
  }
  std::vector<std::string> paths = o.paths;
  if (paths.empty()) {
    if (::isatty(STDIN_FILENO) != 0) {
      print_error(Error{.code = Errc::kInvalidInput,
                        .message = "no input given",
                        .hint = "name files or directories, or '-' to read standard input"});
      return kExitUsage;
    }
    paths.emplace_back("-");
  }
  Result<archive::Archive> opened = open_archive(o.archive, false);
  if (!opened) {
    print_error(opened.error());
    return exit_code_for(opened.error().code);
  }
  ProgressBar bar;
  archive::IngestOptions options;
  options.format = *format;
  options.threads = o.threads;
  options.batch = o.batch;
  options.on_progress = [&bar, quiet = o.quiet](const archive::IngestProgress& p) {
    if (!quiet) bar.update(p);
  };
  if (o.log_commits) {
    options.on_commit = [](const std::vector<archive::Committed>& cables) {
      std::string out;
      for (const archive::Committed& c : cables) {
        out += fmt::format("committed\t{}\t{}\t{}\n", c.id, c.origin, c.version);
      }
      (void)write_all(STDOUT_FILENO, out);
    };
  }
  Result<archive::IngestReport> report = opened->ingest(to_ingest_inputs(expand_inputs(paths)), options);
  bar.clear();
  if (!report) {
    print_error(report.error());
    return exit_code_for(report.error().code);
  }
  int code = kExitOk;
  if (!o.quiet) {
    for (const Error& failure : report->failures) print_error(failure);
  }
  for (const Error& failure : report->failures) {
    code = worse_exit_code(code, exit_code_for(failure.code));
  }
  const double rate =
      report->seconds > 0 ? static_cast<double>(report->bytes) / report->seconds : 0;
  (void)write_all(
      o.log_commits ? STDERR_FILENO : STDOUT_FILENO,
      fmt::format("ingested {} cables: {} new, {} new versions, {} unchanged, {} failed "
                  "({} in {:.1f} s, {}/s)\n",
                  report->added + report->new_versions + report->unchanged, report->added,
                  report->new_versions, report->unchanged, report->failed, mib(report->bytes),
                  report->seconds, mib(static_cast<std::uint64_t>(rate))));
  return code;
}

}  // namespace

void register_ingest(CLI::App& app, Run& run) {
  auto o = std::make_shared<IngestCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "ingest",
      "File cables into the archive: files, directories (recursively), cables.csv, "
      ".gz/.bz2/.zst streams, or '-' for standard input");
  add_archive_option(*sub, o->archive);
  sub->add_option("paths", o->paths, "Inputs")->type_name("PATH");
  sub->add_option("-f,--format", o->format, "Input format (default: detected for each input)")
      ->type_name("FORMAT")
      ->capture_default_str();
  sub->add_option("-t,--threads", o->threads, "Parsing threads (default: one per processor)")
      ->type_name("N")
      ->check(CLI::Range(0u, 256u));
  sub->add_option("--batch", o->batch,
                  "Cables per store transaction (bigger is faster; a crash loses at most one)")
      ->type_name("N")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  sub->add_flag("--log-commits", o->log_commits,
                "Print 'committed ID ORIGIN VERSION' for each cable once it is durable");
  sub->add_flag("-q,--quiet", o->quiet, "No progress bar and no failure messages");
  sub->callback([&run, o] { run = [o] { return run_ingest(*o); }; });
}

}  // namespace chancery::cli
