#include "core/diff.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace chancery::diff {
namespace {

// One line, its newline included when it has one: "x" and "x\n" differ, so a
// change to the file's last newline shows as a changed last line.
struct Line {
  std::string_view text;
  std::size_t hash;
};

std::vector<Line> split_lines(std::string_view s) {
  std::vector<Line> lines;
  const std::hash<std::string_view> hash;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    end = end == std::string_view::npos ? s.size() : end + 1;
    const std::string_view text = s.substr(start, end - start);
    lines.push_back(Line{text, hash(text)});
    start = end;
  }
  return lines;
}

bool same(const Line& a, const Line& b) { return a.hash == b.hash && a.text == b.text; }

enum class Op : char { kKeep = ' ', kDelete = '-', kInsert = '+' };

// Myers' greedy forward search on a[0..n) and b[0..m), keeping each round's
// furthest x per diagonal to walk the path back. Appends the ops to `ops`;
// nullopt when the bounds were reached first (nothing appended).
std::optional<std::size_t> myers(const Line* a, std::size_t n, const Line* b, std::size_t m,
                                 const DiffOptions& options, std::vector<Op>& ops) {
  const std::size_t limit = std::min(n + m, options.max_edit_distance);
  const auto dmax = static_cast<std::ptrdiff_t>(limit);
  // v[k + dmax + 1]: furthest x reached on diagonal k = x - y.
  std::vector<std::ptrdiff_t> v(2 * limit + 3, 0);
  auto at = [&](std::ptrdiff_t k) -> std::ptrdiff_t& {
    return v[static_cast<std::size_t>(k + dmax + 1)];
  };
  // trace holds round d's x for k = -d, -d+2, ..., d from offset d(d+1)/2.
  std::vector<std::ptrdiff_t> trace;
  std::uint64_t work = 0;
  const auto sn = static_cast<std::ptrdiff_t>(n);
  const auto sm = static_cast<std::ptrdiff_t>(m);
  std::ptrdiff_t found = -1;
  for (std::ptrdiff_t d = 0; d <= dmax && found < 0; ++d) {
    for (std::ptrdiff_t k = -d; k <= d; k += 2) {
      std::ptrdiff_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      std::ptrdiff_t y = x - k;
      while (x < sn && y < sm && same(a[x], b[y])) {
        ++x;
        ++y;
        ++work;
      }
      ++work;
      at(k) = x;
      trace.push_back(x);
      if (x >= sn && y >= sm) found = d;
      if (work > options.max_work) return std::nullopt;
    }
  }
  if (found < 0) return std::nullopt;

  // Walk back from (n, m), collecting the ops in reverse.
  std::vector<Op> reversed;
  reversed.reserve(n + m);
  auto traced = [&](std::ptrdiff_t d, std::ptrdiff_t k) {
    return trace[static_cast<std::size_t>(d * (d + 1) / 2 + (k + d) / 2)];
  };
  std::ptrdiff_t x = sn;
  std::ptrdiff_t y = sm;
  for (std::ptrdiff_t d = found; d > 0; --d) {
    const std::ptrdiff_t k = x - y;
    const bool down = k == -d || (k != d && traced(d - 1, k - 1) < traced(d - 1, k + 1));
    const std::ptrdiff_t prev_k = down ? k + 1 : k - 1;
    const std::ptrdiff_t prev_x = traced(d - 1, prev_k);
    const std::ptrdiff_t prev_y = prev_x - prev_k;
    const std::ptrdiff_t mid_x = down ? prev_x : prev_x + 1;
    while (x > mid_x) {
      reversed.push_back(Op::kKeep);
      --x;
      --y;
    }
    reversed.push_back(down ? Op::kInsert : Op::kDelete);
    x = prev_x;
    y = prev_y;
  }
  while (x > 0) {  // the snake of round 0
    reversed.push_back(Op::kKeep);
    --x;
  }
  ops.insert(ops.end(), reversed.rbegin(), reversed.rend());
  return static_cast<std::size_t>(found);
}

void append_range(std::string& out, std::size_t start, std::size_t count) {
  // diff -u: "l,s", ",1" left out, and an empty range names the line before it.
  if (count == 1) {
    fmt::format_to(std::back_inserter(out), "{}", start + 1);
  } else {
    fmt::format_to(std::back_inserter(out), "{},{}", count == 0 ? start : start + 1, count);
  }
}

void append_line(std::string& out, char mark, std::string_view text) {
  out.push_back(mark);
  out.append(text);
  if (text.empty() || text.back() != '\n') out.append("\n\\ No newline at end of file\n");
}

}  // namespace

DiffStats append_unified_diff(std::string_view from, std::string_view to,
                              std::string_view from_name, std::string_view to_name,
                              const DiffOptions& options, std::string& out) {
  DiffStats stats;
  if (from == to) return stats;
  const std::vector<Line> a = split_lines(from);
  const std::vector<Line> b = split_lines(to);

  // The common prefix and suffix cost nothing to find and are most of a
  // typical revision; only the middle goes through the search.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && same(a[prefix], b[prefix])) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         same(a[a.size() - 1 - suffix], b[b.size() - 1 - suffix])) {
    ++suffix;
  }
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;

  std::vector<Op> ops(prefix, Op::kKeep);
  ops.reserve(prefix + n + m + suffix);
  if (!myers(a.data() + prefix, n, b.data() + prefix, m, options, ops)) {
    stats.minimal = false;
    ops.insert(ops.end(), n, Op::kDelete);
    ops.insert(ops.end(), m, Op::kInsert);
  }
  ops.insert(ops.end(), suffix, Op::kKeep);

  // Hunks: runs of changes whose gaps are at most 2·context unchanged lines,
  // with `context` lines on either side.
  const std::size_t context = options.context;
  fmt::format_to(std::back_inserter(out), "--- {}\n+++ {}\n", from_name, to_name);
  std::size_t i = 0;   // op index
  std::size_t ai = 0;  // line of a at op i
  std::size_t bi = 0;  // line of b at op i
  while (i < ops.size()) {
    if (ops[i] == Op::kKeep) {
      ++i;
      ++ai;
      ++bi;
      continue;
    }
    // A hunk starts `context` keeps before this change (fewer at the start).
    const std::size_t lead = std::min({context, ai, bi});
    std::size_t end = i;  // one past the hunk's last change
    for (std::size_t j = i; j < ops.size();) {
      if (ops[j] != Op::kKeep) {
        end = ++j;
        continue;
      }
      std::size_t keeps = 0;
      while (j + keeps < ops.size() && ops[j + keeps] == Op::kKeep) ++keeps;
      if (j + keeps == ops.size() || keeps > 2 * context) break;
      j += keeps;
    }
    const std::size_t tail = std::min(context, ops.size() - end);
    const std::size_t first = i - lead;
    const std::size_t last = end + tail;
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    for (std::size_t j = first; j < last; ++j) {
      a_count += ops[j] != Op::kInsert ? 1 : 0;
      b_count += ops[j] != Op::kDelete ? 1 : 0;
    }
    out.append("@@ -");
    append_range(out, ai - lead, a_count);
    out.append(" +");
    append_range(out, bi - lead, b_count);
    out.append(" @@\n");
    std::size_t x = ai - lead;
    std::size_t y = bi - lead;
    for (std::size_t j = first; j < last; ++j) {
      switch (ops[j]) {
        case Op::kKeep:
          append_line(out, ' ', a[x].text);
          ++x;
          ++y;
          break;
        case Op::kDelete:
          append_line(out, '-', a[x].text);
          ++x;
          ++stats.deleted;
          break;
        case Op::kInsert:
          append_line(out, '+', b[y].text);
          ++y;
          ++stats.inserted;
          break;
      }
    }
    i = last;
    ai = x;
    bi = y;
  }
  return stats;
}

std::string unified_diff(std::string_view from, std::string_view to, std::string_view from_name,
                         std::string_view to_name, const DiffOptions& options) {
  std::string out;
  (void)append_unified_diff(from, to, from_name, to_name, options, out);
  return out;
}

}  // namespace chancery::diff
