// chancery reindex: rebuilds the search index from the store;
// chancery check: verifies the store and that the index matches it;
// chancery compact: rewrites the index and the store at their smallest.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"
#include "cli/archive_option.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"

namespace chancery::cli {

void register_reindex(CLI::App& app, Run& run) {
  auto dir = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("reindex", "Rebuild the search index from the store");
  add_archive_option(*sub, *dir);
  sub->callback([&run, dir] {
    run = [dir] {
      Result<archive::Archive> opened = open_archive(*dir, false, archive::Archive::IndexUpkeep::kNone);
      if (!opened) {
        print_error(opened.error());
        return exit_code_for(opened.error().code);
      }
      const bool tty = ::isatty(STDERR_FILENO) != 0;
      Result<void> done = opened->reindex([tty](std::uint64_t n, std::uint64_t total) {
        if (tty) (void)write_all(STDERR_FILENO, fmt::format("\rindexed {} of {} cables", n, total));
      });
      if (tty) (void)write_all(STDERR_FILENO, "\r\x1b[K");
      if (!done) {
        print_error(done.error());
        return exit_code_for(done.error().code);
      }
      (void)write_all(STDOUT_FILENO, "the index was rebuilt from the store\n");
      return static_cast<int>(kExitOk);
    };
  });
}

void register_check(CLI::App& app, Run& run) {
  auto dir = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "check", "Verify the store (integrity_check) and that the index matches it");
  add_archive_option(*sub, *dir);
  sub->callback([&run, dir] {
    run = [dir] {
      Result<archive::Archive> opened = open_archive(*dir, false);
      if (!opened) {
        print_error(opened.error());
        return exit_code_for(opened.error().code);
      }
      Result<archive::CheckReport> report = opened->check();
      if (!report) {
        print_error(report.error());
        return exit_code_for(report.error().code);
      }
      std::string out;
      for (const std::string& problem : report->problems) out += problem + "\n";
      out += fmt::format("{} cables, {} indexed: {}\n", report->cables, report->indexed,
                         report->problems.empty() ? "consistent" : "PROBLEMS FOUND");
      (void)write_all(STDOUT_FILENO, out);
      return report->problems.empty() ? static_cast<int>(kExitOk) : static_cast<int>(kExitDataError);
    };
  });
}

void register_compact(CLI::App& app, Run& run) {
  auto dir = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "compact", "Rewrite the index and the store at their smallest (after a large ingest)");
  add_archive_option(*sub, *dir);
  sub->callback([&run, dir] {
    run = [dir] {
      Result<archive::Archive> opened = open_archive(*dir, false);
      if (!opened) {
        print_error(opened.error());
        return exit_code_for(opened.error().code);
      }
      Result<std::uint64_t> size = opened->compact();
      if (!size) {
        print_error(size.error());
        return exit_code_for(size.error().code);
      }
      (void)write_all(STDOUT_FILENO, fmt::format("compacted: the archive takes {:.1f} MiB\n",
                                                 static_cast<double>(*size) / (1024.0 * 1024.0)));
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace chancery::cli
