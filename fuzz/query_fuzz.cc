// fuzz_query: index::QueryParser::parse on any text, then the parsed query
// run against a small index. Any input either parses or is refused with
// kInvalidInput: never a throw, never kInternal; text over kMaxQueryBytes is
// always refused; a parsed query is not empty and Xapian can run it.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

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
    Xapian::Enquire enquire(db);
    enquire.set_query(*query);
    (void)enquire.get_mset(0, 10);
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "fuzz invariant detail: %s: %s\n", e.get_type(), e.get_msg().c_str());
    fuzz::fail("Xapian runs a parsed query");
  }
  return 0;
}
