// Writing a generated cable's telegram: the transport header and the text,
// laid out as the archives have them, with every line checked so that the
// readers find exactly the intended fields (a wrapped line never passes for a
// paragraph start, a caption or a page header).
#pragma once

#include <string>

#include "chancery/gen.h"

namespace chancery::gen {

enum class TextStyle {
  kTelegram,  // as sent: "1. (C) ..."
  kArchive,   // Cablegate's text: paragraphs numbered "¶1. (C) ..."
  kHtml,      // Cablegate page: escaped, tag and paragraph links, &#x000A; line breaks
};

// The transport header: VZCZC line to the last INFO addressee, each line
// ending in '\n' (or &#x000A; for kHtml).
std::string render_header(const GeneratedCable& g, TextStyle style);
// The text: classification line to signature.
std::string render_text(const GeneratedCable& g, TextStyle style);

std::string render_csv_row(const GeneratedCable& g);
std::string render_html_page(const GeneratedCable& g);
std::string render_plain(const GeneratedCable& g);
std::string render_telegram(const GeneratedCable& g);

}  // namespace chancery::gen
