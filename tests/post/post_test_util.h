// Helpers shared by the post office tests: an archive with its post office
// in a temporary directory, a clock the test sets, users and drafts.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "archive/archive_test_util.h"
#include "chancery/archive.h"
#include "chancery/compose.h"
#include "chancery/post_office.h"
#include "chancery/users.h"

namespace chancery::post::test {

using archive::test_util::TempDir;

// A clock that stands still until the test moves it (shared by copies).
class TestClock {
 public:
  explicit TestClock(std::int64_t unix_seconds) : seconds_(std::make_shared<std::atomic<std::int64_t>>(unix_seconds)) {}
  Clock clock() const {
    return [s = seconds_] { return std::chrono::system_clock::time_point(std::chrono::seconds(s->load())); };
  }
  void set(std::int64_t unix_seconds) { seconds_->store(unix_seconds); }
  void advance(std::int64_t seconds) { seconds_->fetch_add(seconds); }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> seconds_;
};

// Seconds since the epoch of a UTC date and time.
inline std::int64_t utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm));
}

inline users::User user(std::string name, users::Role role, std::string post,
                        access::Level clearance = access::Level::kSecret) {
  users::User u;
  u.name = std::move(name);
  u.role = role;
  u.clearance = clearance;
  u.nationality = "USA";
  u.post = std::move(post);
  return u;
}

inline archive::Viewer viewer_of(const users::User& u, std::string as_of = "") {
  return archive::Viewer{.reader = users::reader_of(u), .as_of = std::move(as_of)};
}

// An unclassified cable from `from`, valid by the format's rules.
inline compose::Draft unclassified_draft(std::string from, std::vector<compose::Addressee> to,
                                         std::vector<compose::Addressee> info = {},
                                         std::string subject = "ROUTINE CONSULTATIONS ON REGIONAL TRADE") {
  compose::Draft d;
  d.author = "drafter";
  d.from = std::move(from);
  d.precedence = "ROUTINE";
  d.to = std::move(to);
  d.info = std::move(info);
  d.classification = "UNCLASSIFIED";
  d.captions = {"SIPDIS"};
  d.tags = {"PREL", "ECON", "IS"};
  d.subject = std::move(subject);
  d.subject_marking = "";  // unclassified cables leave their subject unmarked
  d.paragraphs = {
      {.marking = "U",
       .text = "Embassy officers met trade ministry officials to review the regional "
               "trade agenda for the coming quarter.",
       .number = ""},
      {.marking = "U", .text = "The ministry asked for an early reply on the proposed working group.", .number = ""},
  };
  d.signature = "JONES";
  return d;
}

// A classified cable: every portion marked `mark` ("S" or "C").
inline compose::Draft classified_draft(std::string from, std::vector<compose::Addressee> to,
                                       std::string classification, std::string mark,
                                       std::string declassify_on, std::string subject) {
  compose::Draft d = unclassified_draft(std::move(from), std::move(to), {}, std::move(subject));
  d.classification = std::move(classification);
  d.subject_marking = mark;
  for (compose::DraftParagraph& p : d.paragraphs) p.marking = mark;
  d.declassify_on = std::move(declassify_on);
  d.classified_by = "Ambassador Richard H. Jones";
  d.reasons = {"1.4(b)", "1.4(d)"};
  return d;
}

inline compose::Addressee to(std::string name, std::optional<std::string> precedence = {}) {
  return compose::Addressee{.name = std::move(name), .precedence = std::move(precedence)};
}

}  // namespace chancery::post::test

namespace chancery::post::test {

// What tests/post/send_loop.cc sends, again and again: two posts and a
// collective less one member (the crash test checks every delivery of it).
inline compose::Draft crash_draft() {
  compose::Draft d = unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC", "IMMEDIATE"), to("AMEMBASSY PARIS")},
                                        {to("IRAN COLLECTIVE")});
  d.exempt = {"AMEMBASSY LONDON"};
  return d;
}

}  // namespace chancery::post::test
