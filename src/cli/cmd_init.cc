// chancery init [DIR]: creates an empty archive.

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/archive.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"

namespace chancery::cli {

void register_init(CLI::App& app, Run& run) {
  auto dir = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "init", "Create an empty archive: a directory with a SQLite store and a Xapian index");
  sub->add_option("dir", *dir, "The directory to create (default: $CHANCERY_ARCHIVE, else ./archive)")
      ->type_name("DIR");
  sub->add_option("--archive", *dir, "Same as DIR")->type_name("DIR");
  sub->callback([&run, dir] {
    run = [dir] {
      const std::string path = dir->empty() ? archive::default_archive_dir().string() : *dir;
      Result<archive::Archive> created = archive::Archive::create(path);
      if (!created) {
        print_error(created.error());
        return exit_code_for(created.error().code);
      }
      (void)write_all(1, fmt::format("created an empty archive in {}\n"
                                     "fill it with: chancery ingest --archive {} PATH...\n",
                                     path, path));
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace chancery::cli
