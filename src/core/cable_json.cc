// The record's JSON: to_json writes docs/cable-record.md's schema in its
// order, from_json reads it back field by field.
#include <array>
#include <exception>
#include <limits>
#include <new>
#include <span>

#include <fmt/format.h>

#include "chancery/cable.h"

#include "core/json_reader.h"
#include "core/json_writer.h"

namespace chancery {

namespace {

using json::BadUtf8;
using json::Value;
using json::Writer;

void write_string_list(Writer& w, const std::vector<std::string>& list) {
  w.begin_array();
  for (const std::string& s : list) w.value(s);
  w.end_array();
}

void write_recipients(Writer& w, const std::vector<Recipient>& list) {
  w.begin_array();
  for (const Recipient& r : list) {
    w.begin_object();
    w.key_literal("route").value(r.route);
    w.key_literal("name").value(r.name);
    w.key_literal("precedence").value(r.precedence);
    w.key_literal("mcn").value(r.mcn);
    w.key_literal("excluded");
    write_string_list(w, r.excluded);
    w.end_object();
  }
  w.end_array();
}

// The bytes the big strings will take, so that `out` grows once.
std::size_t estimated_size(const Cable& c) {
  std::size_t n = 1024 + c.body.size();
  if (c.summary) n += c.summary->size();
  for (const Paragraph& p : c.paragraphs) n += p.text.size() + 48;
  if (c.raw) n += c.raw->header.size() + c.raw->body.size() + 32;
  n += (c.to.size() + c.info.size()) * 96;
  n += c.references.size() * 64 + c.warnings.size() * 96;
  return n + n / 16;  // escapes
}

}  // namespace

void append_json(const Cable& c, std::string& out) {
  out.reserve(out.size() + estimated_size(c));
  Writer w(out);
  w.begin_object();
  w.key_literal("id").value(c.id);
  w.key_literal("origin").value(c.origin);
  w.key_literal("created").value(c.created);
  w.key_literal("released").value(c.released);
  w.key_literal("classification").value(c.classification);
  w.key_literal("handling");
  write_string_list(w, c.handling);
  w.key_literal("transmission_id").value(c.transmission_id);
  w.key_literal("precedence").value(c.precedence);
  w.key_literal("from").value(c.from);
  w.key_literal("to");
  write_recipients(w, c.to);
  w.key_literal("info");
  write_recipients(w, c.info);
  w.key_literal("subject").value(c.subject);
  w.key_literal("tags");
  write_string_list(w, c.tags);
  w.key_literal("references").begin_array();
  for (const Reference& r : c.references) {
    w.begin_object();
    w.key_literal("bullet").value(r.bullet);
    w.key_literal("id").value(r.id);
    w.key_literal("text").value(r.text);
    w.end_object();
  }
  w.end_array();
  w.key_literal("classified_by").value(c.classified_by);
  w.key_literal("reasons");
  write_string_list(w, c.reasons);
  w.key_literal("declassify_on").value(c.declassify_on);
  w.key_literal("summary").value(c.summary);
  w.key_literal("paragraphs").begin_array();
  for (const Paragraph& p : c.paragraphs) {
    w.begin_object();
    w.key_literal("number").value(p.number);
    w.key_literal("marking").value(p.marking);
    w.key_literal("text").value(p.text);
    w.end_object();
  }
  w.end_array();
  w.key_literal("signed_by");
  write_string_list(w, c.signed_by);
  w.key_literal("sections").value(c.sections);
  w.key_literal("body").value(c.body);
  w.key_literal("format").value(c.format);
  w.key_literal("warnings").begin_array();
  for (const Warning& warning : c.warnings) {
    w.begin_object();
    w.key_literal("line").value(warning.line);
    w.key_literal("message").value(warning.message);
    w.end_object();
  }
  w.end_array();
  if (c.raw) {
    // The input verbatim may hold any bytes: escape what is not UTF-8 so
    // that from_json gives back exactly these bytes.
    w.key_literal("raw").begin_object();
    w.key_literal("header").value(c.raw->header, BadUtf8::kSurrogateEscape);
    w.key_literal("body").value(c.raw->body, BadUtf8::kSurrogateEscape);
    w.end_object();
  }
  w.end_object();
}

std::string to_json(const Cable& cable) {
  std::string out;
  append_json(cable, out);
  return out;
}

namespace {

// Where a value sits in the record, for messages: to[2].name. Built only
// when an error is reported.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;  // member name; empty for the root and for elements
  std::size_t index = 0;
  bool element = false;  // an array element: [index]

  std::string str() const {
    std::string s = parent != nullptr ? parent->str() : std::string();
    if (element) {
      s += fmt::format("[{}]", index);
    } else if (!key.empty()) {
      if (!s.empty()) s.push_back('.');
      s.append(key);
    }
    return s;
  }
};

// Reads JSON values into the record's types. Each get_* returns false after
// recording the first error; strings are moved out of the parsed document.
class Mapper {
 public:
  Error take_error() { return std::move(error_); }

  bool fail(const Path& path, std::string_view what) {
    error_ = Error{.code = Errc::kInvalidInput,
                   .message = fmt::format("field \"{}\": {}", path.str(), what)};
    return false;
  }

  bool expected(const Path& path, std::string_view what, const Value& got) {
    return fail(path,
                fmt::format("expected {}, found {}", what, json::type_description(got.type())));
  }

  // Finds the members named in `names` in one pass over `obj`. Unknown keys
  // are skipped (forward compatibility); a known key twice is an error.
  template <std::size_t N>
  bool bind(Value& obj, const Path& path, const std::array<std::string_view, N>& names,
            std::array<Value*, N>& found) {
    found.fill(nullptr);
    if (!obj.is_object()) return expected(path, "an object", obj);
    for (json::Member& m : obj.as_object()) {
      for (std::size_t i = 0; i < N; ++i) {
        if (m.key != names[i]) continue;
        if (found[i] != nullptr) return fail(Path{&path, names[i]}, "appears twice");
        found[i] = &m.value;
        break;
      }
    }
    return true;
  }

  // The member `i` found by bind(); missing is an error.
  Value* need(const Path& path, std::span<const std::string_view> names,
              std::span<Value* const> found, std::size_t i) {
    if (found[i] == nullptr) {
      fail(Path{&path, names[i]}, "missing");
      return nullptr;
    }
    return found[i];
  }

  bool get(Value* v, const Path& path, std::string& out) {
    if (v == nullptr) return false;
    if (!v->is_string()) return expected(path, "a string", *v);
    out = std::move(v->as_string());
    return true;
  }

  bool get(Value* v, const Path& path, std::optional<std::string>& out) {
    if (v == nullptr) return false;
    if (v->is_null()) {
      out.reset();
      return true;
    }
    if (!v->is_string()) return expected(path, "a string or null", *v);
    out = std::move(v->as_string());
    return true;
  }

  bool get(Value* v, const Path& path, int& out) {
    if (v == nullptr) return false;
    const std::optional<std::int64_t> n = v->as_int();
    if (!n) return expected(path, "an integer", *v);
    if (*n < std::numeric_limits<int>::min() || *n > std::numeric_limits<int>::max()) {
      return fail(path, "integer out of range");
    }
    out = static_cast<int>(*n);
    return true;
  }

  template <typename T>
  bool get(Value* v, const Path& path, std::vector<T>& out) {
    if (v == nullptr) return false;
    if (!v->is_array()) return expected(path, "an array", *v);
    Value::Array& items = v->as_array();
    out.clear();
    out.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!get_item(&items[i], Path{&path, {}, i, true}, out[i])) return false;
    }
    return true;
  }

  bool get_item(Value* v, const Path& path, std::string& out) { return get(v, path, out); }

  bool get_item(Value* v, const Path& path, Recipient& out) {
    static constexpr std::array<std::string_view, 5> kNames = {"route", "name", "precedence", "mcn",
                                                               "excluded"};
    std::array<Value*, 5> f{};
    if (!bind(*v, path, kNames, f)) return false;
    auto field = [&](std::size_t i, auto& dst) {
      return get(need(path, kNames, f, i), Path{&path, kNames[i]}, dst);
    };
    return field(0, out.route) && field(1, out.name) && field(2, out.precedence) &&
           field(3, out.mcn) && field(4, out.excluded);
  }

  bool get_item(Value* v, const Path& path, Reference& out) {
    static constexpr std::array<std::string_view, 3> kNames = {"bullet", "id", "text"};
    std::array<Value*, 3> f{};
    if (!bind(*v, path, kNames, f)) return false;
    auto field = [&](std::size_t i, auto& dst) {
      return get(need(path, kNames, f, i), Path{&path, kNames[i]}, dst);
    };
    return field(0, out.bullet) && field(1, out.id) && field(2, out.text);
  }

  bool get_item(Value* v, const Path& path, Paragraph& out) {
    static constexpr std::array<std::string_view, 3> kNames = {"number", "marking", "text"};
    std::array<Value*, 3> f{};
    if (!bind(*v, path, kNames, f)) return false;
    auto field = [&](std::size_t i, auto& dst) {
      return get(need(path, kNames, f, i), Path{&path, kNames[i]}, dst);
    };
    return field(0, out.number) && field(1, out.marking) && field(2, out.text);
  }

  bool get_item(Value* v, const Path& path, Warning& out) {
    static constexpr std::array<std::string_view, 2> kNames = {"line", "message"};
    std::array<Value*, 2> f{};
    if (!bind(*v, path, kNames, f)) return false;
    auto field = [&](std::size_t i, auto& dst) {
      return get(need(path, kNames, f, i), Path{&path, kNames[i]}, dst);
    };
    return field(0, out.line) && field(1, out.message);
  }

  // "raw" is optional: absent or null means the record carries no raw text.
  bool get_raw(Value* v, const Path& path, std::optional<RawText>& out) {
    out.reset();
    if (v == nullptr || v->is_null()) return true;
    static constexpr std::array<std::string_view, 2> kNames = {"header", "body"};
    std::array<Value*, 2> f{};
    if (!bind(*v, path, kNames, f)) return false;
    RawText raw;
    if (!get(need(path, kNames, f, 0), Path{&path, kNames[0]}, raw.header) ||
        !get(need(path, kNames, f, 1), Path{&path, kNames[1]}, raw.body)) {
      return false;
    }
    out = std::move(raw);
    return true;
  }

 private:
  Error error_;
};

// The record's fields in the order of docs/cable-record.md; "raw" last.
// clang-format off
constexpr std::array<std::string_view, 25> kCableFields = {
    "id", "origin", "created", "released", "classification", "handling",
    "transmission_id", "precedence", "from", "to", "info", "subject",
    "tags", "references", "classified_by", "reasons", "declassify_on", "summary",
    "paragraphs", "signed_by", "sections", "body", "format", "warnings",
    "raw",
};
// clang-format on

Result<Cable> map_cable(Value& doc) {
  Mapper m;
  const Path root{};  // fields of the top level are named without a prefix
  std::array<Value*, kCableFields.size()> f{};
  if (!doc.is_object()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("record: expected an object, found {}",
                                        json::type_description(doc.type()))};
  }
  if (!m.bind(doc, root, kCableFields, f)) return m.take_error();
  Cable c;
  // Called in kCableFields order: each call reads the next field.
  std::size_t i = 0;
  auto field = [&](auto& dst) {
    const std::size_t k = i++;
    return m.get(m.need(root, kCableFields, f, k), Path{nullptr, kCableFields[k]}, dst);
  };
  const bool ok = field(c.id) && field(c.origin) && field(c.created) && field(c.released) &&
                  field(c.classification) && field(c.handling) && field(c.transmission_id) &&
                  field(c.precedence) && field(c.from) && field(c.to) && field(c.info) &&
                  field(c.subject) && field(c.tags) && field(c.references) &&
                  field(c.classified_by) && field(c.reasons) && field(c.declassify_on) &&
                  field(c.summary) && field(c.paragraphs) && field(c.signed_by) &&
                  field(c.sections) && field(c.body) && field(c.format) && field(c.warnings) &&
                  m.get_raw(f[i], Path{nullptr, kCableFields[i]}, c.raw);
  if (!ok) return m.take_error();
  return c;
}

}  // namespace

Result<Cable> from_json(std::string_view text) {
  try {
    Result<Value> doc = json::parse(text);
    if (!doc) return doc.error();
    return map_cable(*doc);
  } catch (const std::bad_alloc&) {
    return Error{.code = Errc::kInternal, .message = "from_json: out of memory"};
  } catch (const std::exception& e) {
    return Error{.code = Errc::kInternal, .message = fmt::format("from_json: {}", e.what())};
  }
}

}  // namespace chancery
