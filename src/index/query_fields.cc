#include "index/query_fields.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"
#include "index/index_terms.h"

namespace chancery::index::query {
namespace {

Error invalid(std::string message) {
  return Error{.code = Errc::kInvalidInput, .message = std::move(message)};
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!text::is_digit(c)) return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// A term of `prefix` + the normalised value, or, when the value ends in "*",
// every term of `prefix` + what comes before it (bounded).
Result<Xapian::Query> term_or_wildcard(std::string_view field, std::string_view prefix,
                                       std::string_view raw, Xapian::termcount max_expansion,
                                       int max_type) {
  std::string value = normalise_value(raw);
  if (value.empty()) return invalid(fmt::format("{}: needs a value", field));
  const bool wildcard = value.back() == '*';
  if (wildcard) value.pop_back();
  if (value.find('*') != std::string::npos) {
    return invalid(fmt::format("'*' can only end a value, as in {}:{}*", field,
                               value.substr(0, value.find('*'))));
  }
  std::string term = std::string(prefix) + value;
  if (!wildcard) return Xapian::Query(term);
  return Xapian::Query(Xapian::Query::OP_WILDCARD, term, max_expansion, max_type);
}

constexpr int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

Result<int> parse_year(std::string_view value) {
  const std::string_view v = text::trim(value);
  if (v.size() != 4 || !all_digits(v)) {
    return invalid(fmt::format("bad year '{}': write four digits, as in year:2007", v));
  }
  return to_int(v);
}

std::string year_first(int year) { return fmt::format("{:04}01010000", year); }
std::string year_last(int year) { return fmt::format("{:04}12312359", year); }

// The value-range query for [first, last]; an empty end is open.
Xapian::Query slot_range(const std::string& first, const std::string& last) {
  if (first.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, terms::kSlotCreated, last);
  if (last.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, terms::kSlotCreated, first);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, terms::kSlotCreated, first, last);
}

// [first, last] ("YYYYMMDDHHMM", both set) as the date terms the index
// holds: whole years as Y terms, whole months as XM terms, and a month
// covered in part as its XM term with the value range, so that Xapian
// reads the slot only of the documents of that month. A term's postings
// are read in blocks; a value range alone reads every candidate's value
// (`date:2008-01..2008-06 iran` at Cablegate scale: 21 ms, most of it
// there). Spans past kMaxYearSpan stay a value range.
Xapian::Query date_terms(const std::string& first, const std::string& last) {
  const int y1 = to_int(std::string_view(first).substr(0, 4));
  const int m1 = to_int(std::string_view(first).substr(4, 2));
  const int y2 = to_int(std::string_view(last).substr(0, 4));
  const int m2 = to_int(std::string_view(last).substr(4, 2));
  if (y2 - y1 + 1 > kMaxYearSpan) return slot_range(first, last);
  const auto month_first = [](int y, int m) { return fmt::format("{:04}{:02}010000", y, m); };
  const auto month_last = [](int y, int m) {
    return fmt::format("{:04}{:02}{:02}2359", y, m, days_in_month(y, m));
  };
  const auto month_term = [](int y, int m) { return fmt::format("{}{:04}{:02}", terms::kMonth, y, m); };
  std::vector<Xapian::Query> parts;
  for (int y = y1, m = m1; y < y2 || (y == y2 && m <= m2);) {
    const std::string from = std::max(first, month_first(y, m));
    const std::string to = std::min(last, month_last(y, m));
    if (m == 1 && from == month_first(y, 1) && (y < y2 || last >= year_last(y))) {
      parts.emplace_back(fmt::format("{}{:04}", terms::kYear, y));  // the whole year
      ++y;
      continue;
    }
    if (from == month_first(y, m) && to == month_last(y, m)) {
      parts.emplace_back(month_term(y, m));
    } else {
      parts.emplace_back(Xapian::Query::OP_AND, Xapian::Query(month_term(y, m)), slot_range(from, to));
    }
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// Short forms researchers use for handling captions, as the index spells them.
std::string handling_caption(std::string value) {
  if (value == "NF") return "NOFORN";
  if (value == "FOUO") return "FOR OFFICIAL USE ONLY";
  if (value == "SBU") return "SENSITIVE BUT UNCLASSIFIED";
  return value;
}

std::optional<std::string_view> classification_level(std::string_view value) {
  if (value == "TOP SECRET" || value == "TOPSECRET" || value == "TS") return "TOP SECRET";
  if (value == "SECRET" || value == "S") return "SECRET";
  if (value == "CONFIDENTIAL" || value == "C") return "CONFIDENTIAL";
  if (value == "UNCLASSIFIED" || value == "U") return "UNCLASSIFIED";
  return std::nullopt;
}

}  // namespace

std::string normalise_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (char c : value) {
    if (text::is_space(c) || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(text::to_upper(c));
  }
  return out;
}

Result<Xapian::Query> id_query(std::string_view value) {
  return term_or_wildcard("id", terms::kId, value, kMaxIdExpansion,
                          Xapian::Query::WILDCARD_LIMIT_FIRST);
}

Result<Xapian::Query> ref_query(std::string_view value) {
  return term_or_wildcard("ref", terms::kRef, value, kMaxIdExpansion,
                          Xapian::Query::WILDCARD_LIMIT_FIRST);
}

Result<Xapian::Query> tag_query(std::string_view value) {
  return term_or_wildcard("tag", terms::kTag, value, kMaxWildcardExpansion,
                          Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

Result<Xapian::Query> class_query(std::string_view value) {
  // A banner: the level, then captions after "//" (or "/" as portion marks
  // write them, "S/NF").
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t slash = value.find('/', start);
    if (slash == std::string_view::npos) slash = value.size();
    const std::string_view part = text::trim(value.substr(start, slash - start));
    if (!part.empty()) parts.push_back(part);
    start = slash + 1;
  }
  if (parts.empty()) return invalid("class: needs a value");
  const std::string first = normalise_value(parts[0]);
  const std::optional<std::string_view> level = classification_level(first);
  if (!level) {
    const std::string hint = first == "TOP" ? " (quote it: class:\"top secret\")" : "";
    return invalid(fmt::format(
        "unknown classification '{}'{}: use top secret, secret, confidential or unclassified "
        "(or ts, s, c, u)",
        parts[0], hint));
  }
  std::vector<Xapian::Query> subqueries{Xapian::Query(std::string(terms::kClass).append(*level))};
  for (std::size_t i = 1; i < parts.size(); ++i) {
    subqueries.emplace_back(std::string(terms::kHandling) +
                            handling_caption(normalise_value(parts[i])));
  }
  if (subqueries.size() == 1) return subqueries[0];
  return Xapian::Query(Xapian::Query::OP_AND, subqueries.begin(), subqueries.end());
}

Result<Xapian::Query> handling_query(std::string_view value) {
  std::string normalised = normalise_value(value);
  if (normalised.empty()) return invalid("handling: needs a value");
  return Xapian::Query(std::string(terms::kHandling) + handling_caption(std::move(normalised)));
}

Result<Xapian::Query> year_query(std::string_view value) {
  Result<int> year = parse_year(value);
  if (!year) return year.error();
  return Xapian::Query(fmt::format("{}{:04}", terms::kYear, *year));
}

Result<Xapian::Query> year_range_query(std::string_view begin, std::string_view end) {
  begin = text::trim(begin);
  end = text::trim(end);
  if (begin.empty() && end.empty()) return invalid("year:.. needs at least one year");
  int first = 0;
  int last = 0;
  if (!begin.empty()) {
    Result<int> y = parse_year(begin);
    if (!y) return y.error();
    first = *y;
  }
  if (!end.empty()) {
    Result<int> y = parse_year(end);
    if (!y) return y.error();
    last = *y;
  }
  // An open end has no list of years to OR: it is the same range on dates.
  if (begin.empty()) return slot_range("", year_last(last));
  if (end.empty()) return slot_range(year_first(first), "");
  if (first > last) {
    return invalid(fmt::format("year range {}..{} ends before it begins", begin, end));
  }
  if (last - first + 1 > kMaxYearSpan) {
    return invalid(
        fmt::format("year range {}..{} spans more than {} years", begin, end, kMaxYearSpan));
  }
  std::vector<Xapian::Query> years;
  for (int y = first; y <= last; ++y) years.emplace_back(fmt::format("{}{:04}", terms::kYear, y));
  return Xapian::Query(Xapian::Query::OP_OR, years.begin(), years.end());
}

Result<DateSpan> date_span(std::string_view text) {
  const std::string_view v = text::trim(text);
  const auto bad = [&] {
    return invalid(fmt::format("bad date '{}': write YYYY, YYYY-MM or YYYY-MM-DD", v));
  };
  // YYYY[-M[M][-D[D]]]
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (parts.size() < 4) {
    const std::size_t dash = v.find('-', start);
    parts.push_back(v.substr(start, dash == std::string_view::npos ? v.npos : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  if (parts.size() > 3 || parts[0].size() != 4 || !all_digits(parts[0])) return bad();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() > 2 || !all_digits(parts[i])) return bad();
  }
  const int year = to_int(parts[0]);
  if (parts.size() == 1) return DateSpan{year_first(year), year_last(year)};
  const int month = to_int(parts[1]);
  if (month < 1 || month > 12) {
    return invalid(fmt::format("bad date '{}': there is no month {}", v, parts[1]));
  }
  if (parts.size() == 2) {
    return DateSpan{fmt::format("{:04}{:02}010000", year, month),
                    fmt::format("{:04}{:02}{:02}2359", year, month, days_in_month(year, month))};
  }
  const int day = to_int(parts[2]);
  if (day < 1 || day > days_in_month(year, month)) {
    return invalid(
        fmt::format("bad date '{}': {:04}-{:02} has no day {}", v, year, month, parts[2]));
  }
  return DateSpan{fmt::format("{:04}{:02}{:02}0000", year, month, day),
                  fmt::format("{:04}{:02}{:02}2359", year, month, day)};
}

Result<Xapian::Query> date_query(std::string_view value) {
  Result<DateSpan> span = date_span(value);
  if (!span) return span.error();
  return date_terms(span->first, span->last);
}

Result<Xapian::Query> date_range_query(std::string_view begin, std::string_view end) {
  begin = text::trim(begin);
  end = text::trim(end);
  if (begin.empty() && end.empty()) return invalid("date:.. needs at least one date");
  std::string first;
  std::string last;
  if (!begin.empty()) {
    Result<DateSpan> span = date_span(begin);
    if (!span) return span.error();
    first = std::move(span->first);
  }
  if (!end.empty()) {
    Result<DateSpan> span = date_span(end);
    if (!span) return span.error();
    last = std::move(span->last);
  }
  if (!first.empty() && !last.empty() && first > last) {
    return invalid(fmt::format("date range {}..{} ends before it begins", begin, end));
  }
  // An open end has no list of months to OR: a range on the slot.
  if (first.empty() || last.empty()) return slot_range(first, last);
  return date_terms(first, last);
}

}  // namespace chancery::index::query
