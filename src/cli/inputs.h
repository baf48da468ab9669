// Turns the command line's PATH operands into the list of inputs to read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chancery/result.h"

namespace chancery::cli {

// One input to read, or the problem met where it would have been.
struct Input {
  std::string name;            // the path, or "-" for standard input
  std::optional<Error> error;  // set when the operand cannot be read at all
};

// Expands operands in the order given:
//  - "-" is standard input;
//  - a directory contributes its regular files (and symlinks to regular files),
//    recursively, sorted by path component by component so the order does not
//    depend on the file system; entries whose name starts with '.' are skipped
//    (.git, editor backups); symlinked directories are not entered, so a
//    symlink loop cannot make the walk endless;
//  - anything else is an input read as a file (a FIFO or /dev/fd/N works),
//    hidden or not, since the user named it.
// A missing operand or an unreadable directory becomes an Input carrying an
// Error at its place, so that problems are reported in order with the rest.
std::vector<Input> expand_inputs(const std::vector<std::string>& operands);

}  // namespace chancery::cli
