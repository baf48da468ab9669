// search(): the query parsed into Xapian, ranked (BM25) or sorted by date,
// one page of hits built from the index's listings, snippets from the
// store's text, and exact facet counts from the in-memory columns.

#include <algorithm>

#include "archive/facets.h"
#include "archive/impl.h"
#include "chancery/archive.h"
#include "chancery/search.h"
#include "index/document.h"
#include "index/index_terms.h"
#include "index/query_parser.h"
#include "index/shards.h"
#include "index/xapian_error.h"

namespace chancery::archive {
namespace {

// Longest snippet, in bytes of text around the matches.
constexpr std::size_t kSnippetBytes = 240;
// A page is at most this long: a bigger request is a mistake or an attack.
constexpr std::uint32_t kMaxLimit = 10000;

}  // namespace

Result<SearchResult> Archive::search(const SearchRequest& request) {
  std::vector<FacetKind> kinds;
  for (const std::string& name : request.facets) {
    std::optional<FacetKind> kind = facet_kind(name);
    if (!kind) {
      return Error{.code = Errc::kInvalidInput,
                   .message = "unknown facet '" + name + "'",
                   .hint = "facets are tag, origin, year, class and month"};
    }
    kinds.push_back(*kind);
  }
  if (request.limit > kMaxLimit) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "a page holds at most " + std::to_string(kMaxLimit) + " cables"};
  }
  Result<Xapian::Database*> opened = impl_->index();
  if (!opened) return opened.error();
  Xapian::Database& db = **opened;
  const FacetColumns* columns = nullptr;
  if (!kinds.empty()) {
    Result<const FacetColumns*> loaded = impl_->facet_columns();
    if (!loaded) return loaded.error();
    columns = *loaded;
  }
  Result<Xapian::Query> query = index::QueryParser(&db).parse(request.query);
  if (!query) return query.error();

  return index::guard("searching", [&]() -> Result<SearchResult> {
    SearchResult result;
    result.parsed_query = query->get_description();
    Xapian::Enquire enquire(db);
    enquire.set_query(*query);
    switch (request.sort) {
      case SortOrder::kRelevance:
        break;
      case SortOrder::kNewest:
        enquire.set_sort_by_value_then_relevance(index::terms::kSlotCreated, true);
        break;
      case SortOrder::kOldest:
        enquire.set_sort_by_value_then_relevance(index::terms::kSlotCreated, false);
        break;
    }
    std::optional<FacetSpy> spy;
    if (columns != nullptr) {
      spy.emplace(*columns, kinds);
      enquire.add_matchspy(&*spy);
    }
    const bool exact = request.exact_total || spy;
    const Xapian::doccount check_at_least = exact ? db.get_doccount() : 0;
    Xapian::MSet mset = enquire.get_mset(request.offset, request.limit, check_at_least);
    result.total = mset.get_matches_estimated();
    result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    if (result.total_exact) result.total = mset.get_matches_lower_bound();

    const Xapian::Stem stemmer("english");
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document doc = it.get_document();
      Result<index::Listing> listing = index::decode_listing(doc.get_data());
      if (!listing) return listing.error();
      SearchHit hit{.key = index::key_of_combined(*it, impl_->shards),
                    .id = std::move(listing->id),
                    .origin = std::move(listing->origin),
                    .created = std::move(listing->created),
                    .classification = std::move(listing->classification),
                    .subject = std::move(listing->subject),
                    .tags = std::move(listing->tags),
                    .score = request.sort == SortOrder::kRelevance ? it.get_weight() : 0.0,
                    .snippet = {}};
      if (request.snippets) {
        Result<std::optional<store::CableRow>> row = impl_->store.cable(hit.key);
        if (!row) return row.error();
        if (*row) {
          Result<std::string> json = impl_->store.record_json(hit.key, (*row)->current);
          if (!json) return json.error();
          Result<Cable> cable = from_json(*json);
          if (!cable) return cable.error();
          // Neither SNIPPET_BACKGROUND_MODEL (a term-frequency lookup per
          // word of the text) nor SNIPPET_EXHAUSTIVE: together they made a
          // snippet cost ~6 ms; the first good window is what readers want.
          hit.snippet = mset.snippet(cable->body, kSnippetBytes, stemmer, 0,
                                     request.highlight_open, request.highlight_close, "…");
        }
      }
      result.hits.push_back(std::move(hit));
    }
    if (spy) result.facets = spy->result(request.facet_limit);
    return result;
  });
}

}  // namespace chancery::archive
