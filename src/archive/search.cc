// search(): the query parsed into Xapian, ranked (BM25) or sorted by date,
// one page of hits built from the index's listings, snippets from the
// store's text, and exact facet counts from the in-memory columns.

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "archive/facets.h"
#include "archive/impl.h"
#include "archive/snippet.h"
#include "chancery/archive.h"
#include "chancery/search.h"
#include "core/json_reader.h"
#include "core/text.h"
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
// The snippet is cut from the text around the first match: the densest
// stretch of matches starts at a match, with a few words before it (kLead in
// snippet.cc), so little text before the first match is needed, and what is
// beyond the window after it is never shown. make_snippet reads every byte it
// is given, 20 times a page.
constexpr std::size_t kWindowBefore = 80;
constexpr std::size_t kWindowAfter = 800;

// The text of a group's portions ("s,0,1,t": see index::Listing), the
// subject left out, one blank line apart.
std::string group_text(const Cable& cable, std::string_view portions) {
  std::string out;
  std::size_t at = 0;
  while (at <= portions.size()) {
    std::size_t cut = portions.find(',', at);
    if (cut == std::string_view::npos) cut = portions.size();
    const std::string_view item = portions.substr(at, cut - at);
    at = cut + 1;
    if (item.empty() || item == "s") continue;
    access::Portion portion;
    if (item == "t") {
      portion.kind = access::Portion::Kind::kText;
    } else {
      portion.kind = access::Portion::Kind::kParagraph;
      const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), portion.paragraph);
      if (ec != std::errc() || end != item.data() + item.size()) continue;
    }
    if (!out.empty()) out += "\n\n";
    out += access::portion_text(cable, portion);
  }
  return out;
}

// The words of the query that can occur in a cable's text: its unprefixed
// terms, which are stems (index_terms.h). Field and boolean terms (an
// uppercase prefix) are not in the body.
std::vector<std::string> text_words(const Xapian::Query& query) {
  std::vector<std::string> words;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    std::string term = *it;
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
    words.push_back(std::move(term));
  }
  return words;
}

// The part of `text` around the first place one of `words` occurs (a stem
// matches as a word prefix, which is what it is): cut at spaces so that no
// word or UTF-8 sequence is split. The start of the text when none occurs.
std::string_view snippet_window(std::string_view text, const std::vector<std::string>& words) {
  if (text.size() <= kWindowBefore + kWindowAfter) return text;
  std::size_t first = std::string_view::npos;
  for (const std::string& word : words) {
    const std::size_t at = text::ifind(text, word);
    if (at < first) first = at;
  }
  if (first == std::string_view::npos) first = 0;
  std::size_t begin = first > kWindowBefore ? first - kWindowBefore : 0;
  std::size_t end = std::min(text.size(), first + kWindowAfter);
  if (begin > 0) {
    const std::size_t space = text.find(' ', begin);
    begin = space < first ? space + 1 : first;
  }
  if (end < text.size()) {
    const std::size_t space = text.rfind(' ', end);
    if (space != std::string_view::npos && space > first) end = space;
  }
  return text.substr(begin, end - begin);
}


// The portions of a listing ("s,0,1,t" or "*") for people: "subject, ¶#1,
// ¶#2, text" (#n: the n-th numbered paragraph), "the whole cable".
std::string portion_names(std::string_view portions) {
  if (portions == "*") return "the whole cable";
  std::string out;
  std::size_t at = 0;
  while (at < portions.size()) {
    std::size_t cut = portions.find(',', at);
    if (cut == std::string_view::npos) cut = portions.size();
    const std::string_view item = portions.substr(at, cut - at);
    at = cut + 1;
    if (!out.empty()) out += " ";
    if (item == "s") {
      out += "subject";
    } else if (item == "t") {
      out += "text";
    } else {
      std::size_t index = 0;
      std::from_chars(item.data(), item.data() + item.size(), index);
      out += "#" + std::to_string(index + 1);
    }
  }
  return out;
}

// The body of a stored record (to_json of a cable without raw), without
// decoding the rest: a snippet needs only the text, and decoding the whole
// record cost more than the snippet itself. The key "body":" can occur
// unescaped only as the record's own member, since quotes inside strings are
// escaped and no nested object of the record has a "body" member.
std::optional<std::string> body_of_record(std::string_view json) {
  const std::size_t key = json.find("\"body\":\"");
  if (key == std::string_view::npos) return std::nullopt;
  const std::size_t open = key + 7;
  std::size_t i = open + 1;
  while (i < json.size() && json[i] != '"') i += json[i] == '\\' ? 2 : 1;
  if (i >= json.size()) return std::nullopt;
  Result<json::Value> value = json::parse(json.substr(open, i + 1 - open));
  if (!value || !value->is_string()) return std::nullopt;
  return std::move(value->as_string());
}

// The text a hit's snippet is cut from: the portions of the matching group.
// A cable of one group ("*") is its whole body.
Result<std::string> read_snippet_text(store::Store& store, std::int64_t key, const index::Listing& listing) {
  Result<std::optional<store::CableRow>> row = store.cable(key);
  if (!row) return row.error();
  if (!*row) return std::string();
  Result<std::string> json = store.record_json(key, (*row)->current);
  if (!json) return json.error();
  if (listing.portions == "*") {
    std::optional<std::string> body = body_of_record(*json);
    if (!body) {
      return Error{.code = Errc::kIo,
                   .message = "store: the record of " + listing.id + " has no text",
                   .hint = "run 'chancery check'"};
    }
    return std::move(*body);
  }
  Result<Cable> cable = from_json(*json);
  if (!cable) return cable.error();
  return group_text(*cable, listing.portions);
}

// The same through the archive's cache of recent texts.
Result<std::string> snippet_text(Archive::Impl& impl, std::int64_t key, const index::Listing& listing) {
  if (const std::string* cached = impl.snippet_texts.find(key, listing.portions)) return *cached;
  Result<std::string> text = read_snippet_text(impl.store, key, listing);
  if (text) impl.snippet_texts.put(key, listing.portions, *text);
  return text;
}

// A hit's listing (its document's data) through the archive's cache.
std::string listing_data(Archive::Impl& impl, Xapian::docid combined, const Xapian::MSetIterator& it) {
  if (const std::string* cached = impl.listings.find(combined, "")) return *cached;
  std::string data = it.get_document().get_data();
  impl.listings.put(combined, "", data);
  return data;
}

// Candidates past which the shards are counted at once, a thread each.
constexpr double kParallelCount = 10'000;

// BM25 without its document-length normalisation (b = 0; k1 = 1 saturates
// a word's repetitions as usual). Normalising reads each candidate's length
// from the index's length list, decoding it entry by entry up to the
// candidate: at Cablegate scale that was 90% of a search for a word in 3,000
// cables (`larijani`: 3.8 ms -> 0.4 ms; a top 20 of the 31 bench queries,
// p50 4.9 -> 1.7 ms). Cables are short reports of similar length, and a
// cable's documents are its groups of portions (a subject alone is a short
// document), whose lengths say little of relevance.
Xapian::BM25Weight relevance() { return Xapian::BM25Weight(1.0, 0.0, 1.0, 0.0, 0.5); }

// The ranked list of matching documents, fetched `n` at a time. A query in
// which no document can weigh anything (filters alone: `tag:PREL`,
// `year:2009`) runs in each shard alone and the lists are merged in the order
// the one database would give (docid, or date then docid): Xapian 1.4 stops
// such a match once it has the page only in a single database, and visits
// every match of the filter otherwise (40 ms for `tag:PREL` at Cablegate
// scale, against 0.1 ms). A weighted query runs in the one database, whose
// statistics rank it.
class RankedList {
 public:
  // `has_words`: the query has free-text words, which weigh something
  // (else Xapian is asked whether anything does).
  RankedList(const Xapian::Database& all, const std::vector<Xapian::Database>& shards, const Xapian::Query& query,
             bool has_words, SortOrder sort, const Xapian::MatchDecider* decider)
      : decider_(decider), sorted_(sort != SortOrder::kRelevance), shards_(static_cast<unsigned>(shards.size())) {
    bool weightless = false;
    if (!has_words) {
      Xapian::Enquire probe(all);
      probe.set_query(query);
      weightless = probe.get_mset(0, 0).get_max_possible() == 0.0;
    }
    if (weightless) {
      for (const Xapian::Database& shard : shards) enquires_.emplace_back(shard);
    } else {
      enquires_.emplace_back(all);
    }
    for (Xapian::Enquire& enquire : enquires_) {
      enquire.set_query(query);
      enquire.set_weighting_scheme(relevance());
      if (sorted_) enquire.set_sort_by_value_then_relevance(index::terms::kSlotCreated, sort == SortOrder::kNewest);
    }
    newest_ = sort == SortOrder::kNewest;
  }

  struct Entry {
    Xapian::docid combined;  // in the one database
    std::size_t list;        // which mset
    Xapian::doccount rank;   // in it
  };

  // The first `n` documents. Returns whether they are every match.
  bool fetch(Xapian::doccount n) {
    msets_.clear();
    entries_.clear();
    bool complete = true;
    estimate_ = 0;
    upper_bound_ = 0;
    const bool alone = enquires_.size() > 1;  // each shard alone
    for (std::size_t i = 0; i < enquires_.size(); ++i) {
      msets_.push_back(enquires_[i].get_mset(0, n, 0, nullptr, decider_));
      const Xapian::MSet& mset = msets_.back();
      complete = complete && mset.size() < n;
      estimate_ += mset.get_matches_estimated();
      upper_bound_ += mset.get_matches_upper_bound();
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::docid combined = alone ? (*it - 1) * shards_ + static_cast<Xapian::docid>(i) + 1 : *it;
        entries_.push_back(Entry{.combined = combined, .list = i, .rank = it.get_rank()});
      }
    }
    if (alone) {
      // Weightless: by date (then docid) when sorted, else by docid.
      std::stable_sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) {
        if (sorted_) {
          const std::string ka = msets_[a.list][a.rank].get_sort_key();
          const std::string kb = msets_[b.list][b.rank].get_sort_key();
          if (ka != kb) return newest_ ? ka > kb : ka < kb;
        }
        return a.combined < b.combined;
      });
      // Each shard gave its first n: the first n merged are the first n
      // (and all of them are every match when no shard had n).
      if (!complete && entries_.size() > n) entries_.resize(n);
    }
    return complete;
  }

  const std::vector<Entry>& entries() const { return entries_; }
  std::int64_t key(const Entry& e) const { return index::key_of_combined(e.combined, shards_); }
  Xapian::MSetIterator at(const Entry& e) const { return msets_[e.list][e.rank]; }
  double estimate() const { return estimate_; }
  double upper_bound() const { return upper_bound_; }

 private:
  const Xapian::MatchDecider* decider_;
  bool sorted_;
  unsigned shards_;
  bool newest_ = false;
  std::vector<Xapian::Enquire> enquires_;
  std::vector<Xapian::MSet> msets_;
  std::vector<Entry> entries_;
  double estimate_ = 0;
  double upper_bound_ = 0;
};

// One page of hits, one per cable. Xapian ranks documents, and a cable has
// one per group of its portions, so the page is cut from a longer list with
// each cable's later documents dropped (its best-ranked one kept). Xapian's
// own collapse does this too, but keeps a std::map entry per distinct cable,
// which cost more than the rest of the search for a common word.
struct CablePage {
  std::vector<RankedList::Entry> picks;  // the page (and one more, if any)
  std::uint64_t cables = 0;              // distinct cables in the list fetched
  std::size_t documents = 0;             // documents in it
  bool complete = false;                 // the list held every match
};

CablePage cable_page(RankedList& list, std::uint32_t offset, std::uint32_t limit, Xapian::doccount doccount) {
  const std::uint64_t wanted = std::uint64_t{offset} + limit + 1;
  // Most cables have one or two documents; fetch twice the page, and more
  // when a page's cables were spread over more documents than that.
  auto fetch = static_cast<Xapian::doccount>(std::min<std::uint64_t>(wanted * 2 + 8, std::uint64_t{doccount} + 1));
  CablePage page;
  std::unordered_set<std::int64_t> seen;
  for (;;) {
    page.complete = list.fetch(fetch);
    page.picks.clear();
    page.cables = 0;
    page.documents = list.entries().size();
    seen.clear();
    for (const RankedList::Entry& entry : list.entries()) {
      if (!seen.insert(list.key(entry)).second) continue;
      if (++page.cables > offset && page.picks.size() < std::uint64_t{limit} + 1) page.picks.push_back(entry);
    }
    if (page.complete || page.cables >= wanted || fetch > doccount) return page;
    fetch = static_cast<Xapian::doccount>(std::min<std::uint64_t>(std::uint64_t{fetch} * 2, std::uint64_t{doccount} + 1));
  }
}

}  // namespace

Result<SearchResult> Archive::search(const SearchRequest& request, const Viewer& viewer) {
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
  const bool exact = request.exact_total || !kinds.empty();
  const FacetColumns* columns = nullptr;
  if (exact) {
    Result<const FacetColumns*> loaded = impl_->facet_columns();
    if (!loaded) return loaded.error();
    columns = *loaded;
  }
  Result<Xapian::Query> query = index::QueryParser(&db, impl_->phrase_pairs).parse(request.query);
  if (!query) return query.error();
  const Sight sight = impl_->sight(viewer);

  return index::guard("searching", [&]() -> Result<SearchResult> {
    SearchResult result;
    result.parsed_query = query->get_description();
    std::optional<AccessDecider> decider;
    if (!sight.everything()) {
      Result<const AccessTable*> table = impl_->access_table();
      if (!table) return table.error();
      decider.emplace(**table, db, impl_->shards, sight);
    }
    const AccessDecider* filter = decider ? &*decider : nullptr;
    const Xapian::doccount doccount = db.get_doccount();
    const std::vector<std::string> words = text_words(*query);
    RankedList list(db, impl_->shard_readers, *query, !words.empty(), request.sort, filter);
    const CablePage page = cable_page(list, request.offset, request.limit, doccount);
    std::optional<FacetCounter> counter;
    if (columns != nullptr) {
      counter.emplace(*columns, kinds);
      // Xapian's bound on the documents matching: the candidates the count
      // will look at (every document's, not only those the viewer may see:
      // it only picks the way to count). Not its estimate, which for a
      // phrase is a guessed fraction of the candidates: 7,000 for "human
      // rights", whose 80,000 cables were then counted in one thread.
      const bool parallel = list.upper_bound() > kParallelCount;
      if (Result<void> counted = count_matches(impl_->shard_readers, *query, filter, *counter, parallel);
          !counted) {
        return counted.error();
      }
    }
    if (counter) {
      result.total = counter->cables();
      result.total_exact = true;
    } else if (page.complete) {
      result.total = page.cables;
      result.total_exact = true;
    } else if (decider) {
      // Xapian's estimate comes from statistics over every document, those
      // the viewer may not see included: a filtered viewer is told only how
      // many it has been shown there are, at least.
      result.total = page.cables;
      result.total_exact = false;
    } else {
      // Xapian estimates documents; scaled to cables as in the list fetched.
      const double per_document = static_cast<double>(page.cables) / static_cast<double>(page.documents);
      result.total = std::max<std::uint64_t>(page.cables, static_cast<std::uint64_t>(list.estimate() * per_document + 0.5));
      result.total_exact = false;
    }
    std::uint32_t shown = 0;
    std::string audited;  // the classified text returned, for the audit log
    for (const RankedList::Entry& pick : page.picks) {
      if (shown++ == request.limit) break;
      const Xapian::MSetIterator it = list.at(pick);
      Result<index::Listing> listing = index::decode_listing(listing_data(*impl_, pick.combined, it));
      if (!listing) return listing.error();
      bool subject_seen = true;
      bool subject_classified = false;
      if (!listing->subject_visibility.empty()) {
        Result<access::Visibility> subject = index::decode_visibility(listing->subject_visibility);
        if (!subject) return subject.error();
        subject_seen = sight.may_see(*subject, listing->id);
        subject_classified = subject_seen && sight.classified(*subject, listing->id);
      }
      Result<access::Visibility> group = index::decode_visibility(listing->visibility);
      if (!group) return group.error();
      const bool snippet_classified = request.snippets && sight.classified(*group, listing->id);
      if (subject_classified || snippet_classified) {
        audited += audited.empty() ? "" : "; ";
        audited += listing->id + ": ";
        audited += subject_classified ? "subject" : "";
        if (snippet_classified) {
          audited += std::string(subject_classified ? "," : "") + "snippet of " + portion_names(listing->portions);
        }
      }
      SearchHit hit{.key = list.key(pick),
                    .id = listing->id,
                    .origin = listing->origin,
                    .created = listing->created,
                    .classification = listing->classification,
                    .subject = subject_seen ? listing->subject : std::string(),
                    .subject_withheld = !subject_seen,
                    .tags = listing->tags,
                    .score = request.sort == SortOrder::kRelevance && !decider ? it.get_weight() : 0.0,
                    .snippet = {}};
      if (request.snippets) {
        Result<std::string> text = snippet_text(*impl_, hit.key, *listing);
        if (!text) return text.error();
        hit.snippet = make_snippet(snippet_window(*text, words), words,
                                   SnippetStyle{.length = kSnippetBytes,
                                                .open = request.highlight_open,
                                                .close = request.highlight_close});
      }
      result.hits.push_back(std::move(hit));
    }
    if (counter) result.facets = counter->result(request.facet_limit);
    if (Result<void> r = impl_->audit(sight, "search", request.query, audited); !r) return r.error();
    result.disclosed = std::move(audited);
    return result;
  });
}

}  // namespace chancery::archive
