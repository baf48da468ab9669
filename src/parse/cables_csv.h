// Internals of the cables.csv reader, shared with the splitter and tests.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::parse {

// Splits one cables.csv row into its fields' bytes as written (between the
// quotes, still escaped). Every field is double-quoted; a backslash escapes
// the next byte; quotes are not doubled. Returns false when the row is not
// that shape, with *error_offset at the offending byte.
bool split_csv_row(std::string_view row, std::vector<std::string_view>& fields,
                   std::size_t* error_offset);

// Removes the backslash escapes of a field: `\x` is `x` for any byte x (the
// corpus only has `\"` and `\\`). A lone backslash at the very end stays.
void unescape_csv_field(std::string_view raw, std::string& out);
std::string unescape_csv_field(std::string_view raw);

// Offset of the unescaped `"` closing a field whose text starts at `start`,
// or npos when the row ends first.
std::size_t find_closing_quote(std::string_view row, std::size_t start);

}  // namespace chancery::parse
