// Internals of the Cablegate HTML reader, shared with its tests and the
// corpus tests (which check paragraph numbers against the page's anchors).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::parse {

// The parts of a Cablegate page, as views into it. Cells are the inner HTML
// of the cable table's data row (ID, Created, Released, Classification,
// Origin); blocks are the inner bytes of the two <pre> elements.
struct CablegatePage {
  std::vector<std::string_view> cells;
  std::string_view header_block;
  std::string_view body_block;
};

// Finds the cable table and the two <pre> blocks with a tolerant scanner
// (the pages are not well-formed XML). std::nullopt when either is missing.
std::optional<CablegatePage> scan_cablegate_page(std::string_view page);

// Decodes a <pre> block to text: `&#xHHHH;`, `&#DDDD;` and named entities
// become UTF-8 (invalid code points U+FFFD), `<a ...>` and `</a>` tags are
// removed, and anything else (a raw `&`, `<` or `>`) stays as written.
void decode_cablegate_text(std::string_view html, std::string& out);
std::string decode_cablegate_text(std::string_view html);

// The text of a table cell: tags removed, entities decoded, spaces squeezed.
std::string cablegate_cell_text(std::string_view cell_html);

// The numbers N of the paragraph anchors `<a id='parN' ...>` in page order
// ("1", "2", ...), as written.
std::vector<std::string> cablegate_paragraph_anchors(std::string_view page);

}  // namespace chancery::parse
