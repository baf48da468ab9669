// The --archive option every archive subcommand shares, and opening it.
#pragma once

#include <string>

#include "chancery/archive.h"
#include "chancery/result.h"

namespace CLI {
class App;
}  // namespace CLI

namespace chancery::cli {

// Adds `--archive DIR` to the subcommand; `dir` starts as the default
// ($CHANCERY_ARCHIVE, else ./archive).
void add_archive_option(CLI::App& sub, std::string& dir);

// Opens the archive, with a hint to run `chancery init` when there is none.
Result<archive::Archive> open_archive(const std::string& dir, bool read_only);

}  // namespace chancery::cli
