// Invariants every reader must keep on any input, shared by the fuzz targets.
//
// A fuzz target that only waits for a crash misses the quiet bugs: a reader
// that drops the raw text, numbers a warning on a line that does not exist or
// emits a malformed id. Each check here traps (so libFuzzer saves the input)
// when a documented contract of parse.h / cable.h is broken.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/cable.h"
#include "chancery/parse.h"

#include "core/text.h"
#include "parse/cablegate_html.h"

namespace chancery::fuzz {

// Prints what broke, then traps: libFuzzer reports the input as a crash.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::fflush(stderr);
  __builtin_trap();
}

inline void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

// A reader may refuse bytes (kInvalidInput) but never fail inside itself:
// kInternal means the telegram reader threw, which is a bug.
inline void check_not_internal(const Result<Cable>& cable) {
  if (!cable && cable.error().code == Errc::kInternal) {
    std::fprintf(stderr, "fuzz invariant detail: %s\n", cable.error().message.c_str());
    fail("no internal error");
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Lines of `text` counted as a reader numbers them: one more than the number
// of '\n', so a warning about the end of input after a final newline is still
// on a real line.
inline std::int64_t line_count(std::string_view text) {
  std::int64_t n = 1;
  for (char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

// The record's id form, [0-9]{2}[A-Z0-9]+[0-9]+: a 2-digit year, the station
// in upper case, a serial. Hand-written because std::regex has no place here.
inline bool is_well_formed_id(std::string_view id) {
  if (id.size() < 4) return false;
  if (!text::is_digit(id[0]) || !text::is_digit(id[1])) return false;
  if (!text::is_digit(id.back())) return false;
  for (char c : id.substr(2)) {
    if (!text::is_upper(c) && !text::is_digit(c)) return false;
  }
  return true;
}

// The text whose lines a reader numbers its warnings by: the input itself,
// except for a Cablegate page, whose reader numbers the lines of the decoded
// telegram (header block, then body block), as cablegate_html.h documents.
inline std::string numbered_text(std::string_view input, std::string_view format) {
  if (format == "cablegate-html") {
    if (std::optional<parse::CablegatePage> page = parse::scan_cablegate_page(input)) {
      return parse::decode_cablegate_text(page->header_block) + "\n" +
             parse::decode_cablegate_text(page->body_block);
    }
  }
  return std::string(input);
}

// Checks on a cable a reader produced from `input` whose first byte is on
// line `first_line` of the source. Line 0 is cable.h's "not tied to a line".
inline void check_cable(const Cable& cable, std::string_view input, std::int64_t first_line,
                        std::string_view format) {
  check(cable.format == format, "cable.format names the reader that produced it");
  check(cable.sections >= 1, "sections >= 1");
  if (cable.id && !is_well_formed_id(*cable.id)) {
    std::fprintf(stderr, "fuzz invariant detail: id \"%s\"\n", cable.id->c_str());
    fail("id matches [0-9]{2}[A-Z0-9]+[0-9]+");
  }
  const std::int64_t last_line = first_line + line_count(numbered_text(input, format)) - 1;
  for (const Warning& w : cable.warnings) {
    if (w.line != 0 && (w.line < first_line || w.line > last_line)) {
      std::fprintf(stderr, "fuzz invariant detail: warning on line %d, input lines %lld-%lld: %s\n",
                   w.line, static_cast<long long>(first_line), static_cast<long long>(last_line),
                   w.message.c_str());
      fail("warning on a line of the input");
    }
  }
  for (const Paragraph& p : cable.paragraphs) {
    check(!p.number.empty() && (p.number == "0" || p.number[0] != '0'),
          "paragraph number without leading zeros");
    for (char c : p.number) check(text::is_digit(c), "paragraph number is digits");
  }
  // Nothing of the original is ever lost: text the reader found is in raw.
  check(cable.raw.has_value(), "keep_raw fills cable.raw");
  if (!cable.body.empty() || !cable.paragraphs.empty()) {
    check(!cable.raw->header.empty() || !cable.raw->body.empty(), "raw text kept");
  }
  // to_json promises valid UTF-8 whatever the fields hold.
  check(text::is_valid_utf8(to_json(cable)), "to_json writes valid UTF-8");
}

// The options every target reads with; first_line varies with the input so
// that warnings are checked against an offset, not only against line 1.
inline parse::ReadOptions options_for(std::size_t size) {
  parse::ReadOptions options;
  options.keep_raw = true;
  options.source = "fuzz-input";
  options.first_line = 1 + static_cast<std::int64_t>(size % 5);
  return options;
}

}  // namespace chancery::fuzz
