#include "cli/post_option.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace chancery::cli {
namespace {

// "YYYY-MM-DDTHH:MMZ" as a time point; nullopt when not of that form.
std::optional<std::chrono::system_clock::time_point> parse_dtg(const std::string& s) {
  std::tm tm{};
  if (s.size() != 17 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != 'Z') return std::nullopt;
  try {
    tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(s.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(s.substr(8, 2));
    tm.tm_hour = std::stoi(s.substr(11, 2));
    tm.tm_min = std::stoi(s.substr(14, 2));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::time_t t = timegm(&tm);
  if (t == -1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

}  // namespace

Result<post::PostOffice> open_post_office(const std::string& dir, const std::string& at) {
  post::Clock clock;
  if (!at.empty()) {
    const auto when = parse_dtg(at);
    if (!when) return Error{.code = Errc::kInvalidInput, .message = "--at " + at + ": expected YYYY-MM-DDTHH:MMZ"};
    clock = [t = *when] { return t; };
  }
  Result<post::PostOffice> office = post::PostOffice::open(dir, clock);
  if (!office && office.error().code == Errc::kNotFound) {
    office.error().hint = "create an archive with 'chancery init " + dir + "'";
  }
  return office;
}

Result<users::User> user_named(const std::string& dir, const std::string& name) {
  if (name.empty()) {
    return Error{.code = Errc::kInvalidInput, .message = "say who acts with --as USER",
                 .hint = "an officer of the originating post sends; see 'chancery user list'"};
  }
  Result<users::UserStore> store = users::UserStore::open(dir);
  if (!store) return store.error();
  Result<std::optional<users::User>> user = store->find(name);
  if (!user) return user.error();
  if (!*user || (*user)->disabled) {
    return Error{.code = Errc::kNotFound, .message = "no user '" + name + "' in this archive",
                 .hint = "see 'chancery user list'"};
  }
  return std::move(**user);
}

std::string format_problems(const std::vector<compose::Problem>& problems) {
  std::string out;
  for (const compose::Problem& p : problems) {
    out += fmt::format("{}: {}: {}\n", p.severity == compose::Problem::Severity::kError ? "error" : "warning",
                       p.field, p.message);
  }
  return out;
}

bool has_errors(const std::vector<compose::Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const compose::Problem& p) { return p.severity == compose::Problem::Severity::kError; });
}

}  // namespace chancery::cli
