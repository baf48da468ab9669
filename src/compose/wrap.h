// Word wrapping for the renderer: greedy, then corrected wherever the reader
// would misread a line (see reader_view.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::compose {

// Whether a wrapped line may stand as it is: `index` counts from 0 (the line
// with the lead), `last` is true for the final line.
using LineCheck = std::function<bool(std::string_view line, std::size_t index, bool last)>;

// Wraps the words of `text` (runs of white space, line breaks included, are
// one break) into lines of at most `width` columns, the first opening with
// `lead` ("SUBJECT: ", "1. (S) "). A word longer than the width stands alone.
// When `check` rejects a line after the first, its first word moves up to the
// line before (which then runs past the width) and the rest is wrapped again;
// a rejected first line takes the next word instead. A telegram line a little
// long is harmless, a misread one is not. Words are
// joined by single spaces. An empty text gives the lead alone, right-trimmed.
std::vector<std::string> wrap_words(std::string_view text, std::string_view lead,
                                    std::size_t width, const LineCheck& check = {});

}  // namespace chancery::compose
