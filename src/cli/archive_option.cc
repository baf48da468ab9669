#include "cli/archive_option.h"

#include <CLI/CLI.hpp>

namespace chancery::cli {

void add_archive_option(CLI::App& sub, std::string& dir) {
  dir = archive::default_archive_dir().string();
  sub.add_option("--archive", dir,
                 "The archive directory (default: $CHANCERY_ARCHIVE, else ./archive)")
      ->type_name("DIR");
}

Result<archive::Archive> open_archive(const std::string& dir, bool read_only) {
  Result<archive::Archive> opened = archive::Archive::open(dir, read_only);
  if (!opened && opened.error().code == Errc::kNotFound && opened.error().hint.empty()) {
    opened.error().hint = "create one with 'chancery init " + dir + "' and fill it with 'chancery ingest'";
  }
  return opened;
}

}  // namespace chancery::cli
