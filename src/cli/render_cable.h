// The readable terminal form of a stored cable (`chancery show`), and the
// small terminal helpers the read commands share.
//
//   ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ SECRET ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
//   id          07TELAVIV557
//   origin      Embassy Tel Aviv
//   ...
//   references  a. 07TELAVIV553  Tel aviv 00553  (not in the archive)
//   ────────────────────────────────────────────────────────────────────────
//   ¶1. (S) During his January 30 - February 2 visit to Israel, ...
//   ────────────────────────────────────────────────────────────────────────
//   declassify  on 2017-02-09
//   versions    * 1  2024-05-01T10:00:00Z  examples/07TELAVIV557.txt (plain)
//   ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ SECRET ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
//
// Text from the cable never drives the terminal: control characters are shown
// as spaces (tabs and newlines of the text are kept). With `color`, the
// banners take the level's color (TOP SECRET orange, SECRET red, CONFIDENTIAL
// blue, UNCLASSIFIED green), and ¶ numbers and portion marks are highlighted;
// without it the output holds no escape sequence at all.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/archive.h"

namespace chancery::cli {

struct RenderOptions {
  bool color = false;
  // The subject of a cited cable when the archive has it, "" when it has the
  // cable without a subject, nullopt when the archive does not have it.
  // Unset: references are shown as written.
  std::function<std::optional<std::string>(std::string_view id)> subject_of = {};
};

std::string render_cable(const archive::StoredCable& stored, const RenderOptions& options);

// True when standard output is a terminal and neither --no-color nor the
// NO_COLOR convention (https://no-color.org) turned color off.
bool use_color(bool no_color_flag);

// Appends `s` with control characters (C0 but tab and newline, DEL, C1) shown
// as spaces, so that no input can drive the terminal. With `keep_newlines`
// false, newlines become spaces too.
void append_printable(std::string_view s, std::string& out, bool keep_newlines = true);

// Appends one CSV field, quoted as RFC 4180 says when it holds a comma, a
// quote, CR or LF (quotes doubled).
void append_csv_field(std::string_view s, std::string& out);

// Writes `bytes` to standard output. Returns false when the command should
// stop: the reader went away (`| head`, quietly) or the write failed (then the
// error is printed and `exit_code` raised).
bool write_stdout(std::string_view bytes, int& exit_code);

// The ANSI SGR parameters for a classification level ("1;97;41" for
// SECRET...), "" for an unknown one.
std::string_view level_color(std::string_view level);

}  // namespace chancery::cli
