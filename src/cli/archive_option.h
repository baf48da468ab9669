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

// Who reads: `--as NAME` (a user of the archive), `--reading-room` (the
// anonymous public) or, without either, the archive's custodian; and
// `--as-of DATE`, the clock for declassification.
struct ViewerOptions {
  std::string as;
  bool reading_room = false;
  std::string as_of;
};
void add_viewer_options(CLI::App& sub, ViewerOptions& options);
// "YYYY-MM-DD" in shape (digits and dashes where they belong).
bool is_iso_date(const std::string& s);
Result<archive::Viewer> resolve_viewer(const std::string& dir, const ViewerOptions& options);

// Opens the archive, with a hint to run `chancery init` when there is none.
Result<archive::Archive> open_archive(
    const std::string& dir, bool read_only,
    archive::Archive::IndexUpkeep upkeep = archive::Archive::IndexUpkeep::kCatchUp);

}  // namespace chancery::cli
