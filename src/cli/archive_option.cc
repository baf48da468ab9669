#include "cli/archive_option.h"

#include <algorithm>

#include <CLI/CLI.hpp>

#include "chancery/users.h"

namespace chancery::cli {

void add_archive_option(CLI::App& sub, std::string& dir) {
  dir = archive::default_archive_dir().string();
  sub.add_option("--archive", dir,
                 "The archive directory (default: $CHANCERY_ARCHIVE, else ./archive)")
      ->type_name("DIR");
}

bool is_iso_date(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

void add_viewer_options(CLI::App& sub, ViewerOptions& options) {
  sub.add_option("--as", options.as, "Read as this user of the archive (their clearance, nationality, groups)")
      ->type_name("USER");
  sub.add_flag("--reading-room", options.reading_room,
               "Read as the public reading room: unclassified and declassified portions only");
  sub.add_option("--as-of", options.as_of, "The date the clock reads, for declassification (default: today)")
      ->type_name("YYYY-MM-DD")
      ->check([](const std::string& s) -> std::string { return is_iso_date(s) ? "" : "expected a date YYYY-MM-DD"; });
}

Result<archive::Viewer> resolve_viewer(const std::string& dir, const ViewerOptions& options) {
  archive::Viewer viewer;
  viewer.as_of = options.as_of;
  if (options.reading_room && !options.as.empty()) {
    return Error{.code = Errc::kInvalidInput, .message = "--as and --reading-room exclude each other"};
  }
  if (options.reading_room) {
    viewer.reader = access::Reader::reading_room();
    return viewer;
  }
  if (options.as.empty()) {
    viewer.reader = access::Reader::custodian();
    return viewer;
  }
  Result<users::UserStore> store = users::UserStore::open(dir);
  if (!store) return store.error();
  Result<std::optional<users::User>> user = store->find(options.as);
  if (!user) return user.error();
  if (!*user || (*user)->disabled) {
    return Error{.code = Errc::kNotFound,
                 .message = "no user '" + options.as + "' in this archive",
                 .hint = "see 'chancery user list'"};
  }
  viewer.reader = users::reader_of(**user);
  return viewer;
}

Result<archive::Archive> open_archive(const std::string& dir, bool read_only,
                                      archive::Archive::IndexUpkeep upkeep) {
  Result<archive::Archive> opened = archive::Archive::open(dir, read_only, upkeep);
  if (!opened && opened.error().code == Errc::kNotFound && opened.error().hint.empty()) {
    opened.error().hint = "create one with 'chancery init " + dir + "' and fill it with 'chancery ingest'";
  }
  return opened;
}

}  // namespace chancery::cli
