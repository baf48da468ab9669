#include "index/document.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

#include "index/index_terms.h"

namespace chancery::index {
namespace {

// The listing's byte form; a new layout gets a new version byte.
constexpr char kListingVersion = '\x02';

void append_varint(std::string& out, std::size_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

void append_field(std::string& out, std::string_view field) {
  append_varint(out, field.size());
  out.append(field);
}

// Reads what append_varint / append_field wrote from the front of `in`.
bool read_varint(std::string_view& in, std::size_t& n) {
  n = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    n |= static_cast<std::size_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

bool read_field(std::string_view& in, std::string& field) {
  std::size_t size = 0;
  if (!read_varint(in, size) || size > in.size()) return false;
  field.assign(in.substr(0, size));
  in.remove_prefix(size);
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Boolean values are compared as the query normalises them: trimmed, ASCII
// upper case (ids, tags and captions are ASCII).
void add_boolean(Xapian::Document& doc, std::string_view prefix, std::string_view value,
                 bool upper = true) {
  value = trim(value);
  if (value.empty() || prefix.size() + value.size() > kMaxTermBytes) return;
  std::string term(prefix);
  for (char ch : value) {
    term.push_back(upper && ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - ('a' - 'A')) : ch);
  }
  doc.add_boolean_term(term);
}

bool digits(std::string_view s, std::size_t from, std::size_t count) {
  if (from + count > s.size()) return false;
  for (std::size_t k = from; k < from + count; ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
  }
  return true;
}

// Terms and value of the creation date "YYYY-MM-DDTHH:MMZ". A date without
// its time sorts at midnight; anything else is not a date.
void add_created(Xapian::Document& doc, std::string_view created) {
  std::string slot;
  if (digits(created, 0, 4)) {
    add_boolean(doc, terms::kYear, created.substr(0, 4));
    if (created.size() >= 7 && created[4] == '-' && digits(created, 5, 2)) {
      std::string month(created.substr(0, 4));
      month += created.substr(5, 2);
      add_boolean(doc, terms::kMonth, month);
      if (created.size() >= 10 && created[7] == '-' && digits(created, 8, 2)) {
        slot = month;
        slot += created.substr(8, 2);
        if (created.size() >= 16 && created[10] == 'T' && digits(created, 11, 2) &&
            created[13] == ':' && digits(created, 14, 2)) {
          slot += created.substr(11, 2);
          slot += created.substr(14, 2);
        } else {
          slot += "0000";
        }
      }
    }
  }
  doc.add_value(terms::kSlotCreated, slot);
}

}  // namespace

Listing listing_of(const Cable& cable) {
  return Listing{.id = cable.id.value_or(""),
                 .origin = cable.origin.value_or(""),
                 .created = cable.created.value_or(""),
                 .classification = cable.classification.value_or(""),
                 .subject = cable.subject.value_or(""),
                 .tags = cable.tags,
                 .portions = {},
                 .subject_visibility = {},
                 .visibility = {}};
}

std::string encode_listing(const Listing& listing) {
  std::string out;
  out.reserve(16 + listing.id.size() + listing.origin.size() + listing.created.size() +
              listing.classification.size() + listing.subject.size() + 8 * listing.tags.size());
  out.push_back(kListingVersion);
  for (const std::string* field : {&listing.id, &listing.origin, &listing.created,
                                   &listing.classification, &listing.subject}) {
    append_field(out, *field);
  }
  append_varint(out, listing.tags.size());
  for (const std::string& tag : listing.tags) append_field(out, tag);
  append_field(out, listing.portions);
  append_field(out, listing.subject_visibility);
  append_field(out, listing.visibility);
  return out;
}

Result<Listing> decode_listing(std::string_view bytes) {
  const Error bad{.code = Errc::kInvalidInput,
                  .message = "the index holds a listing this version cannot read",
                  .where = {},
                  .hint = "run 'chancery reindex' to rebuild the index from the store"};
  if (bytes.empty() || bytes.front() != kListingVersion) return bad;
  bytes.remove_prefix(1);
  Listing listing;
  for (std::string* field : {&listing.id, &listing.origin, &listing.created,
                             &listing.classification, &listing.subject}) {
    if (!read_field(bytes, *field)) return bad;
  }
  std::size_t tags = 0;
  // Each tag takes at least one byte, which bounds a corrupt count.
  if (!read_varint(bytes, tags) || tags > bytes.size()) return bad;
  listing.tags.resize(tags);
  for (std::string& tag : listing.tags) {
    if (!read_field(bytes, tag)) return bad;
  }
  if (!read_field(bytes, listing.portions) || !read_field(bytes, listing.subject_visibility) ||
      !read_field(bytes, listing.visibility)) {
    return bad;
  }
  if (!bytes.empty()) return bad;
  return listing;
}

namespace {

// Separators of encode_visibility: bytes no marking holds.
constexpr char kPart = '\x1e';
constexpr char kItem = '\x1f';

void append_list(std::string& out, const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(kItem);
    out += items[i];
  }
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (std::size_t at = 0;;) {
    const std::size_t cut = s.find(kItem, at);
    out.emplace_back(s.substr(at, cut == std::string_view::npos ? std::string_view::npos : cut - at));
    if (cut == std::string_view::npos) return out;
    at = cut + 1;
  }
}

}  // namespace

std::string compact_date(std::string_view date) {
  if (date.size() != 10 || !digits(date, 0, 4) || date[4] != '-' || !digits(date, 5, 2) ||
      date[7] != '-' || !digits(date, 8, 2)) {
    return {};
  }
  std::string out(date.substr(0, 4));
  out += date.substr(5, 2);
  out += date.substr(8, 2);
  return out;
}

namespace {

// What both visibilities restrict: no reader sees more through it than
// through either.
access::Visibility meet(const access::Visibility& a, const access::Visibility& b) {
  access::Visibility m;
  m.level = std::max(a.level, b.level);
  m.controls = a.controls;
  m.controls.insert(m.controls.end(), b.controls.begin(), b.controls.end());
  std::sort(m.controls.begin(), m.controls.end());
  m.controls.erase(std::unique(m.controls.begin(), m.controls.end()), m.controls.end());
  const auto has_rel = [](const access::Visibility& v) {
    return std::binary_search(v.controls.begin(), v.controls.end(), "REL");
  };
  if (has_rel(a) && has_rel(b)) {
    std::set_intersection(a.rel_to.begin(), a.rel_to.end(), b.rel_to.begin(), b.rel_to.end(),
                          std::back_inserter(m.rel_to));
  } else {
    m.rel_to = has_rel(a) ? a.rel_to : b.rel_to;
  }
  m.release = a.release.empty() || b.release.empty() ? "" : std::max(a.release, b.release);
  return m;
}

}  // namespace

std::string encode_visibility(const access::Visibility& v) {
  std::string out(1, static_cast<char>('0' + static_cast<int>(v.level)));
  out.push_back(kPart);
  append_list(out, v.controls);
  out.push_back(kPart);
  append_list(out, v.rel_to);
  out.push_back(kPart);
  out += v.release;
  return out;
}

Result<access::Visibility> decode_visibility(std::string_view text) {
  const Error bad{.code = Errc::kInvalidInput,
                  .message = "the index holds a visibility this version cannot read",
                  .where = {},
                  .hint = "run 'chancery reindex' to rebuild the index from the store"};
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    const std::size_t cut = i < 3 ? text.find(kPart) : text.size();
    if (cut == std::string_view::npos) return bad;
    parts[i] = text.substr(0, cut);
    text.remove_prefix(i < 3 ? cut + 1 : cut);
  }
  if (parts[0].size() != 1 || parts[0][0] < '0' || parts[0][0] > '3') return bad;
  access::Visibility v;
  v.level = static_cast<access::Level>(parts[0][0] - '0');
  v.controls = split_list(parts[1]);
  v.rel_to = split_list(parts[2]);
  v.release = std::string(parts[3]);
  return v;
}

std::string encode_key(std::int64_t key) { return std::to_string(key); }

std::int64_t decode_key(std::string_view value) {
  std::int64_t key = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return 0;
    key = key * 10 + (c - '0');
  }
  return key;
}

std::vector<PortionGroup> group_portions(const access::CableAccess& access) {
  std::vector<PortionGroup> groups;
  for (std::size_t i = 0; i < access.portions.size(); ++i) {
    const access::Visibility& v = access.portions[i].visibility;
    auto same = std::find_if(groups.begin(), groups.end(),
                             [&](const PortionGroup& g) { return g.visibility == v; });
    if (same != groups.end()) {
      same->portions.push_back(i);
    } else if (groups.size() < kMaxGroups) {
      groups.push_back(PortionGroup{.visibility = v, .portions = {i}});
    } else {
      groups.back().visibility = meet(groups.back().visibility, v);
      groups.back().portions.push_back(i);
    }
  }
  return groups;
}

std::vector<std::pair<std::string, std::string>> group_texts(const Cable& cable,
                                                             const access::CableAccess& access,
                                                             const PortionGroup& group) {
  std::vector<std::pair<std::string, std::string>> texts;
  for (std::size_t i : group.portions) {
    const access::Portion& portion = access.portions[i];
    const std::string prefix(portion.kind == access::Portion::Kind::kSubject ? terms::kSubject : "");
    texts.emplace_back(prefix, access::portion_text(cable, portion));
  }
  if (cable.origin) texts.emplace_back(terms::kOrigin, *cable.origin);
  if (cable.from) texts.emplace_back(terms::kFrom, *cable.from);
  for (const Recipient& r : cable.to) texts.emplace_back(terms::kTo, r.name);
  for (const Recipient& r : cable.info) texts.emplace_back(terms::kInfo, r.name);
  return texts;
}

std::vector<Xapian::Document> build_documents(const Cable& cable, const access::CableAccess& access,
                                              std::string_view digest_hex, Tokenizer& tok) {
  // The header's boolean terms and values, the same in every group.
  Xapian::Document header;
  if (cable.id) add_boolean(header, terms::kId, *cable.id);
  for (const std::string& tag : cable.tags) add_boolean(header, terms::kTag, tag);
  for (const std::string& caption : cable.handling) add_boolean(header, terms::kHandling, caption);
  if (cable.classification) {
    // "SECRET//NOFORN": the level, then caveats, which are handling too.
    std::string_view rest = *cable.classification;
    std::size_t cut = rest.find("//");
    add_boolean(header, terms::kClass, rest.substr(0, cut));
    while (cut != std::string_view::npos) {
      rest.remove_prefix(cut + 2);
      cut = rest.find("//");
      add_boolean(header, terms::kHandling, rest.substr(0, cut));
    }
  }
  for (const Reference& ref : cable.references) {
    if (ref.id) add_boolean(header, terms::kRef, *ref.id);
  }
  if (cable.origin) add_boolean(header, terms::kOriginExact, *cable.origin, /*upper=*/false);
  add_created(header, cable.created.value_or(""));

  Listing listing = listing_of(cable);
  for (const access::Portion& p : access.portions) {
    if (p.kind == access::Portion::Kind::kSubject) listing.subject_visibility = encode_visibility(p.visibility);
  }

  const std::vector<PortionGroup> groups = group_portions(access);
  std::vector<Xapian::Document> docs;
  docs.reserve(groups.size());
  for (const PortionGroup& group : groups) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    bool first = true;
    for (const auto& [prefix, text] : group_texts(cable, access, group)) {
      if (!first) pos += terms::kFieldGap;
      first = false;
      tok.index_text(text, prefix, doc, pos);
      if (prefix.empty()) tok.add_phrase_pairs(doc);
    }
    for (auto t = header.termlist_begin(); t != header.termlist_end(); ++t) doc.add_boolean_term(*t);
    const access::Visibility& v = group.visibility;
    std::string level(terms::kLevel);
    level.push_back(static_cast<char>('0' + static_cast<int>(v.level)));
    doc.add_boolean_term(level);
    for (const std::string& control : v.controls) add_boolean(doc, terms::kControl, control);
    for (const std::string& entry : v.rel_to) add_boolean(doc, terms::kRelTo, entry);
    doc.add_value(terms::kSlotCreated, header.get_value(terms::kSlotCreated));
    doc.add_value(terms::kSlotDigest, std::string(digest_hex));
    if (v.level != access::Level::kUnclassified) {
      if (std::string release = compact_date(v.release); !release.empty()) {
        doc.add_value(terms::kSlotRelease, release);
      }
    }
    listing.portions.clear();
    if (groups.size() == 1) listing.portions = "*";
    for (std::size_t i : group.portions) {
      if (groups.size() == 1) break;
      if (!listing.portions.empty()) listing.portions.push_back(',');
      const access::Portion& p = access.portions[i];
      switch (p.kind) {
        case access::Portion::Kind::kSubject: listing.portions += 's'; break;
        case access::Portion::Kind::kText: listing.portions += 't'; break;
        case access::Portion::Kind::kParagraph: listing.portions += std::to_string(p.paragraph); break;
      }
    }
    listing.visibility = encode_visibility(v);
    doc.set_data(encode_listing(listing));
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace chancery::index
