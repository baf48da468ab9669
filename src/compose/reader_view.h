// How the archive's telegram reader (src/parse/telegram*.cc) would take a
// line of a rendered telegram. The renderer wraps text wherever it likes, so
// it asks these before committing a line break: a wrapped piece of a sentence
// must not read as a paragraph start, a page header, a caption line, a field
// label or a signature. Each predicate is the reader's own test (named in its
// comment), so that the two cannot drift apart; the round-trip tests
// (tests/compose/) check the whole.
#pragma once

#include <string_view>

namespace chancery::compose::reader_view {

// In the text's head (SUBJECT, REF and Classified By continuation lines): true
// when the reader would take the line for anything but more of the field in
// progress: a page header, a paragraph start, a summary heading, a caption
// line, an E.O./DECL/TAGS/SUBJECT/REF/Classified By line, or a line it cuts
// into glued fields (telegram_head.cc: read_head, cut_glued).
bool head_line_special(std::string_view line);

// True when the head's cut_glued would split this line into several fields
// ("000073SIPDIS", "... REF: ...").
bool would_cut(std::string_view line);

// In the body: true when the reader would take the line for a paragraph start,
// a page header, a stray caption, a repeated section header or a rule
// (telegram_body.cc: read_body), i.e. anything but text going on.
bool body_line_special(std::string_view line);

// The reader's test for a signature on the body's last line
// (telegram_body.cc: looks_like_signature).
bool looks_like_signature(std::string_view line);

// True when the reader would cut a heading block off the end of this
// paragraph text: after its last blank line, at most four short lines with a
// rule among them, or a lone summary heading (telegram_body.cc:
// strip_trailing_heading).
bool ends_with_heading(std::string_view paragraph);

// True when a subject ending so goes on past a blank line (telegram_head.cc:
// subject_continues).
bool subject_continues(std::string_view subject);

}  // namespace chancery::compose::reader_view
