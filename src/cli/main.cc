// The chancery command: parses the command line and runs one subcommand.
//
// Each subcommand lives in its own cmd_<name>.cc (see commands.h); this file
// only wires them and keeps the last catch that turns an escaped exception
// into "chancery: internal error" and exit code 70.

#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"

#ifndef CHANCERY_VERSION
#define CHANCERY_VERSION "unknown"
#endif

namespace chancery::cli {
namespace {

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0   every input was parsed\n"
    "  1   some inputs or records had errors (the rest is still output)\n"
    "  2   usage error (bad option, unknown format)\n"
    "  70  internal error (a bug: please report it)\n"
    "\n"
    "Run 'chancery <command> --help' for a command's options.";

int run_main(int argc, char** argv) {
  CLI::App app{"chancery: read diplomatic cables (telegrams) into structured records.", "chancery"};
  app.set_version_flag("--version", std::string("chancery ") + CHANCERY_VERSION);
  app.require_subcommand(1);
  app.footer(kExitCodes);
  Run run;
  register_parse(app, run);
  register_gen(app, run);
  register_init(app, run);
  register_ingest(app, run);
  register_reindex(app, run);
  register_check(app, run);
  register_compact(app, run);
  register_search(app, run);
  register_show(app, run);
  register_refs(app, run);
  register_stats(app, run);
  register_export(app, run);
  register_audit(app, run);
  register_user(app, run);
  register_declassify(app, run);
  register_serve(app, run);
  register_directory(app, run);
  register_draft(app, run);
  register_inbox(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string hint = "run 'chancery --help'";
    for (const CLI::App* sub : app.get_subcommands()) {
      hint = "run 'chancery " + sub->get_name() + " --help'";
    }
    print_error(Error{.code = Errc::kInvalidInput, .message = e.what(), .hint = hint});
    return kExitUsage;
  }
  return run ? run() : kExitUsage;
}

}  // namespace
}  // namespace chancery::cli

int main(int argc, char** argv) {
  using chancery::cli::kExitInternal;
  try {
    return chancery::cli::run_main(argc, argv);
  } catch (const std::exception& e) {
    chancery::cli::print_error(
        chancery::Error{.code = chancery::Errc::kInternal,
                        .message = std::string("internal error: ") + e.what(),
                        .hint = "this is a bug in chancery; please report it"});
  } catch (...) {
    chancery::cli::print_error(
        chancery::Error{.code = chancery::Errc::kInternal,
                        .message = "internal error: unknown exception",
                        .hint = "this is a bug in chancery; please report it"});
  }
  return kExitInternal;
}
