// chancery gen: writes synthetic cables drawn from seed cables, in any input
// format, at any scale (benchmarks, tests, demos). The work is the library's
// (chancery/gen.h); this file reads options and reports.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/gen.h"

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"

namespace chancery::cli {
namespace {

struct GenOptions {
  std::vector<std::string> seeds;
  std::uint64_t count = 1000;
  std::string format;
  std::string out;
  std::uint64_t random_seed = 1;
  double versions_percent = 1.0;
  bool verbose = false;
};

constexpr const char* kFormatNames = "csv, html, telegram, plain, jsonl";

int run_gen(const GenOptions& options) {
  const std::optional<gen::OutputFormat> format = gen::output_format_from_name(options.format);
  if (!format) {
    print_error(Error{.code = Errc::kInvalidInput,
                      .message = fmt::format("unknown format '{}'", options.format),
                      .hint = std::string("use one of ") + kFormatNames});
    return kExitUsage;
  }
  const bool stream = *format == gen::OutputFormat::kCsv || *format == gen::OutputFormat::kJsonl;
  if (options.out == "-" && !stream) {
    print_error(Error{.code = Errc::kInvalidInput,
                      .message = fmt::format("--format {} writes a directory, not standard output",
                                             options.format),
                      .hint = "give --out DIR, or use --format csv or jsonl with --out -"});
    return kExitUsage;
  }

  const auto start = std::chrono::steady_clock::now();
  Result<gen::Seed> seed = gen::Seed::load(options.seeds);
  if (!seed) {
    print_error(seed.error());
    return exit_code_for(seed.error().code);
  }
  const gen::Options gen_options{.count = options.count,
                                 .random_seed = options.random_seed,
                                 .versions_percent = options.versions_percent};
  Result<gen::WriteSummary> written = gen::WriteSummary{};
  int exit_code = kExitOk;
  if (options.out == "-") {
    written = gen::write_stream(*seed, gen_options, *format, [&](std::string_view bytes) {
      switch (write_all(STDOUT_FILENO, bytes)) {
        case WriteStatus::kOk:
          return true;
        case WriteStatus::kClosed:  // `chancery gen ... --out - | head`: a quiet end
          return false;
        case WriteStatus::kFailed:
          print_error(Error{.code = Errc::kIo,
                            .message = fmt::format("cannot write: {}", std::strerror(errno)),
                            .where = "standard output"});
          exit_code = exit_code_for(Errc::kIo);
          return false;
      }
      return false;
    });
  } else {
    written = gen::write_corpus(*seed, gen_options, *format, options.out);
  }
  if (!written) {
    print_error(written.error());
    return exit_code_for(written.error().code);
  }
  if (options.verbose) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    (void)write_all(STDERR_FILENO,
                    fmt::format("chancery: seed: {} cables ({} records skipped), {} stations, {} "
                                "paragraphs; wrote {} cables, {:.1f} MiB in {:.2f} s\n",
                                seed->cables(), seed->skipped(), seed->stations(),
                                seed->paragraphs(), written->cables,
                                static_cast<double>(written->bytes) / (1024.0 * 1024.0), seconds));
  }
  return exit_code;
}

}  // namespace

void register_gen(CLI::App& app, Run& run) {
  auto options = std::make_shared<GenOptions>();
  CLI::App* sub = app.add_subcommand(
      "gen", "Write synthetic cables drawn from seed cables, in any input format");
  sub->add_option("--seed", options->seeds,
                  "Seed cables: files or directories in any format chancery parse reads "
                  "(compressed too); paragraphs, subjects, tags, addressees and stations are "
                  "drawn from them")
      ->type_name("PATH")
      ->required()
      ->expected(1, -1);
  sub->add_option("-n,--count", options->count,
                  "Cables to write, new versions and same-id pairs included")
      ->type_name("N")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  sub->add_option("-f,--format", options->format, std::string("Output format: ") + kFormatNames)
      ->type_name("FORMAT")
      ->required()
      ->check(CLI::IsMember({"csv", "html", "telegram", "plain", "jsonl"}));
  sub->add_option("-o,--out", options->out,
                  "Output: a file for csv and jsonl ('-' is standard output), a directory for "
                  "html (OUT/cable/YYYY/MM/ID.html), telegram and plain (OUT/ID.txt)")
      ->type_name("PATH")
      ->required();
  sub->add_option("--random-seed", options->random_seed,
                  "Seed of the generator: the same seed and seed cables give the same bytes")
      ->type_name("S")
      ->capture_default_str();
  sub->add_option("--versions-percent", options->versions_percent,
                  "Share of cables written again later as a new version (one paragraph changed)")
      ->type_name("P")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 100.0));
  sub->add_flag("-v,--verbose", options->verbose,
                "Print what the seed held and what was written, with the time, to standard error");
  sub->footer(
      "Exit codes: 0 written; 1 a seed or the output could not be read or written, or the seed "
      "holds no cable; 2 usage error; 70 internal error.");
  sub->callback([options, &run] { run = [options] { return run_gen(*options); }; });
}

}  // namespace chancery::cli
