// The Cablegate HTML reader (telegram-format.md section 7.1).
//
// The pages are not well-formed XML (raw `&`, `<` and `>` occur in cable
// text), so this is a tolerant scanner that looks for a few landmarks: the
// `<table class='cable'>` metadata table and the two `<pre>` blocks after it.
//
// Line numbers: the page's own lines say nothing about the telegram (each
// <pre> block is one long line), so warnings count lines of the decoded text:
// the header block's lines first (from options.first_line), then the body's.
#include "parse/cablegate_html.h"

#include <array>
#include <cstring>
#include <utility>

#include "chancery/parse.h"

#include "core/text.h"
#include "parse/container.h"

namespace chancery::parse {
namespace {

// Named entities: XML's five, then Latin-1 (U+00A0..U+00FF) in code point
// order, then the common typographic ones.
constexpr std::array<std::string_view, 96> kLatin1Names = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};
constexpr std::array<NamedEntity, 25> kOtherNames = {{
    {"amp", U'&'},      {"lt", U'<'},       {"gt", U'>'},       {"quot", U'"'},
    {"apos", U'\''},    {"ndash", 0x2013},  {"mdash", 0x2014},  {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"bdquo", 0x201E},  {"dagger", 0x2020}, {"Dagger", 0x2021}, {"bull", 0x2022},
    {"hellip", 0x2026}, {"permil", 0x2030}, {"lsaquo", 0x2039}, {"rsaquo", 0x203A},
    {"euro", 0x20AC},   {"trade", 0x2122},  {"larr", 0x2190},   {"rarr", 0x2192},
    {"ensp", 0x2002},
}};

constexpr char32_t kReplacement = 0xFFFD;

std::optional<char32_t> named_entity(std::string_view name) {
  for (const NamedEntity& e : kOtherNames) {
    if (e.name == name) return e.code_point;
  }
  for (std::size_t i = 0; i < kLatin1Names.size(); ++i) {
    if (kLatin1Names[i] == name) return static_cast<char32_t>(0xA0 + i);
  }
  return std::nullopt;
}

bool is_hex(char c) {
  return text::is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  if (text::is_digit(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// Decodes the entity at s[i] == '&'. Returns its length and appends the text,
// or returns 0 (append nothing) when no entity starts here.
std::size_t decode_entity(std::string_view s, std::size_t i, std::string& out) {
  constexpr std::size_t kMaxEntity = 32;  // longer is not an entity but text
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    const std::size_t digits_start = j;
    char32_t value = 0;
    while (j < s.size() && j - i < kMaxEntity && (hex ? is_hex(s[j]) : text::is_digit(s[j]))) {
      const int d = hex ? hex_value(s[j]) : s[j] - '0';
      // Saturate past the last code point: the value is invalid either way.
      value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + static_cast<char32_t>(d);
      ++j;
    }
    if (j == digits_start || j >= s.size() || s[j] != ';') return 0;
    // "&#0;" is no character HTML allows.
    text::append_utf8(value == 0 ? kReplacement : value, out);
    return j + 1 - i;
  }
  const std::size_t name_start = j;
  while (j < s.size() && j - i < kMaxEntity && text::is_alnum(s[j])) ++j;
  if (j == name_start || j >= s.size() || s[j] != ';') return 0;
  const std::optional<char32_t> cp = named_entity(s.substr(name_start, j - name_start));
  if (!cp) return 0;
  text::append_utf8(*cp, out);
  return j + 1 - i;
}

// Length of an `<a ...>` or `</a>` tag at s[i] == '<', or 0 when none starts here.
std::size_t link_tag_length(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  // Line breaks the export wrote as markup ("SENSITIVE <br>"): the newline
  // entity follows them, so the tag itself goes.
  if (j + 2 <= s.size() && (s[j] == 'b' || s[j] == 'B') && (s[j + 1] == 'r' || s[j + 1] == 'R')) {
    std::size_t k = j + 2;
    while (k < s.size() && (s[k] == ' ' || s[k] == '/')) ++k;
    if (k < s.size() && s[k] == '>') return k + 1 - i;
    return 0;
  }
  // A mangled closing tag "< /a>" occurs too.
  if (j + 3 < s.size() && s[j] == ' ' && s[j + 1] == '/' && (s[j + 2] == 'a' || s[j + 2] == 'A') &&
      s[j + 3] == '>') {
    return 5;
  }
  const bool closing = j < s.size() && s[j] == '/';
  if (closing) ++j;
  if (j >= s.size() || (s[j] != 'a' && s[j] != 'A')) return 0;
  ++j;
  if (j >= s.size()) return 0;
  if (s[j] == '>') return j + 1 - i;
  if (!text::is_space(s[j]) && s[j] != '\n') return 0;
  const std::size_t close = s.find('>', j);
  if (close == std::string_view::npos) return 0;
  // A closing tag holds nothing but white space; an opening one holds
  // attributes but no other tag.
  const std::string_view inside = s.substr(j, close - j);
  if (closing && !text::trim(inside).empty()) return 0;
  if (inside.find('<') != std::string_view::npos) return 0;
  return close + 1 - i;
}

// First position >= from of `&` or `<`, or s.size().
std::size_t next_special(std::string_view s, std::size_t from) {
  const char* p = s.data() + from;
  const std::size_t n = s.size() - from;
  const void* amp = std::memchr(p, '&', n);
  const std::size_t limit =
      amp != nullptr ? static_cast<std::size_t>(static_cast<const char*>(amp) - p) : n;
  const void* lt = std::memchr(p, '<', limit);
  if (lt != nullptr) return from + static_cast<std::size_t>(static_cast<const char*>(lt) - p);
  return from + limit;
}

// The opening tag at s[i] == '<' whose name is `name` (ASCII case ignored).
bool tag_named(std::string_view s, std::size_t i, std::string_view name) {
  if (!text::istarts_with(s.substr(i + 1), name)) return false;
  const std::size_t after = i + 1 + name.size();
  return after < s.size() &&
         (s[after] == '>' || s[after] == '/' || text::is_space(s[after]) || s[after] == '\n');
}

// Position of the next `<name` tag at or after `from`, or npos.
std::size_t find_tag(std::string_view s, std::string_view name, std::size_t from, std::size_t end) {
  while (from < end) {
    const std::size_t lt = s.find('<', from);
    if (lt == std::string_view::npos || lt >= end) return std::string_view::npos;
    if (tag_named(s, lt, name)) return lt;
    from = lt + 1;
  }
  return std::string_view::npos;
}

// The pages write tags in lower case; the case-blind search is the fallback.
std::size_t find_either_case(std::string_view s, std::string_view lower_needle, std::size_t from) {
  const std::size_t pos = s.find(lower_needle, from);
  return pos != std::string_view::npos ? pos : text::ifind(s, lower_needle, from);
}

std::size_t find_cable_table(std::string_view page) {
  for (std::string_view marker :
       {std::string_view("class='cable'"), std::string_view("class=\"cable\"")}) {
    std::size_t from = 0;
    while (true) {
      const std::size_t pos = page.find(marker, from);
      if (pos == std::string_view::npos) break;
      const std::size_t lt = page.rfind('<', pos);
      if (lt != std::string_view::npos && tag_named(page, lt, "table") &&
          page.find('>', lt) > pos) {
        return lt;
      }
      from = pos + 1;
    }
  }
  return std::string_view::npos;
}

// The inner bytes of the next <pre> element at or after `from`; `from` moves past it.
std::optional<std::string_view> next_pre_block(std::string_view page, std::size_t& from) {
  const std::size_t open = find_tag(page, "pre", from, page.size());
  if (open == std::string_view::npos) return std::nullopt;
  const std::size_t gt = page.find('>', open);
  if (gt == std::string_view::npos) return std::nullopt;
  const std::size_t close = find_either_case(page, "</pre>", gt + 1);
  if (close == std::string_view::npos) return std::nullopt;
  from = close + 6;
  return page.substr(gt + 1, close - gt - 1);
}

std::int64_t line_count(std::string_view s) {
  if (s.empty()) return 0;
  return count_newlines(s) + (s.back() == '\n' ? 0 : 1);
}

}  // namespace

std::optional<CablegatePage> scan_cablegate_page(std::string_view page) {
  const std::size_t table = find_cable_table(page);
  if (table == std::string_view::npos) return std::nullopt;
  std::size_t table_end = find_either_case(page, "</table", table);
  if (table_end == std::string_view::npos) table_end = page.size();

  CablegatePage out;
  // The data row is the first row with <td> cells; a later row ("Appears in
  // these articles:") is ignored.
  const std::size_t first_td = find_tag(page, "td", table, table_end);
  if (first_td != std::string_view::npos) {
    std::size_t row_end = find_either_case(page.substr(0, table_end), "</tr", first_td);
    if (row_end == std::string_view::npos) row_end = table_end;
    std::size_t td = first_td;
    while (td != std::string_view::npos && td < row_end) {
      const std::size_t gt = page.find('>', td);
      if (gt == std::string_view::npos || gt >= row_end) break;
      std::size_t cell_end = find_either_case(page.substr(0, row_end), "</td", gt + 1);
      const std::size_t next_td = find_tag(page, "td", gt + 1, row_end);
      if (cell_end == std::string_view::npos ||
          (next_td != std::string_view::npos && next_td < cell_end)) {
        cell_end = next_td != std::string_view::npos ? next_td : row_end;
      }
      out.cells.push_back(page.substr(gt + 1, cell_end - gt - 1));
      td = next_td;
    }
  }

  std::size_t from = table_end;
  const std::optional<std::string_view> header = next_pre_block(page, from);
  const std::optional<std::string_view> body = header ? next_pre_block(page, from) : std::nullopt;
  if (!header || !body) return std::nullopt;
  out.header_block = *header;
  out.body_block = *body;
  return out;
}

void decode_cablegate_text(std::string_view html, std::string& out) {
  out.reserve(out.size() + html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t special = next_special(html, i);
    out.append(html.data() + i, special - i);
    i = special;
    if (i >= html.size()) break;
    const std::size_t n = html[i] == '&' ? decode_entity(html, i, out) : link_tag_length(html, i);
    if (n == 0) {
      out.push_back(html[i]);
      ++i;
    } else {
      i += n;
    }
  }
}

std::string decode_cablegate_text(std::string_view html) {
  std::string out;
  decode_cablegate_text(html, out);
  return out;
}

std::string cablegate_cell_text(std::string_view cell_html) {
  // Drop every tag (the cell holds a link), then decode what is left.
  std::string stripped;
  std::size_t i = 0;
  while (i < cell_html.size()) {
    const std::size_t lt = cell_html.find('<', i);
    if (lt == std::string_view::npos) {
      stripped.append(cell_html.substr(i));
      break;
    }
    stripped.append(cell_html.substr(i, lt - i));
    const std::size_t gt = cell_html.find('>', lt);
    if (gt == std::string_view::npos) {
      stripped.append(cell_html.substr(lt));
      break;
    }
    stripped.push_back(' ');
    i = gt + 1;
  }
  return text::squeeze_spaces(decode_cablegate_text(stripped));
}

std::vector<std::string> cablegate_paragraph_anchors(std::string_view page) {
  std::vector<std::string> out;
  constexpr std::string_view kId = "id='par";
  std::size_t from = 0;
  while (true) {
    std::size_t pos = page.find(kId, from);
    if (pos == std::string_view::npos) break;
    from = pos + kId.size();
    const std::size_t lt = page.rfind('<', pos);
    if (lt == std::string_view::npos || link_tag_length(page, lt) == 0 ||
        lt + link_tag_length(page, lt) <= pos) {
      continue;
    }
    const std::size_t end = page.find('\'', from);
    if (end == std::string_view::npos) break;
    out.emplace_back(page.substr(from, end - from));
  }
  return out;
}

Result<Cable> read_cablegate_html(std::string_view page, const ReadOptions& options) {
  if (text::trim(page).empty()) {
    return Error{
        .code = Errc::kInvalidInput, .message = "empty input", .where = error_where(options)};
  }
  if (std::optional<Error> too_big = check_record_size(page.size(), options)) return *too_big;
  const std::optional<CablegatePage> scanned = scan_cablegate_page(page);
  if (!scanned) {
    const bool has_table = find_cable_table(page) != std::string_view::npos;
    return Error{.code = Errc::kInvalidInput,
                 .message = has_table
                                ? "not a Cablegate cable page: expected two <pre> blocks "
                                  "after <table class='cable'>"
                                : "not a Cablegate cable page: expected <table class='cable'>",
                 .where = error_where(options)};
  }

  std::vector<Warning> warnings;
  ArchiveMetadata metadata;
  auto cell = [&](std::size_t k) -> std::optional<std::string> {
    if (k >= scanned->cells.size()) return std::nullopt;
    std::string value = cablegate_cell_text(scanned->cells[k]);
    if (value.empty()) return std::nullopt;
    return value;
  };
  if (scanned->cells.size() < 5) {
    warnings.push_back({0,
                        "the cable table has fewer than 5 cells (ID, Created, Released, "
                        "Classification, Origin)"});
  }
  if (std::optional<std::string> id = cell(0)) metadata.id = archive_id(*id, 0, warnings);
  if (std::optional<std::string> created = cell(1)) {
    metadata.created = iso_from_cablegate_time(*created);
    if (!metadata.created) warnings.push_back({0, "unreadable Created time in the cable table"});
  }
  if (std::optional<std::string> released = cell(2)) {
    metadata.released = iso_from_cablegate_time(*released);
    if (!metadata.released) warnings.push_back({0, "unreadable Released time in the cable table"});
  }
  // The link text, not its title attribute: titles are often wrong.
  metadata.classification = cell(3);
  metadata.origin = cell(4);

  std::string header;
  std::string body;
  decode_cablegate_text(scanned->header_block, header);
  decode_cablegate_text(scanned->body_block, body);
  // A few pages left the table's closing tags inside the block
  // ("TAUBMAN\n</td></tr>\n</table>"); the CSV form of the cable has none.
  for (std::string_view tail : {"</table>", "</td></tr>"}) {
    std::string_view b = text::trim_right(body);
    if (b.ends_with(tail)) body.resize(b.size() - tail.size());
  }
  const DecodedText decoded{.header = header,
                            .header_line = options.first_line,
                            .text = body,
                            .text_line = options.first_line + line_count(header),
                            .split_known = true};
  std::optional<RawText> raw;
  if (options.keep_raw) {
    raw = RawText{.header = std::string(scanned->header_block),
                  .body = std::string(scanned->body_block)};
  }
  return finish_cable(decoded, metadata, std::move(warnings), Format::kCablegateHtml,
                      std::move(raw));
}

}  // namespace chancery::parse
