#include "cli/inputs.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace chancery::cli {
namespace {

namespace fs = std::filesystem;

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

Error walk_error(const std::string& where, const std::error_code& ec) {
  return Error{.code = Errc::kIo, .message = "cannot read directory: " + ec.message(),
               .where = where};
}

// Appends the regular files below `dir`, sorted, then any error met on the way.
void walk_directory(const std::string& dir, std::vector<Input>& out) {
  std::vector<fs::path> files;
  std::optional<Error> error;
  std::error_code ec;
  // Default options do not follow directory symlinks: no loops, no duplicates.
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.push_back(Input{.name = dir, .error = walk_error(dir, ec)});
    return;
  }
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;
    const fs::directory_entry& entry = *it;
    if (is_hidden(entry.path())) {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      ec.clear();
      continue;
    }
    // is_regular_file follows a symlink: a link to a file is read, a dangling one skipped.
    if (entry.is_regular_file(ec)) files.push_back(entry.path());
    ec.clear();
  }
  if (ec) error = walk_error(dir, ec);
  // path::operator< compares component by component: "a/b/x" sorts before "a/b.txt".
  std::sort(files.begin(), files.end());
  for (fs::path& file : files) out.push_back(Input{.name = file.string(), .error = {}});
  if (error) out.push_back(Input{.name = dir, .error = std::move(error)});
}

}  // namespace

std::vector<Input> expand_inputs(const std::vector<std::string>& operands) {
  std::vector<Input> inputs;
  for (const std::string& operand : operands) {
    if (operand == "-") {
      inputs.push_back(Input{.name = operand, .error = {}});
      continue;
    }
    std::error_code ec;
    const fs::file_status status = operand.empty() ? fs::file_status() : fs::status(operand, ec);
    if (operand.empty() || status.type() == fs::file_type::not_found) {
      inputs.push_back(Input{.name = operand,
                             .error = Error{.code = Errc::kNotFound,
                                            .message = "no such file or directory",
                                            .where = operand.empty() ? "''" : operand}});
    } else if (fs::is_directory(status)) {
      walk_directory(operand, inputs);
    } else {
      // Let the byte source report what is wrong with it (permissions, ...).
      inputs.push_back(Input{.name = operand, .error = {}});
    }
  }
  return inputs;
}

}  // namespace chancery::cli
