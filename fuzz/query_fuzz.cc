// fuzz_query: index::QueryParser::parse on any text, then the parsed query
// run against a small index. Any input either parses or is refused with
// kInvalidInput: never a throw, never kInternal; text over kMaxQueryBytes is
// always refused; a parsed query is not empty and Xapian can run it; parsed
// for an index holding phrase pairs (index/phrase_pairs.h), it finds the
// same documents with the same weights.
#include <xapian.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_checks.h"
#include "index/index_terms.h"
#include "index/query_parser.h"

namespace {

// A few cables' worth of the terms the document builder writes, so that
// wildcards expand and value ranges compare real values.
const Xapian::WritableDatabase& index_for_fuzzing() {
  static const Xapian::WritableDatabase db = [] {
    namespace terms = chancery::index::terms;
    Xapian::WritableDatabase out(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const char* const ids[] = {"07TELAVIV557", "07TELAVIV553", "08BAGHDAD100"};
    const char* const created[] = {"200702221200", "200701010000", ""};
    for (int i = 0; i < 3; ++i) {
      Xapian::Document doc;
      doc.add_boolean_term(std::string(terms::kId) + ids[i]);
      doc.add_boolean_term(std::string(terms::kTag) + (i == 0 ? "PREL" : "PGOV"));
      doc.add_boolean_term(std::string(terms::kClass) + "SECRET");
      doc.add_boolean_term(std::string(terms::kYear) + "2007");
      doc.add_value(terms::kSlotCreated, created[i]);
      Xapian::termpos pos = 1;
      for (const char* word : {"iran", "iraq", "nuclear", "program"}) doc.add_posting(word, pos++);
      // The listed pair of "nuclear program", as the tokenizer adds it.
      doc.add_term(std::string(terms::kPair) + "nuclear program");
      doc.add_term("Ziran");
      doc.add_posting("Snuclear", pos + chancery::index::terms::kFieldGap);
      out.add_document(doc);
    }
    return out;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view text = fuzz::as_text(data, size);
  const Xapian::Database& db = index_for_fuzzing();
  const index::QueryParser parser(&db);
  const Result<Xapian::Query> query = parser.parse(text);
  const Result<Xapian::Query> paired = index::QueryParser(&db, /*phrase_pairs=*/true).parse(text);
  fuzz::check(paired.has_value() == query.has_value(), "phrase pairs parse what plain parsing does");
  if (!query) {
    if (query.error().code != Errc::kInvalidInput) {
      std::fprintf(stderr, "fuzz invariant detail: %s: %s\n", errc_name(query.error().code),
                   query.error().message.c_str());
      fuzz::fail("a refused query is kInvalidInput");
    }
    fuzz::check(!query.error().message.empty(), "a refusal says why");
    fuzz::check(query.error().hint == "see docs/search.md", "a refusal points to docs/search.md");
    return 0;
  }
  fuzz::check(size <= index::kMaxQueryBytes, "text over kMaxQueryBytes is refused");
  fuzz::check(!query->empty(), "a parsed query is not empty");
  try {
    auto matches = [&db](const Xapian::Query& q) {
      Xapian::Enquire enquire(db);
      enquire.set_query(q);
      const Xapian::MSet mset = enquire.get_mset(0, 10);
      std::vector<std::pair<Xapian::docid, double>> out;
      for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
      return out;
    };
    const auto plain = matches(*query);
    const auto with_pairs = matches(*paired);
    fuzz::check(plain.size() == with_pairs.size(), "phrase pairs find what phrases find");
    for (std::size_t i = 0; i < plain.size(); ++i) {
      fuzz::check(plain[i].first == with_pairs[i].first, "phrase pairs find what phrases find, in order");
      // The same sum of the same weights, perhaps added in another order.
      fuzz::check(std::abs(plain[i].second - with_pairs[i].second) <= 1e-9 * (1 + std::abs(plain[i].second)),
                  "phrase pairs weigh as phrases do");
    }
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "fuzz invariant detail: %s: %s\n", e.get_type(), e.get_msg().c_str());
    fuzz::fail("Xapian runs a parsed query");
  }
  return 0;
}
