// chancery_phrase_pairs: the list of src/index/phrase_pairs.cc, derived from
// an archive of real cables (the development corpus: see bench/README.md,
// "Phrase pairs").
//
// Reads every document of the archive's index shards, and counts, for each
// pair of adjacent unprefixed stems, the documents holding it. Pairs with a
// stopword, a number, a one-letter stem, a TAGS code (--tags: the taxonomy's
// tab-separated file, code first) or the cables' boilerplate (SIPDIS, "END
// SUMMARY", markings, reference and section words) are left out: no one
// searches for them, and they would cost postings. Prints the pairs held by
// at least --min-documents documents, most frequent first: "count<TAB>pair".
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include "index/shards.h"

namespace {

// Snowball's English stopwords, and a few reporting words as common.
constexpr const char* kStopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
    "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
    "yourselves", "also", "said", "says", "say", "may", "might", "must", "shall", "upon", "per", "via"};

// Stems of the cables' furniture rather than their prose.
constexpr const char* kBoilerplate[] = {
    "sipdi", "tag", "end", "uncla", "noforn", "classifi", "websit", "xxxxxxxxxxxx", "http", "www",
    "ref", "sensit", "eo", "subject", "cs", "sbu", "unclassifi", "confidenti", "secret", "declassifi",
    "decl", "reason", "classif", "section", "para", "paragraph", "summari", "comment", "note", "cabl",
    "dept", "depart", "pass", "pleas", "begin", "text", "sgov", "gov", "nea", "wha", "cen", "mag"};

bool unprefixed_word(const std::string& term) {
  return !term.empty() && ((term[0] >= 'a' && term[0] <= 'z') || static_cast<unsigned char>(term[0]) >= 0x80);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"frequent pairs of adjacent stems in an archive: the phrase pairs' list"};
  std::string archive;
  std::string tags_file;
  unsigned min_documents = 100;
  app.add_option("--archive", archive, "an archive of real cables")->required();
  app.add_option("--tags", tags_file, "the TAGS taxonomy (tab-separated, code first; header skipped)");
  app.add_option("--min-documents", min_documents, "documents a pair must be in");
  CLI11_PARSE(app, argc, argv);

  std::unordered_set<std::string> excluded;
  const Xapian::Stem stemmer("english");
  for (const char* word : kStopwords) {
    excluded.insert(word);
    excluded.insert(stemmer(word));
  }
  for (const char* stem : kBoilerplate) excluded.insert(stem);
  if (!tags_file.empty()) {
    std::ifstream tags(tags_file);
    if (!tags) {
      fmt::print(stderr, "{}: cannot read\n", tags_file);
      return 1;
    }
    std::string line;
    std::getline(tags, line);  // the header
    while (std::getline(tags, line)) {
      std::string code = line.substr(0, line.find('\t'));
      std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::tolower(c); });
      if (!code.empty()) excluded.insert(code);
    }
  }
  auto counted = [&](const std::string& stem) {
    return stem.size() >= 2 && !excluded.contains(stem) &&
           std::none_of(stem.begin(), stem.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
  };

  Xapian::Database db;
  const std::filesystem::path index_dir = std::filesystem::path(archive) / "index";
  for (unsigned i = 0; std::filesystem::exists(chancery::index::shard_path(index_dir, i)); ++i) {
    db.add_database(Xapian::Database(chancery::index::shard_path(index_dir, i).string()));
  }
  std::unordered_map<std::string, unsigned> documents;
  for (Xapian::PostingIterator d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    std::vector<std::pair<Xapian::termpos, std::string>> words;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (!unprefixed_word(term)) continue;
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) words.emplace_back(*p, term);
    }
    std::sort(words.begin(), words.end());
    std::set<std::string> pairs;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      const auto& [pos, first] = words[i];
      const auto& [next, second] = words[i + 1];
      if (next == pos + 1 && counted(first) && counted(second)) pairs.insert(first + " " + second);
    }
    for (const std::string& pair : pairs) ++documents[pair];
  }
  std::vector<std::pair<unsigned, std::string>> frequent;
  for (const auto& [pair, n] : documents) {
    if (n >= min_documents) frequent.emplace_back(n, pair);
  }
  std::sort(frequent.begin(), frequent.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (const auto& [n, pair] : frequent) fmt::print("{}\t{}\n", n, pair);
  return 0;
}
