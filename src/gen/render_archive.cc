// The archive formats: a cables.csv row and a Cablegate page.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "gen/render.h"

namespace chancery::gen {
namespace {

// cables.csv escapes with a backslash and doubles nothing.
void append_csv_field(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

std::string_view without_last_break(std::string_view s, std::string_view brk) {
  if (s.ends_with(brk)) s.remove_suffix(brk.size());
  return s;
}

void append_html_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
}

int level_number(std::string_view label) {
  if (label.starts_with("UNCLASSIFIED//")) return 1;
  if (label.starts_with("UNCLASSIFIED")) return 0;
  if (label.starts_with("CONFIDENTIAL")) return 2;
  return 3;
}

}  // namespace

std::string render_csv_row(const GeneratedCable& g) {
  const Cable& c = g.cable;
  const std::string& t = *c.created;  // YYYY-MM-DDTHH:MMZ
  const std::string created =
      fmt::format("{}/{}/{} {}:{}", std::stoi(t.substr(5, 2)), std::stoi(t.substr(8, 2)),
                  t.substr(0, 4), std::stoi(t.substr(11, 2)), t.substr(14, 2));
  std::string out;
  const std::string header = render_header(g, TextStyle::kArchive);
  const std::string text = render_text(g, TextStyle::kArchive);
  out.reserve(header.size() + text.size() + 200);
  append_csv_field(out, std::to_string(g.row));
  out += ',';
  append_csv_field(out, created);
  out += ',';
  append_csv_field(out, *c.id);
  out += ',';
  append_csv_field(out, c.origin.value_or(""));
  out += ',';
  append_csv_field(out, g.label);
  out += ",\"\",";
  append_csv_field(out, without_last_break(header, "\n"));
  out += ',';
  append_csv_field(out, text);
  out += '\n';
  return out;
}

std::string render_html_page(const GeneratedCable& g) {
  const Cable& c = g.cable;
  const std::string& t = *c.created;
  const std::string& r = c.released.value_or(t);
  const std::string year = t.substr(0, 4);
  const std::string month = t.substr(5, 2);
  std::string out;
  out.reserve(16384);
  out +=
      "<?xml version='1.0' encoding='utf-8' ?>\n"
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
      "<html lang='en' xml:lang='en' xmlns='http://www.w3.org/1999/xhtml'>\n"
      "<head>\n<title>Cable Viewer</title>\n"
      "<link href='/static/css/cables.css' rel='stylesheet' type='text/css' />\n"
      "</head>\n<body>\n<div class='main'>\n<div class='pane big'>\n"
      "<h3>Viewing cable ";
  out += *c.id;
  out += ", ";
  append_html_escaped(out, c.subject.value_or(""));
  out +=
      "</h3>\n<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Created</th>\n"
      "<th>Released</th>\n<th>Classification</th>\n<th>Origin</th>\n</tr>\n<tr>\n";
  out += fmt::format("<td>\n<a href='/cable/{}/{}/{}.html'>{}</a>\n</td>\n", year, month, *c.id,
                     *c.id);
  out += fmt::format("<td>\n<a href='/date/{}-{}_0.html'>{} {}</a>\n</td>\n", year, month,
                     t.substr(0, 10), t.substr(11, 5));
  out += fmt::format("<td>\n<a href='/reldate/{}_0.html'>{} {}</a>\n</td>\n", r.substr(0, 10),
                     r.substr(0, 10), r.substr(11, 5));
  out += fmt::format("<td>\n<a href='/classification/{}_0.html'>{}</a>\n</td>\n",
                     level_number(g.label), g.label);
  out += "<td>\n<a href='/origin/0_0.html'>";
  append_html_escaped(out, c.origin.value_or(""));
  out += "</a>\n</td>\n</tr>\n</table>\n";
  out += "<code><pre>";
  out += without_last_break(render_header(g, TextStyle::kHtml), "&#x000A;");
  out += "</pre></code>\n<code><pre>";
  out += render_text(g, TextStyle::kHtml);
  out += "</pre></code>\n</div>\n</div>\n</body>\n</html>\n";
  return out;
}

}  // namespace chancery::gen
