#include "index/query_parser.h"

#include <algorithm>
#include <array>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"
#include "index/index_terms.h"
#include "index/phrase_pairs.h"
#include "index/query_fields.h"
#include "index/tokenizer.h"
#include "index/xapian_error.h"

namespace chancery::index {
namespace {

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                            Xapian::QueryParser::FLAG_LOVEHATE |
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;
constexpr std::string_view kHint = "see docs/search.md";

struct TextField {
  std::string_view name;
  std::string_view prefix;
};
// (origin: is a text field too, read by OriginField.)
constexpr std::array<TextField, 4> kTextFields = {{{"subject", terms::kSubject},
                                                   {"from", terms::kFrom},
                                                   {"to", terms::kTo},
                                                   {"info", terms::kInfo}}};
constexpr std::array<std::string_view, 12> kFieldNames = {"id",     "tag",  "class", "handling",
                                                          "ref",    "year", "date",  "subject",
                                                          "origin", "from", "to",    "info"};

Error invalid(std::string message) {
  return Error{
      .code = Errc::kInvalidInput, .message = std::move(message), .hint = std::string(kHint)};
}

// The first error a processor met while Xapian parsed. Processors cannot
// return one (Xapian wants a Query), and an exception thrown through the
// lemon parser is not something to rely on, so they note it here, return
// MatchNothing, and parse() reports it once Xapian is done.
struct ParseState {
  std::optional<Error> error;
  bool empty_range = false;  // an "a..b" with no words in it ("...")

  Xapian::Query take(Result<Xapian::Query> query) {
    if (query) return std::move(query).value();
    if (!error) {
      error = std::move(query.error());
      if (error->hint.empty()) error->hint = std::string(kHint);
    }
    return Xapian::Query::MatchNothing;
  }
};

// `field:value` for a boolean field.
class FieldValue : public Xapian::FieldProcessor {
 public:
  using Build = Result<Xapian::Query> (*)(std::string_view);
  FieldValue(ParseState& state, Build build) : state_(state), build_(build) {}
  Xapian::Query operator()(const std::string& value) override { return state_.take(build_(value)); }

 private:
  ParseState& state_;
  Build build_;
};

// `origin:value`: the words of the origin field, a phrase when quoted
// (`origin:"Embassy Cairo"`, `origin:cairo`). A cable has one origin and the
// archive a few hundred, so when the index is at hand the value is matched
// against each origin's words here, and the query is the exact origin
// terms (XE) of those that hold it: the same cables as the phrase over
// the XO words, without reading positions for each candidate
// (`origin:"Embassy Cairo"` at Cablegate scale: 31 ms as a phrase). A
// filter, like the boolean fields: an origin says nothing of relevance,
// and `origin:a origin:b` is either (a cable has one). Without an index,
// or with a wildcard, it is the phrase (or word) over XO.
class OriginField : public Xapian::FieldProcessor {
 public:
  explicit OriginField(const Xapian::Database* db) : db_(db) {}

  Xapian::Query operator()(const std::string& value) override {
    if (db_ == nullptr || value.find('*') != std::string::npos) return as_phrase(value);
    Tokenizer tok;
    const std::vector<std::string> wanted = stems(tok, value);
    if (wanted.empty()) return as_phrase(value);
    std::vector<Xapian::Query> origins;
    const std::string prefix(terms::kOriginExact);
    for (auto t = db_->allterms_begin(prefix); t != db_->allterms_end(prefix); ++t) {
      const std::string term = *t;
      const std::vector<std::string> words = stems(tok, std::string_view(term).substr(prefix.size()));
      if (std::search(words.begin(), words.end(), wanted.begin(), wanted.end()) != words.end()) {
        origins.emplace_back(term);
      }
    }
    // No origin holds it: a term no document has ("XE" alone: the builder
    // skips an empty origin), since an empty query would read as no query.
    if (origins.empty()) return Xapian::Query(prefix);
    return Xapian::Query(Xapian::Query::OP_OR, origins.begin(), origins.end());
  }

 private:
  static std::vector<std::string> stems(Tokenizer& tok, std::string_view text) {
    std::vector<std::string> out;
    tok.for_each_word(text, [&](const std::string& word) {
      if (word.size() <= Tokenizer::kMaxWordBytes) out.push_back(tok.stem(word));
    });
    return out;
  }

  static Xapian::Query as_phrase(const std::string& value) {
    Xapian::QueryParser words;
    words.set_stemmer(Xapian::Stem("english"));
    words.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    words.add_prefix("", std::string(terms::kOrigin));
    const bool several = value.find_first_of(" \t") != std::string::npos;
    return words.parse_query(several ? "\"" + value + "\"" : value,
                             Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_WILDCARD);
  }

  const Xapian::Database* db_;
};

// `field:begin..end`; Xapian strips the "field:" prefix before calling.
class FieldRange : public Xapian::RangeProcessor {
 public:
  using Build = Result<Xapian::Query> (*)(std::string_view, std::string_view);
  FieldRange(ParseState& state, std::string prefix, Build build)
      : Xapian::RangeProcessor(terms::kSlotCreated, std::move(prefix)),
        state_(state),
        build_(build) {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    return state_.take(build_(begin, end));
  }

 private:
  ParseState& state_;
  Build build_;
};

bool is_word_byte(char c) {
  return text::is_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// Length of the double quote at s[i] (", U+201C or U+201D, which Xapian all
// treats as quotes), or 0.
std::size_t quote_at(std::string_view s, std::size_t i) {
  if (s[i] == '"') return 1;
  if (s.substr(i, 3) == "\xE2\x80\x9C" || s.substr(i, 3) == "\xE2\x80\x9D") return 3;
  return 0;
}

bool is_field_name(std::string_view name) {
  for (std::string_view field : kFieldNames) {
    if (name == field) return true;
  }
  return false;
}

// What Xapian reads leniently but a researcher would not mean: an unclosed
// phrase runs to the end of the query, a stray parenthesis is dropped, and an
// unknown `field:value` becomes the phrase "field value", so `tags:prel`
// would quietly search for the words. A scan over the text, mirroring only
// where Xapian looks for quotes, parentheses and field names.
std::optional<Error> check_text(std::string_view text) {
  bool in_quote = false;
  int depth = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t quote = quote_at(text, i)) {
      in_quote = !in_quote;
      i += quote;
      continue;
    }
    const char c = text[i];
    if (in_quote) {
      ++i;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) return invalid("unbalanced parenthesis: a ')' closes nothing");
    if (!text::is_alpha(c) || (i > 0 && is_word_byte(text[i - 1]))) {
      ++i;
      continue;
    }
    // Xapian takes "name:" as a field when a non-blank, non-')' follows.
    std::size_t end = i;
    while (end < text.size() && text::is_alpha(text[end])) ++end;
    const std::string_view name = text.substr(i, end - i);
    const std::string_view rest = text.substr(end);
    i = end;
    if (rest.size() < 2 || rest[0] != ':' || static_cast<unsigned char>(rest[1]) <= ' ' ||
        rest[1] == ')' || rest.substr(1).starts_with("//")) {
      continue;
    }
    if (is_field_name(name)) {
      // The value is the field's, colons and all ("tag:a:b"), up to a blank
      // or a ')'; a quoted one is left to the quote count.
      if (quote_at(text, i + 1) != 0) continue;
      while (i < text.size() && static_cast<unsigned char>(text[i]) > ' ' && text[i] != ')') ++i;
      continue;
    }
    if (is_field_name(text::lower(name))) {
      return invalid(fmt::format("unknown field '{}:': field names are lower case ({}:)", name,
                                 text::lower(name)));
    }
    return invalid(fmt::format(
        "unknown field '{}:': fields are id: tag: class: handling: ref: year: date: subject: "
        "origin: from: to: info: (to search for the text, quote it: \"{}:...\")",
        name, name));
  }
  if (in_quote) return invalid("unbalanced quote: a phrase opened with '\"' is never closed");
  if (depth > 0) return invalid("unbalanced parenthesis: a '(' is never closed");
  return std::nullopt;
}

// Xapian 1.4.22 leaks the window of each NEAR/n or ADJ/n (96 bytes) when
// the query then fails with a syntax error ("OR NEAR/2 x"; found by
// fuzz_query). A query holding one is first parsed with the windows dropped,
// which has the same grammar and allocates nothing, and the real query only
// once that parses. Returns the query without windows, or nullopt when it has none.
std::optional<std::string> without_windows(std::string_view text) {
  std::optional<std::string> out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && is_word_byte(text[i - 1])) continue;
    std::size_t op = 0;
    if (text.substr(i).starts_with("NEAR/")) op = 4;
    if (text.substr(i).starts_with("ADJ/")) op = 3;
    if (op == 0) continue;
    std::size_t end = i + op + 1;
    while (end < text.size() && text::is_digit(text[end])) ++end;
    if (end == i + op + 1) continue;
    if (!out) out.emplace();
    out->append(text.substr(copied, i + op - copied));
    copied = end;
    i = end - 1;
  }
  if (out) out->append(text.substr(copied));
  return out;
}

// The index holds stems, and a wildcard expands over them: `election*`
// would miss "election" itself, whose stem is "elect" (shorter than what
// was typed). So a wildcard on a word, plain or in a text field, also
// takes the stems of the typed word and of its usual longer forms that
// are in the index (stems_of_prefix): `election*` reads
// `(election* OR elect)`. Quoted text, boolean fields and +/- terms are
// left as they are. Needs the index.
std::string widen_wildcards(std::string_view text, const Xapian::Database& db) {
  std::string out;
  std::size_t copied = 0;
  bool in_quote = false;
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t quote = quote_at(text, i)) {
      in_quote = !in_quote;
      i += quote;
      continue;
    }
    if (in_quote || !text::is_alnum(text[i]) || (i > 0 && is_word_byte(text[i - 1]))) {
      ++i;
      continue;
    }
    // [field:]word* at a word start.
    const std::size_t start = i;
    std::size_t end = i;
    while (end < text.size() && text::is_alnum(text[end])) ++end;
    std::string_view prefix;  // the field's term prefix
    std::size_t word_start = start;
    if (end < text.size() && text[end] == ':') {
      const std::string_view name = text.substr(start, end - start);
      bool text_field = false;
      for (const TextField& field : kTextFields) {
        if (name == field.name) {
          text_field = true;
          prefix = field.prefix;
        }
      }
      if (!text_field) {
        i = end + 1;
        while (i < text.size() && static_cast<unsigned char>(text[i]) > ' ' && text[i] != ')') ++i;
        continue;
      }
      word_start = end + 1;
      end = word_start;
      while (end < text.size() && text::is_alnum(text[end])) ++end;
    }
    const bool signed_term = start > 0 && (text[start - 1] == '+' || text[start - 1] == '-');
    const bool wildcard = end > word_start && end < text.size() && text[end] == '*' &&
                          (end + 1 == text.size() || !is_word_byte(text[end + 1]));
    i = std::max(end, start + 1);
    if (!wildcard || signed_term) continue;
    const std::string word = text::lower(text.substr(word_start, end - word_start));
    std::vector<std::string> stems;
    for (std::string& stem : stems_of_prefix(word)) {
      if (db.term_exists(std::string(prefix) + stem)) stems.push_back(std::move(stem));
    }
    if (stems.empty()) continue;
    out.append(text.substr(copied, start - copied));
    out += '(';
    out.append(text.substr(start, end + 1 - start));
    const std::string field = word_start == start ? "" : std::string(text.substr(start, word_start - start));
    for (const std::string& stem : stems) out += " OR " + field + stem;
    out += ')';
    copied = end + 1;
    i = end + 1;
  }
  if (copied == 0) return std::string(text);
  out.append(text.substr(copied));
  return out;
}

// Xapian's syntax errors read "Syntax: <expression> AND <expression>".
Error syntax_error(const std::string& message) {
  constexpr std::string_view kOperand = "<expression> ";
  const std::size_t a = message.find(kOperand);
  const std::size_t b = message.rfind(" <expression>");
  if (message.starts_with("Syntax:") && a != std::string::npos && b != std::string::npos &&
      b > a + kOperand.size()) {
    const std::string op = message.substr(a + kOperand.size(), b - a - kOperand.size());
    return invalid(
        fmt::format("{} needs a search term {} (write it in lower case to search for the word)", op,
                    op == "NOT" ? "after it" : "on each side"));
  }
  return invalid("cannot read the query: " + message);
}

// The filter groups of date: and year: values and ranges, so that
// `date:2007 date:2009..` is one or the other (Xapian keeps a pointer's copy).
const std::string kDateGroup = "date";
const std::string kYearGroup = "year";

// Words, phrases, wildcards and every field: all but the ranges.
void configure(Xapian::QueryParser& parser, const Xapian::Database* db, ParseState& state) {
  // Filters on one field that a cable holds once (its id, class, year,
  // date) are ORed; on fields it may hold many of (tags, handling, refs),
  // ANDed, as `tag:prel tag:pgov` asks for both.
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.set_max_expansion(query::kMaxWildcardExpansion,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                           Xapian::QueryParser::FLAG_WILDCARD);
  if (db != nullptr) parser.set_database(*db);
  // The index holds stems only, unprefixed by "Z" (index_terms.h): STEM_ALL
  // makes the same of every word and phrase, and a wildcard expands over
  // the stems (`iran*`: "iran", "iranian").
  for (const TextField& field : kTextFields) {
    parser.add_prefix(std::string(field.name), std::string(field.prefix));
  }
  parser.add_boolean_prefix("origin", (new OriginField(db))->release(), true);
  // Plain words search the text and the subject (whose words are indexed
  // under its field's prefix): a reader looking for "sanctions" expects
  // the cable whose SUBJECT says so.
  parser.add_prefix("", "");
  parser.add_prefix("", std::string(terms::kSubject));
  parser.add_boolean_prefix("id", (new FieldValue(state, query::id_query))->release(), true);
  parser.add_boolean_prefix("tag", (new FieldValue(state, query::tag_query))->release(), false);
  parser.add_boolean_prefix("class", (new FieldValue(state, query::class_query))->release(), true);
  parser.add_boolean_prefix("handling", (new FieldValue(state, query::handling_query))->release(),
                            false);
  parser.add_boolean_prefix("ref", (new FieldValue(state, query::ref_query))->release(), false);
  parser.add_boolean_prefix("year", (new FieldValue(state, query::year_query))->release(),
                            &kYearGroup);
  parser.add_boolean_prefix("date", (new FieldValue(state, query::date_query))->release(),
                            &kDateGroup);
}

// Any other "a..b" is not a range but text with an ellipsis ("wait...",
// "1.4..5"): Xapian would refuse it as an unknown range, so it is read as
// what it holds, without operators (and as a filter, which is what Xapian
// makes of any range).
class WordsRange : public Xapian::RangeProcessor {
 public:
  WordsRange(const Xapian::Database* db, ParseState& state)
      : Xapian::RangeProcessor(Xapian::BAD_VALUENO), db_(db), state_(state) {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    Xapian::QueryParser words;
    configure(words, db_, state_);
    Xapian::Query query = words.parse_query(begin + " " + end, 0);
    if (!query.empty()) return query;
    // Neutral in "iran ...", and noted so that "..." alone is refused.
    state_.empty_range = true;
    return Xapian::Query::MatchAll;
  }

 private:
  const Xapian::Database* db_;
  ParseState& state_;
};

Xapian::Query parse_with_xapian(std::string_view text, const Xapian::Database* db,
                                ParseState& state) {
  Xapian::QueryParser parser;
  configure(parser, db, state);
  parser.add_rangeprocessor((new FieldRange(state, "year:", query::year_range_query))->release(),
                            &kYearGroup);
  parser.add_rangeprocessor((new FieldRange(state, "date:", query::date_range_query))->release(),
                            &kDateGroup);
  parser.add_rangeprocessor((new WordsRange(db, state))->release());
  return parser.parse_query(std::string(text), kFlags);
}

// MatchAll, or a filter of it: what "..." alone becomes.
bool is_match_all(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::LEAF_MATCH_ALL) return true;
  return query.get_type() == Xapian::Query::OP_SCALE_WEIGHT && query.get_num_subqueries() == 1 &&
         is_match_all(query.get_subquery(0));
}

}  // namespace

std::vector<std::string> stems_of_prefix(std::string_view word) {
  // The endings a typed prefix most often stops short of ("negotia" +
  // "te", "elect" + "ion").
  static constexpr std::string_view kSuffixes[] = {"",     "s",   "e",     "es",  "ed",  "ing", "ion",
                                                   "ions", "te",  "ted",   "tion", "ate", "ation", "al",
                                                   "ly",   "ment", "ness", "y",   "ies"};
  // A stemmer of its own: a Xapian::Stem is not safe to share between
  // threads (the server parses queries on many).
  const Xapian::Stem stemmer("english");
  std::vector<std::string> stems;
  const std::string lowered = text::lower(word);
  for (std::string_view suffix : kSuffixes) {
    std::string stem = stemmer(lowered + std::string(suffix));
    // Stems the wildcard covers already, too short to mean the word, or
    // that the stemmer would change again when parsed as a word: not added.
    if (stem.size() < 3 || stem.starts_with(lowered) || stemmer(stem) != stem) continue;
    if (std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(std::move(stem));
  }
  return stems;
}

QueryParser::QueryParser(const Xapian::Database* db, bool phrase_pairs) : db_(db), phrase_pairs_(phrase_pairs) {}

Result<Xapian::Query> QueryParser::parse(std::string_view text) const {
  if (text.size() > kMaxQueryBytes) {
    return invalid(
        fmt::format("the query is {} bytes long; the limit is {}", text.size(), kMaxQueryBytes));
  }
  if (!text::is_valid_utf8(text)) return invalid("the query is not valid UTF-8");
  const std::size_t first = text.find_first_not_of(" \t\r\n\f\v");
  const std::size_t last = text.find_last_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos || (first == last && text[first] == '*')) {
    return Xapian::Query::MatchAll;
  }
  if (std::optional<Error> error = check_text(text)) return *std::move(error);
  std::string widened;
  if (db_ != nullptr) {
    try {
      widened = widen_wildcards(text, *db_);
      text = widened;
    } catch (const Xapian::Error& e) {
      return xapian_error("parsing the query", e);
    }
  }

  ParseState state;
  try {
    if (const std::optional<std::string> probe = without_windows(text)) {
      ParseState probe_state;
      try {
        (void)parse_with_xapian(*probe, db_, probe_state);
      } catch (const Xapian::QueryParserError& e) {
        if (probe_state.error) return *std::move(probe_state.error);
        return syntax_error(e.get_msg());
      }
    }
    Xapian::Query query = parse_with_xapian(text, db_, state);
    if (state.error) return *std::move(state.error);
    if (query.empty() || (state.empty_range && is_match_all(query))) {
      return invalid("the query has no words to search for");
    }
    if (phrase_pairs_) return phrase_pairs::use_pairs(query);
    return query;
  } catch (const Xapian::QueryParserError& e) {
    if (state.error) return *std::move(state.error);
    return syntax_error(e.get_msg());
  } catch (const Xapian::Error& e) {
    return xapian_error("parsing the query", e);
  } catch (const std::exception& e) {
    return Error{.code = Errc::kInternal, .message = std::string("parsing the query: ") + e.what()};
  }
}

}  // namespace chancery::index
