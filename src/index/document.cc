#include "index/document.h"

#include <cstdint>
#include <utility>

#include "index/index_terms.h"

namespace chancery::index {
namespace {

// The listing's byte form; a new layout gets a new version byte.
constexpr char kListingVersion = '\x01';

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
                 .tags = cable.tags};
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
  if (!bytes.empty()) return bad;
  return listing;
}

Xapian::Document build_document(const Cable& cable, std::string_view digest_hex, Tokenizer& tok) {
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  tok.index_text(cable.body, {}, doc, pos);
  const auto field = [&](std::string_view text, std::string_view prefix) {
    pos += terms::kFieldGap;
    tok.index_text(text, prefix, doc, pos);
  };
  if (cable.subject) field(*cable.subject, terms::kSubject);
  if (cable.origin) field(*cable.origin, terms::kOrigin);
  if (cable.from) field(*cable.from, terms::kFrom);
  for (const Recipient& r : cable.to) field(r.name, terms::kTo);
  for (const Recipient& r : cable.info) field(r.name, terms::kInfo);

  if (cable.id) add_boolean(doc, terms::kId, *cable.id);
  for (const std::string& tag : cable.tags) add_boolean(doc, terms::kTag, tag);
  for (const std::string& caption : cable.handling) add_boolean(doc, terms::kHandling, caption);
  if (cable.classification) {
    // "SECRET//NOFORN": the level, then caveats, which are handling too.
    std::string_view rest = *cable.classification;
    std::size_t cut = rest.find("//");
    add_boolean(doc, terms::kClass, rest.substr(0, cut));
    while (cut != std::string_view::npos) {
      rest.remove_prefix(cut + 2);
      cut = rest.find("//");
      add_boolean(doc, terms::kHandling, rest.substr(0, cut));
    }
  }
  for (const Reference& ref : cable.references) {
    if (ref.id) add_boolean(doc, terms::kRef, *ref.id);
  }
  if (cable.origin) add_boolean(doc, terms::kOriginExact, *cable.origin, /*upper=*/false);
  add_created(doc, cable.created.value_or(""));
  doc.add_value(terms::kSlotDigest, std::string(digest_hex));
  doc.set_data(encode_listing(listing_of(cable)));
  return doc;
}

}  // namespace chancery::index
