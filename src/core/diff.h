// A unified line diff (the `diff -u` format), for comparing two versions of a
// cable's text.
//
// Myers' O((N+M)·D) algorithm over the lines left once the common prefix and
// suffix are set aside. Time and memory are bounded whatever the input: when
// the edit distance passes `max_edit_distance`, or the work passes `max_work`
// line comparisons, the differing middle is reported as one block replaced
// whole (a correct diff, just not a minimal one). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chancery::diff {

struct DiffOptions {
  std::size_t context = 3;  // unchanged lines shown around each change
  // Past this many inserted plus deleted lines the search stops; its memory
  // is about max_edit_distance² / 2 words (4 MB at 1000).
  std::size_t max_edit_distance = 1000;
  std::uint64_t max_work = 20'000'000;  // line comparisons and steps, all told
};

struct DiffStats {
  std::size_t inserted = 0;  // lines marked '+'
  std::size_t deleted = 0;   // lines marked '-'
  bool minimal = true;       // false when the bounded search gave up (whole-block replace)
};

// Appends the unified diff of `from` and `to` to `out`: "--- from_name",
// "+++ to_name", then "@@ -l,s +l,s @@" hunks of ' ', '-' and '+' lines,
// hunks closer than 2·context lines merged. Appends nothing when the texts
// are equal. A last line without a newline is followed by
// "\ No newline at end of file", as diff does.
DiffStats append_unified_diff(std::string_view from, std::string_view to,
                              std::string_view from_name, std::string_view to_name,
                              const DiffOptions& options, std::string& out);

std::string unified_diff(std::string_view from, std::string_view to,
                         std::string_view from_name = "a", std::string_view to_name = "b",
                         const DiffOptions& options = {});

}  // namespace chancery::diff
