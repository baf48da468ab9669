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

}  // namespace chancery::cli
