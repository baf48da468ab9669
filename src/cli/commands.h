// The subcommands of `chancery`, one file each (cmd_<name>.cc).
//
// A subcommand adds itself to the application with register_<name>(); when
// the command line chose it, its parse callback sets `run`, which main()
// calls after parsing and whose result is the exit code (see exit_code.h).
#pragma once

#include <functional>

namespace CLI {
class App;
}  // namespace CLI

namespace chancery::cli {

using Run = std::function<int()>;

void register_parse(CLI::App& app, Run& run);
void register_gen(CLI::App& app, Run& run);
void register_init(CLI::App& app, Run& run);
void register_ingest(CLI::App& app, Run& run);
void register_reindex(CLI::App& app, Run& run);
void register_check(CLI::App& app, Run& run);
void register_compact(CLI::App& app, Run& run);
void register_search(CLI::App& app, Run& run);
void register_show(CLI::App& app, Run& run);
void register_refs(CLI::App& app, Run& run);
void register_stats(CLI::App& app, Run& run);
void register_export(CLI::App& app, Run& run);
void register_audit(CLI::App& app, Run& run);
void register_user(CLI::App& app, Run& run);
void register_declassify(CLI::App& app, Run& run);
void register_serve(CLI::App& app, Run& run);
void register_directory(CLI::App& app, Run& run);
void register_draft(CLI::App& app, Run& run);
void register_inbox(CLI::App& app, Run& run);

}  // namespace chancery::cli
