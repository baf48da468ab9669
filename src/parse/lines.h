// A text cut into lines, each remembering its line number in the source.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace chancery::parse {

struct Line {
  std::string_view text;  // without the line break; a trailing '\r' is dropped
  std::int64_t number = 0;
};

// Appends the lines of `text` to `out`, numbering from `first_line`. A final
// line without a line break counts; an empty text adds nothing.
void split_lines(std::string_view text, std::int64_t first_line, std::vector<Line>& out);

// True when the line holds only white space.
bool is_blank(std::string_view line);

// True for a rule: a run of at least three '-', '=' or '_' (spaces allowed
// around it), which frames headings or closes a cable.
bool is_rule(std::string_view line);

}  // namespace chancery::parse
