#include "archive/prepare.h"

#include "chancery/access.h"
#include "index/document.h"

#include <cctype>

#include "core/text.h"
#include "store/codec.h"

namespace chancery::archive {

std::string content_digest(const Cable& cable) {
  Cable content = cable;
  content.format.clear();
  content.released.reset();
  content.warnings.clear();
  content.raw.reset();
  return store::digest_hex(to_json(content));
}

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string series_key(const Cable& cable) {
  if (!cable.subject) return {};
  const std::string subject = lower(*cable.subject);
  // The last parenthesis: "(cable 4 of 4)", "(part 2 of 3)", "(2 of 3)".
  const std::size_t open = subject.rfind('(');
  if (open == std::string::npos) return {};
  const std::size_t close = subject.find(')', open);
  if (close == std::string::npos) return {};
  std::string_view inner = std::string_view(subject).substr(open + 1, close - open - 1);
  for (std::string_view word : {"cable ", "part ", "message "}) {
    if (inner.starts_with(word)) inner.remove_prefix(word.size());
  }
  const std::size_t of = inner.find(" of ");
  if (of == std::string_view::npos) return {};
  const std::string_view part = inner.substr(0, of);
  const std::string_view count = inner.substr(of + 4);
  if (!all_digits(part) || !all_digits(count) || count == "1") return {};
  std::string stem = subject.substr(0, open) + subject.substr(close + 1);
  return cable.origin.value_or("") + "|" + std::string(text::trim(stem)) + "|" +
         std::string(count);
}

Result<store::NewVersion> prepare_version(const Cable& cable, std::string_view raw,
                                          std::string source, std::string format) {
  if (!cable.id || cable.id->empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "no cable id found (no archive metadata and no reference id in the "
                            "text): cannot file it",
                 .where = source};
  }
  store::NewVersion v;
  v.id = *cable.id;
  v.origin = cable.origin.value_or("");
  v.digest = content_digest(cable);
  v.source = std::move(source);
  v.format = std::move(format);
  v.raw_blob = store::compress(raw);
  Cable record = cable;
  record.raw.reset();
  v.record_blob = store::compress_record(to_json(record), raw);
  v.listing.created = cable.created.value_or("");
  v.listing.classification = cable.classification.value_or("");
  v.listing.subject = cable.subject.value_or("");
  for (const std::string& tag : cable.tags) {
    if (!v.listing.tags.empty()) v.listing.tags += store::kTagSeparator;
    v.listing.tags += tag;
  }
  v.listing.series = series_key(cable);
  for (const Reference& ref : cable.references) {
    if (ref.id && *ref.id != v.id) v.refs.emplace_back(*ref.id, ref.text);
  }
  return v;
}

std::vector<Xapian::Document> documents_of(const Cable& cable, std::string_view digest_hex,
                                           index::Tokenizer& tok) {
  return index::build_documents(cable, access::access_of(cable), digest_hex, tok);
}

}  // namespace chancery::archive
