// The human-readable form of `chancery parse`: one line per cable, for a
// researcher scanning a terminal.
//
//   07TELAVIV557      2007-02-22 07:11  SECRET         19¶   1w  iran-unsc: under secretary…
//
// Columns: id, created (UTC), classification (UNCLAS for UNCLASSIFIED),
// numbered paragraphs, warnings, then the subject cut to fit `width` columns.
// A missing value prints as "-". Control characters in the input never reach
// the terminal: they are replaced by spaces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "chancery/cable.h"

namespace chancery::cli {

// Appends the line for `cable`, with its trailing newline. `width` is the
// line's width in columns (at least the fixed columns plus a few characters
// of subject are always written).
void append_summary(const Cable& cable, std::size_t width, std::string& out);

// The short form of a classification level for the summary column.
std::string_view short_classification(std::string_view level);

}  // namespace chancery::cli
