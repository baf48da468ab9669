// The JSON form of a draft (docs/drafts.md). nlohmann::json stays inside this
// file: its exceptions are caught here and become errors naming the member.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "chancery/compose.h"

namespace chancery::compose {
namespace {

using nlohmann::json;
// Written in the order of the draft's members (docs/drafts.md), read in any.
using ordered = nlohmann::ordered_json;

ordered opt(const std::optional<std::string>& s) { return s ? ordered(*s) : ordered(nullptr); }

ordered addressees(const std::vector<Addressee>& list) {
  ordered out = ordered::array();
  for (const Addressee& a : list) out.push_back({{"name", a.name}, {"precedence", opt(a.precedence)}});
  return out;
}

Error bad(std::string_view member, std::string_view expected, const json& got) {
  return Error{.code = Errc::kInvalidInput,
               .message = fmt::format("draft member \"{}\" must be {}, not {}", member, expected,
                                      got.type_name()),
               .where = std::string(member)};
}

// Readers of one member: absent and null leave the default (lenient); any
// other type than the one expected is an error naming the member (strict).
std::optional<Error> read_string(const json& obj, std::string_view key, std::string_view path,
                                 std::string& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return bad(path, "a string", *it);
  out = it->get<std::string>();
  return std::nullopt;
}

std::optional<Error> read_optional(const json& obj, std::string_view key, std::string_view path,
                                   std::optional<std::string>& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return bad(path, "a string or null", *it);
  out = it->get<std::string>();
  return std::nullopt;
}

std::optional<Error> read_strings(const json& obj, std::string_view key, std::vector<std::string>& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return bad(key, "an array of strings", *it);
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string()) return bad(fmt::format("{}[{}]", key, i), "a string", v);
    out.push_back(v.get<std::string>());
  }
  return std::nullopt;
}

// The elements of an array of objects, each read by `read`.
template <typename T, typename F>
std::optional<Error> read_objects(const json& obj, std::string_view key, std::vector<T>& out, F read) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return bad(key, "an array of objects", *it);
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    const std::string path = fmt::format("{}[{}]", key, i);
    if (!v.is_object()) return bad(path, "an object", v);
    T item;
    if (std::optional<Error> e = read(v, path, item)) return e;
    out.push_back(std::move(item));
  }
  return std::nullopt;
}

std::optional<Error> read_addressee(const json& v, const std::string& path, Addressee& a) {
  if (auto e = read_string(v, "name", path + ".name", a.name)) return e;
  return read_optional(v, "precedence", path + ".precedence", a.precedence);
}

std::optional<Error> read_reference(const json& v, const std::string& path, DraftReference& r) {
  if (auto e = read_string(v, "text", path + ".text", r.text)) return e;
  return read_optional(v, "id", path + ".id", r.id);
}

std::optional<Error> read_paragraph(const json& v, const std::string& path, DraftParagraph& p) {
  const auto text = v.find("text");
  if (text == v.end() || text->is_null()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("draft member \"{}.text\" is missing: a paragraph needs text", path),
                 .where = path + ".text"};
  }
  if (auto e = read_string(v, "text", path + ".text", p.text)) return e;
  if (auto e = read_string(v, "marking", path + ".marking", p.marking)) return e;
  // The number may be written as a JSON number too.
  if (const auto n = v.find("number"); n != v.end() && n->is_number_unsigned()) {
    p.number = std::to_string(n->get<std::uint64_t>());
    return std::nullopt;
  }
  return read_string(v, "number", path + ".number", p.number);
}

}  // namespace

std::string to_json(const Draft& d) {
  ordered out;
  out["id"] = d.id;
  out["author"] = d.author;
  out["from"] = d.from;
  out["precedence"] = d.precedence;
  out["to"] = addressees(d.to);
  out["info"] = addressees(d.info);
  out["exempt"] = d.exempt;
  out["classification"] = d.classification;
  out["captions"] = d.captions;
  out["passing"] = d.passing;
  out["declassify_on"] = d.declassify_on;
  out["tags"] = d.tags;
  out["subject"] = d.subject;
  out["subject_marking"] = d.subject_marking;
  ordered refs = ordered::array();
  for (const DraftReference& r : d.references) refs.push_back({{"text", r.text}, {"id", opt(r.id)}});
  out["references"] = std::move(refs);
  out["classified_by"] = d.classified_by;
  out["reasons"] = d.reasons;
  out["summary"] = d.summary;
  ordered paragraphs = ordered::array();
  for (const DraftParagraph& p : d.paragraphs) {
    ordered jp = {{"marking", p.marking}, {"text", p.text}};
    if (!p.number.empty()) jp["number"] = p.number;
    paragraphs.push_back(std::move(jp));
  }
  out["paragraphs"] = std::move(paragraphs);
  out["signature"] = d.signature;
  // Invalid UTF-8 (a pasted fragment) is replaced rather than thrown about.
  return out.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

Result<Draft> draft_from_json(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("a draft must be a JSON object: {}", e.what()),
                 .where = fmt::format("byte {}", e.byte)};
  }
  if (!doc.is_object()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("a draft must be a JSON object, not {}", doc.type_name())};
  }
  Draft d;
  const std::pair<const char*, std::string*> strings[] = {
      {"id", &d.id},
      {"author", &d.author},
      {"from", &d.from},
      {"precedence", &d.precedence},
      {"classification", &d.classification},
      {"declassify_on", &d.declassify_on},
      {"subject", &d.subject},
      {"subject_marking", &d.subject_marking},
      {"classified_by", &d.classified_by},
      {"summary", &d.summary},
      {"signature", &d.signature}};
  for (const auto& entry : strings) {
    if (auto e = read_string(doc, entry.first, entry.first, *entry.second)) return *e;
  }
  const std::pair<const char*, std::vector<std::string>*> lists[] = {{"exempt", &d.exempt},
                                                                      {"captions", &d.captions},
                                                                      {"passing", &d.passing},
                                                                      {"tags", &d.tags},
                                                                      {"reasons", &d.reasons}};
  for (const auto& entry : lists) {
    if (auto e = read_strings(doc, entry.first, *entry.second)) return *e;
  }
  if (auto e = read_objects(doc, "to", d.to, read_addressee)) return *e;
  if (auto e = read_objects(doc, "info", d.info, read_addressee)) return *e;
  if (auto e = read_objects(doc, "references", d.references, read_reference)) return *e;
  if (auto e = read_objects(doc, "paragraphs", d.paragraphs, read_paragraph)) return *e;
  return d;
}

}  // namespace chancery::compose
