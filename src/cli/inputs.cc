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
  return Error{
      .code = Errc::kIo, .message = "cannot read directory: " + ec.message(), .where = where};
}

// Appends the regular files below `dir`, depth first, each directory's
// entries sorted by name: the same order as comparing whole paths component
// by component. A directory that cannot be listed is reported at its place
// and the walk goes on with the rest.
void walk_directory(const fs::path& dir, std::vector<Input>& out) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!is_hidden(it->path())) entries.push_back(*it);
  }
  if (ec) out.push_back(Input{.name = dir.string(), .error = walk_error(dir.string(), ec)});
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) {
              return a.path().filename() < b.path().filename();
            });
  for (const fs::directory_entry& entry : entries) {
    std::error_code ignored;
    // A symlinked directory is not entered: no loops, nothing read twice.
    // is_regular_file follows links: a link to a file is read, a dangling one skipped.
    if (!entry.is_symlink(ignored) && entry.is_directory(ignored)) {
      walk_directory(entry.path(), out);
    } else if (entry.is_regular_file(ignored)) {
      out.push_back(Input{.name = entry.path().string(), .error = {}});
    }
  }
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
