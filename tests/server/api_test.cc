// The JSON API over HTTP (docs/api.md), endpoint by endpoint, with its
// error paths: a real server on loopback, on an archive of examples/ with a
// second version of the seed cable, as of 2016-01-01.

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "server/server_harness.h"

namespace chancery::server::test {
namespace {

const std::set<std::string> kErrorCodes = {"bad_request", "unauthenticated", "forbidden", "csrf",
                                           "not_found", "conflict", "too_many_requests", "payload_too_large",
                                           "method_not_allowed", "unavailable", "internal"};

// An error answer as docs/api.md has it: the status, JSON, and exactly
// {"error": {"code", "message"}} with a documented code.
void expect_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json") << r;
  EXPECT_EQ(r.header("Cache-Control"), "no-store") << r;
  const Json j = r.json();
  ASSERT_TRUE(j.is_object()) << r;
  EXPECT_EQ(j.size(), 1U) << r;
  ASSERT_TRUE(j.contains("error") && j["error"].is_object()) << r;
  const Json& e = j["error"];
  ASSERT_TRUE(e.contains("code") && e["code"].is_string()) << r;
  ASSERT_TRUE(e.contains("message") && e["message"].is_string()) << r;
  EXPECT_FALSE(e["message"].get<std::string>().empty()) << r;
  EXPECT_EQ(e["code"].get<std::string>(), code) << r;
  EXPECT_TRUE(kErrorCodes.count(e["code"].get<std::string>())) << r;
}

class ServerApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (world().ok()) server_ = RunningServer::start(test_options()).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(world().ok()) << world().error;
    ASSERT_NE(server_, nullptr);
  }
  int port() const { return server_->port(); }
  Client as(const std::string& name) { return signed_in(port(), name); }

  static RunningServer* server_;
};
RunningServer* ServerApi::server_ = nullptr;

// ---------------------------------------------------------------------------
// Session

TEST_F(ServerApi, SessionIsNullForAnAnonymousCaller) {
  Client c(port());
  const Reply r = c.get("/api/session");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(r.json(), Json::parse(R"({"user": null, "reading_room": false, "csrf": null})")) << r;
  EXPECT_FALSE(r.has_header("Set-Cookie"));
}

TEST_F(ServerApi, SignInSetsAStrictHttpOnlyCookieAndTheSessionSaysWho) {
  Client c(port());
  const Reply r = c.sign_in("secret");
  ASSERT_EQ(r.status, 200) << r;
  const std::string cookie = r.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("chancery_session=", 0), 0U) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no TLS, no Secure: " << cookie;
  EXPECT_EQ(c.token.size(), 43U) << cookie;
  const Json j = r.json();
  ASSERT_TRUE(j["user"].is_object()) << r;
  EXPECT_EQ(j["user"]["name"], "secret");
  EXPECT_EQ(j["user"]["role"], "reader");
  EXPECT_EQ(j["user"]["clearance"], "SECRET");
  EXPECT_EQ(j["user"]["nationality"], "USA");
  EXPECT_EQ(j["reading_room"], false);
  ASSERT_TRUE(j["csrf"].is_string());
  EXPECT_EQ(j["csrf"].get<std::string>().size(), 43U);
  EXPECT_EQ(r.body.find("argon2"), std::string::npos) << "no hash goes out";

  const Reply who = c.get("/api/session");
  ASSERT_EQ(who.status, 200) << who;
  EXPECT_EQ(who.json()["user"], j["user"]);
  EXPECT_EQ(who.json()["csrf"], j["csrf"]);
  EXPECT_FALSE(who.has_header("Set-Cookie"));
}

TEST_F(ServerApi, AWrongPasswordAndAnUnknownUserGetTheSame401) {
  Client c(port());
  const Reply wrong = c.sign_in("conf", "not the password");
  const Reply unknown = c.sign_in("nobody-at-all", "not the password");
  expect_error(wrong, 401, "unauthenticated");
  expect_error(unknown, 401, "unauthenticated");
  EXPECT_EQ(wrong.error_message(), unknown.error_message());
  EXPECT_FALSE(wrong.has_header("Set-Cookie"));
  EXPECT_FALSE(unknown.has_header("Set-Cookie"));
  EXPECT_TRUE(c.token.empty());
}

TEST_F(ServerApi, AMalformedSignInIs400) {
  Client c(port());
  for (const std::string body :
       {"", "not json", "{", "[]", "null", "{}", R"({"name": "secret"})", R"({"password": "x"})",
        R"({"name": 1, "password": "x"})", R"({"name": "secret", "password": null})",
        R"({"name": ["secret"], "password": "x"})"}) {
    SCOPED_TRACE(body);
    expect_error(c.post("/api/session", body), 400, "bad_request");
  }
  EXPECT_TRUE(c.token.empty());
}

TEST_F(ServerApi, SignInMustBeJson) {
  Client c(port());
  const std::string body = Json{{"name", "secret"}, {"password", kPassword}}.dump();
  expect_error(c.post("/api/session", body, "text/plain"), 403, "csrf");
  expect_error(c.post("/api/session", body, "application/x-www-form-urlencoded"), 403, "csrf");
}

TEST_F(ServerApi, SignOutEndsTheSessionAndItsCookie) {
  Client c = as("secret");
  ASSERT_EQ(c.get("/api/stats").status, 200);
  const std::string old = c.token;
  const Reply out = c.del("/api/session");
  EXPECT_EQ(out.status, 204) << out;
  const std::string cookie = out.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("chancery_session=;", 0), 0U) << cookie;
  EXPECT_NE(cookie.find("Max-Age=0"), std::string::npos) << cookie;
  // The old cookie, sent again, is nobody's.
  Client replay(port());
  replay.token = old;
  expect_error(replay.get("/api/stats"), 401, "unauthenticated");
  EXPECT_TRUE(replay.get("/api/session").json()["user"].is_null());
}

TEST_F(ServerApi, SignOutNeedsTheCsrfToken) {
  Client c = as("secret");
  c.send_csrf = false;
  expect_error(c.del("/api/session"), 403, "csrf");
  c.send_csrf = true;
  EXPECT_EQ(c.get("/api/stats").status, 200) << "the session goes on";
}

TEST_F(ServerApi, EverythingButSessionAndOpenApiNeedsASignIn) {
  Client c(port());
  for (const char* path : {"/api/search?q=iran", "/api/timeline", "/api/stats", "/api/cables/07TELAVIV557",
                           "/api/cables/07TELAVIV557/versions", "/api/cables/07TELAVIV557/diff?from=1&to=2",
                           "/api/cables/07TELAVIV557/refs", "/api/cables/07TELAVIV557/graph",
                           "/api/cables/NOSUCH1", "/api/users", "/api/audit", "/api/audit/verify"}) {
    SCOPED_TRACE(path);
    expect_error(c.get(path), 401, "unauthenticated");
  }
  EXPECT_EQ(c.get("/api/openapi.json").status, 200);
  EXPECT_EQ(c.get("/api/session").status, 200);
}

// ---------------------------------------------------------------------------
// Search

TEST_F(ServerApi, SearchFindsHitsAndCountsFacetsOverEveryMatch) {
  Client c = as("secret");
  const Reply r = c.get("/api/search?q=iran&facets=tag,origin,year,class&limit=100");
  ASSERT_EQ(r.status, 200) << r;
  const Json j = r.json();
  EXPECT_EQ(j["query"], "iran");
  EXPECT_EQ(j["offset"], 0);
  EXPECT_EQ(j["limit"], 100);
  EXPECT_EQ(j["total_exact"], true);
  const auto total = j["total"].get<std::int64_t>();
  ASSERT_GE(total, 2);
  ASSERT_EQ(static_cast<std::int64_t>(j["hits"].size()), total);
  std::set<std::string> ids;
  for (const Json& h : j["hits"]) {
    for (const char* k : {"id", "origin", "created", "classification", "subject", "tags", "score", "snippet"})
      EXPECT_TRUE(h.contains(k)) << k << " in " << h;
    ids.insert(h["id"].get<std::string>());
  }
  EXPECT_TRUE(ids.count(std::string(kSeed)));
  // Every facet asked for, as [value, count] pairs; class and year each
  // count every match once.
  for (const char* f : {"tag", "origin", "year", "class"}) {
    ASSERT_TRUE(j["facets"].contains(f)) << f;
    std::int64_t sum = 0;
    for (const Json& pair : j["facets"][f]) {
      ASSERT_TRUE(pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_number_integer())
          << pair;
      EXPECT_GT(pair[1].get<std::int64_t>(), 0);
      sum += pair[1].get<std::int64_t>();
    }
    if (std::string(f) != "tag") {
      EXPECT_EQ(sum, total) << f;
    }
  }
  // A tag's count is what a search for it within the query finds.
  const Json& first_tag = j["facets"]["tag"][0];
  const Reply tagged = c.get("/api/search?q=" + url_encode("iran tag:" + first_tag[0].get<std::string>()));
  ASSERT_EQ(tagged.status, 200) << tagged;
  EXPECT_EQ(tagged.json()["total"], first_tag[1]);
  // No facets asked for, none counted.
  EXPECT_TRUE(c.get("/api/search?q=iran").json()["facets"].empty());
}

std::vector<std::string> created_of(const Json& hits) {
  std::vector<std::string> out;
  for (const Json& h : hits) out.push_back(h["created"].get<std::string>());
  return out;
}

TEST_F(ServerApi, SearchSortsByDateEitherWay) {
  Client c = as("secret");
  const Json newest = c.get("/api/search?q=&sort=newest&limit=100&snippets=0").json();
  const Json oldest = c.get("/api/search?q=&sort=oldest&limit=100&snippets=0").json();
  const std::vector<std::string> n = created_of(newest["hits"]);
  const std::vector<std::string> o = created_of(oldest["hits"]);
  ASSERT_GE(n.size(), 5U);
  EXPECT_EQ(static_cast<std::int64_t>(n.size()), newest["total"].get<std::int64_t>());
  EXPECT_TRUE(std::is_sorted(n.rbegin(), n.rend())) << newest;
  EXPECT_TRUE(std::is_sorted(o.begin(), o.end())) << oldest;
  EXPECT_LT(o.front(), o.back());
  std::vector<std::string> reversed(n.rbegin(), n.rend());
  EXPECT_EQ(reversed, o);
  EXPECT_EQ(c.get("/api/search?q=&sort=relevance").status, 200);
}

TEST_F(ServerApi, PagesAreSlicesOfABiggerPage) {
  Client c = as("secret");
  const Json all = c.get("/api/search?q=&sort=oldest&limit=100&snippets=0").json();
  ASSERT_EQ(all["total_exact"], true);
  ASSERT_GE(all["hits"].size(), 8U);
  ASSERT_EQ(all["total"], all["hits"].size());
  for (const auto& [offset, limit] : std::vector<std::pair<int, int>>{{0, 3}, {2, 3}, {5, 2}, {7, 100}}) {
    SCOPED_TRACE(std::to_string(offset) + "+" + std::to_string(limit));
    const Json page = c.get("/api/search?q=&sort=oldest&snippets=0&offset=" + std::to_string(offset) +
                            "&limit=" + std::to_string(limit))
                          .json();
    EXPECT_EQ(page["offset"], offset);
    EXPECT_EQ(page["limit"], limit);
    const std::size_t end = std::min(all["hits"].size(), static_cast<std::size_t>(offset + limit));
    ASSERT_EQ(page["hits"].size(), end - static_cast<std::size_t>(offset));
    for (std::size_t i = 0; i < page["hits"].size(); ++i) {
      EXPECT_EQ(page["hits"][i]["id"], all["hits"][static_cast<std::size_t>(offset) + i]["id"]);
    }
    // Exact, the total is the total; else a lower bound that says more follow.
    if (page["total_exact"] == true) {
      EXPECT_EQ(page["total"], all["total"]);
    } else {
      EXPECT_LE(page["total"].get<std::size_t>(), all["total"].get<std::size_t>());
      EXPECT_GT(page["total"].get<std::size_t>(), static_cast<std::size_t>(offset) + page["hits"].size());
    }
    // With facets the total is always exact.
    const Json counted = c.get("/api/search?q=&facets=year&offset=" + std::to_string(offset) +
                               "&limit=" + std::to_string(limit))
                             .json();
    EXPECT_EQ(counted["total_exact"], true);
    EXPECT_EQ(counted["total"], all["total"]);
  }
}

// BUG (library, surfaced by the API): src/archive/search.cc:237-238. For a
// viewer the index filters (any signed-in reader), without facets, the
// total is `offset + hits` and is called exact when the page is short; a
// page past the end (offset 1000 of 12 matches) then claims exactly 1000
// matches. Fix: when the page is empty and offset > 0, count (check_at_least
// = doccount, as for facets) or report total_exact=false with a total of at
// most the matches found.
TEST_F(ServerApi, APagePastTheEndDoesNotInventMatches) {
  Client c = as("secret");
  const Json all = c.get("/api/search?q=&limit=100&snippets=0").json();
  const Json past = c.get("/api/search?q=&offset=1000").json();
  EXPECT_TRUE(past["hits"].empty());
  if (past["total_exact"] == true) {
    EXPECT_EQ(past["total"], all["total"]) << past;
  } else {
    EXPECT_LE(past["total"].get<std::size_t>(), all["total"].get<std::size_t>()) << past;
  }
}

TEST_F(ServerApi, SnippetsAreEscapedHtmlWithOnlyMarkTags) {
  Client c = as("secret");
  int marked = 0;
  for (const char* q : {"Mossad", "iran", "\"next steps\"", "israel*", "the"}) {
    const Reply r = c.get(std::string("/api/search?limit=100&q=") + url_encode(q));
    ASSERT_EQ(r.status, 200) << q << ": " << r;
    for (const Json& h : Json(r.json()["hits"])) {
      std::string s = h["snippet"].get<std::string>();
      if (s.find("<mark>") != std::string::npos) ++marked;
      // Balanced, and nothing else in angle brackets.
      std::size_t opens = 0, closes = 0;
      for (std::size_t at = 0; (at = s.find("<mark>", at)) != std::string::npos; at += 6) ++opens;
      for (std::size_t at = 0; (at = s.find("</mark>", at)) != std::string::npos; at += 7) ++closes;
      EXPECT_EQ(opens, closes) << s;
      for (const std::string tag : {"<mark>", "</mark>"}) {
        for (std::size_t at; (at = s.find(tag)) != std::string::npos;) s.erase(at, tag.size());
      }
      EXPECT_EQ(s.find_first_of("<>\""), std::string::npos) << q << ": " << h["snippet"];
    }
  }
  EXPECT_GT(marked, 3);
  // The seed's snippet for Mossad marks the word.
  const Json m = c.get("/api/search?q=Mossad").json();
  bool seen = false;
  for (const Json& h : m["hits"]) {
    if (h["id"] == kSeed) {
      seen = true;
      EXPECT_NE(h["snippet"].get<std::string>().find("<mark>Mossad</mark>"), std::string::npos) << h;
    }
  }
  EXPECT_TRUE(seen) << m;
  // snippets=0: none.
  for (const Json& h : Json(c.get("/api/search?q=Mossad&snippets=0").json()["hits"])) {
    EXPECT_EQ(h["snippet"], "");
  }
}

TEST_F(ServerApi, BadSearchParametersAre400) {
  Client c = as("secret");
  for (const char* query :
       {"sort=random", "sort=NEWEST", "limit=0", "limit=101", "limit=abc", "limit=5x", "limit=-1", "offset=-1",
        "offset=x", "offset=100001", "facets=nope", "facets=tag,,class", "facets=tag,bogus", "snippets=2",
        "facet_limit=0"}) {
    SCOPED_TRACE(query);
    expect_error(c.get(std::string("/api/search?q=iran&") + query), 400, "bad_request");
  }
  expect_error(c.get("/api/search?q=" + std::string(4097, 'a')), 400, "bad_request");
  EXPECT_EQ(c.get("/api/search?q=" + std::string(4096, 'a')).status, 200);
  expect_error(c.get("/api/timeline?q=" + std::string(4097, 'a')), 400, "bad_request");
}

TEST_F(ServerApi, AQuerySyntaxErrorIs400WithAMessage) {
  Client c = as("secret");
  for (const char* q : {"(iran", "\"iran", "iran AND", "NOT", "foo:bar", "date:2007-13..", "year:abc"}) {
    SCOPED_TRACE(q);
    const Reply r = c.get(std::string("/api/search?q=") + url_encode(q));
    expect_error(r, 400, "bad_request");
    EXPECT_GT(r.error_message().size(), 10U) << r;
    expect_error(c.get(std::string("/api/timeline?q=") + url_encode(q)), 400, "bad_request");
  }
}

// ---------------------------------------------------------------------------
// Timeline

TEST_F(ServerApi, TimelineMonthsAscendAndAddUpToTheTotal) {
  Client c = as("secret");
  for (const char* q : {"", "iran", "Mossad"}) {
    SCOPED_TRACE(q);
    const Reply r = c.get(std::string("/api/timeline?q=") + url_encode(q));
    ASSERT_EQ(r.status, 200) << r;
    const Json j = r.json();
    EXPECT_EQ(j["query"], q);
    std::vector<std::string> months;
    std::int64_t sum = 0;
    for (const Json& m : j["months"]) {
      ASSERT_TRUE(m.is_array() && m.size() == 2) << m;
      EXPECT_TRUE(std::regex_match(m[0].get<std::string>(), std::regex(R"(\d{4}-\d{2})"))) << m;
      months.push_back(m[0].get<std::string>());
      sum += m[1].get<std::int64_t>();
    }
    EXPECT_TRUE(std::adjacent_find(months.begin(), months.end(), std::greater_equal<>()) == months.end())
        << "strictly ascending: " << j["months"];
    EXPECT_EQ(sum, j["total"].get<std::int64_t>());
    const Json s = c.get(std::string("/api/search?limit=1&facets=year&q=") + url_encode(q)).json();
    EXPECT_EQ(sum, s["total"].get<std::int64_t>());
    EXPECT_GE(months.size(), 1U);
  }
}

// ---------------------------------------------------------------------------
// Cables

TEST_F(ServerApi, ACableIsItsRecordVersionsAndPortions) {
  Client c = as("secret");
  const Reply r = c.get("/api/cables/07TELAVIV557");
  ASSERT_EQ(r.status, 200) << r;
  const Json j = r.json();
  EXPECT_EQ(j["id"], kSeed);
  EXPECT_EQ(j["origin"], "Embassy Tel Aviv");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["overall"], "SECRET");
  EXPECT_EQ(j["redacted"], false);
  EXPECT_TRUE(j["key"].is_number_integer());
  ASSERT_EQ(j["versions"].size(), 2U);
  const Json& rec = j["record"];
  EXPECT_EQ(rec["id"], kSeed);
  EXPECT_EQ(rec["classification"], "SECRET");
  EXPECT_EQ(rec["declassify_on"], "2017-02-09");
  EXPECT_TRUE(rec["subject"].is_string());
  ASSERT_EQ(rec["paragraphs"].size(), 19U);
  EXPECT_EQ(rec["paragraphs"][18]["number"], "19");
  EXPECT_EQ(rec["paragraphs"][18]["marking"], "U");
  EXPECT_EQ(rec["paragraphs"][0]["marking"], "S");
  EXPECT_NE(rec["paragraphs"][16]["text"].get<std::string>().find(kNewSentence), std::string::npos);
  // Portions: the subject, 19 paragraphs, none withheld.
  ASSERT_GE(j["portions"].size(), 20U);
  EXPECT_EQ(j["portions"][0]["kind"], "subject");
  for (const Json& p : j["portions"]) {
    for (const char* k : {"kind", "number", "marking", "inherited", "withheld"}) {
      EXPECT_TRUE(p.contains(k)) << p;
    }
    EXPECT_EQ(p["withheld"], false) << p;
  }
  // Ids are case-insensitive.
  const Reply lower = c.get("/api/cables/07telaviv557");
  ASSERT_EQ(lower.status, 200) << lower;
  EXPECT_EQ(lower.json()["record"], rec);
}

TEST_F(ServerApi, VersionOneAndTwoDiffer) {
  Client c = as("secret");
  const Json v1 = c.get("/api/cables/07TELAVIV557?version=1").json();
  const Json v2 = c.get("/api/cables/07TELAVIV557?version=2").json();
  const Json latest = c.get("/api/cables/07TELAVIV557").json();
  EXPECT_EQ(v1["version"], 1);
  EXPECT_EQ(v2["version"], 2);
  EXPECT_EQ(v2["record"], latest["record"]);
  EXPECT_NE(v1["record"], v2["record"]);
  const std::string p17_1 = v1["record"]["paragraphs"][16]["text"].get<std::string>();
  const std::string p17_2 = v2["record"]["paragraphs"][16]["text"].get<std::string>();
  EXPECT_NE(p17_1.find(kOldSentence), std::string::npos);
  EXPECT_EQ(p17_1.find(kNewSentence), std::string::npos);
  EXPECT_NE(p17_2.find(kNewSentence), std::string::npos);
  // Everything else is the same.
  for (std::size_t i = 0; i < 19; ++i) {
    if (i != 16) {
      EXPECT_EQ(v1["record"]["paragraphs"][i], v2["record"]["paragraphs"][i]) << i + 1;
    }
  }
}

TEST_F(ServerApi, UnknownAndImpossibleCablesAre404AndBadVersions400) {
  Client c = as("secret");
  const Reply unknown = c.get("/api/cables/07TELAVIV999");
  expect_error(unknown, 404, "not_found");
  for (const std::string& path : std::vector<std::string>{"/api/cables/07TELAVIV557%21", "/api/cables/07TELAVIV557%00", "/api/cables/a%20b", "/api/cables/%27%3B--",
        "/api/cables/" + std::string(65, 'A'), "/api/cables/%C3%A9",
        "/api/cables/07TELAVIV557!/refs", "/api/cables/x%0Ay/graph"}) {
    SCOPED_TRACE(path);
    expect_error(c.get(path), 404, "not_found");
  }
  for (const char* v : {"0", "-1", "x", "1.5", "", "99999999999"}) {
    SCOPED_TRACE(v);
    expect_error(c.get(std::string("/api/cables/07TELAVIV557?version=") + v), 400, "bad_request");
  }
  expect_error(c.get("/api/cables/07TELAVIV557?version=3"), 404, "not_found");
  expect_error(c.get("/api/cables/07TELAVIV557?origin=Embassy%20Paris"), 404, "not_found");
  expect_error(c.get("/api/cables/07TELAVIV557?origin=" + std::string(201, 'x')), 400, "bad_request");
  EXPECT_EQ(c.get("/api/cables/07TELAVIV557?origin=Embassy%20Tel%20Aviv").status, 200);
}

TEST_F(ServerApi, VersionsListsEachVersion) {
  Client c = as("secret");
  const Reply r = c.get("/api/cables/07TELAVIV557/versions");
  ASSERT_EQ(r.status, 200) << r;
  const Json j = r.json();
  EXPECT_EQ(j["id"], kSeed);
  EXPECT_EQ(j["origin"], "Embassy Tel Aviv");
  ASSERT_EQ(j["versions"].size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    const Json& v = j["versions"][i];
    EXPECT_EQ(v["version"], static_cast<int>(i) + 1);
    for (const char* k : {"digest", "ingested", "source", "format"}) {
      ASSERT_TRUE(v[k].is_string()) << v;
      EXPECT_FALSE(v[k].get<std::string>().empty()) << k;
    }
    EXPECT_EQ(v["format"], "plain");
  }
  EXPECT_NE(j["versions"][0]["digest"], j["versions"][1]["digest"]);
  EXPECT_NE(j["versions"][1]["source"].get<std::string>().find("07TELAVIV557-v2.txt"), std::string::npos);
  EXPECT_EQ(j["versions"], c.get("/api/cables/07TELAVIV557").json()["versions"]);
  expect_error(c.get("/api/cables/07TELAVIV999/versions"), 404, "not_found");
}

TEST_F(ServerApi, DiffShowsTheChangedSentence) {
  Client c = as("secret");
  const Reply r = c.get("/api/cables/07TELAVIV557/diff?from=1&to=2");
  ASSERT_EQ(r.status, 200) << r;
  const Json j = r.json();
  EXPECT_EQ(j["id"], kSeed);
  EXPECT_EQ(j["from"], 1);
  EXPECT_EQ(j["to"], 2);
  const std::string d = j["diff"].get<std::string>();
  bool minus = false, plus = false;
  std::istringstream lines(d);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("-", 0) == 0 && line.rfind("---", 0) != 0 && line.find("contradict") != std::string::npos)
      minus = true;
    if (line.rfind("+", 0) == 0 && line.rfind("+++", 0) != 0 && line.find("plainly undercut") != std::string::npos)
      plus = true;
    // Only the changed paragraph's lines are changed.
    if ((line.rfind("-", 0) == 0 || line.rfind("+", 0) == 0) && line.rfind("---", 0) != 0 &&
        line.rfind("+++", 0) != 0) {
      EXPECT_TRUE(line.find("Russia") != std::string::npos || line.find("policies") != std::string::npos ||
                  line.find("interests") != std::string::npos)
          << line;
    }
  }
  EXPECT_TRUE(minus) << d;
  EXPECT_TRUE(plus) << d;
  // The same version twice: no change.
  const std::string same = c.get("/api/cables/07TELAVIV557/diff?from=2&to=2").json()["diff"].get<std::string>();
  EXPECT_EQ(same.find("undercut"), std::string::npos) << same;
  for (const char* q : {"to=2", "from=1", "", "from=0&to=2", "from=1&to=x", "from=-1&to=2", "from=1&to=0"}) {
    SCOPED_TRACE(q);
    expect_error(c.get(std::string("/api/cables/07TELAVIV557/diff?") + q), 400, "bad_request");
  }
  expect_error(c.get("/api/cables/07TELAVIV557/diff?from=1&to=9"), 404, "not_found");
  expect_error(c.get("/api/cables/07TELAVIV999/diff?from=1&to=2"), 404, "not_found");
}

TEST_F(ServerApi, RefsListTheMissingCablesTheSeedCites) {
  Client c = as("secret");
  const Reply r = c.get("/api/cables/07TELAVIV557/refs");
  ASSERT_EQ(r.status, 200) << r;
  const Json j = r.json();
  EXPECT_EQ(j["id"], kSeed);
  EXPECT_EQ(j["origin"], "Embassy Tel Aviv");
  const std::vector<std::string> expected = {"07TELAVIV553", "07TELAVIV554", "07TELAVIV555", "07TELAVIV556"};
  for (const char* list : {"cites", "missing"}) {
    std::vector<std::string> ids;
    for (const Json& e : j[list]) {
      ids.push_back(e["id"].get<std::string>());
      EXPECT_TRUE(e["origin"].is_null()) << e;
      EXPECT_FALSE(e["text"].get<std::string>().empty()) << e;
      for (const char* k : {"subject", "created"}) {
        EXPECT_TRUE(e.contains(k)) << e;
      }
    }
    EXPECT_EQ(ids, expected) << list;
  }
  EXPECT_TRUE(j["cited_by"].is_array());
  EXPECT_TRUE(j["series"].is_array());
  expect_error(c.get("/api/cables/07TELAVIV999/refs"), 404, "not_found");
}

TEST_F(ServerApi, GraphHasTheCenterAndItsMissingReferences) {
  Client c = as("secret");
  const Reply one = c.get("/api/cables/07TELAVIV557/graph?depth=1");
  ASSERT_EQ(one.status, 200) << one;
  const Json g1 = one.json();
  EXPECT_EQ(g1["center"], kSeed);
  std::map<std::string, Json> nodes;
  for (const Json& n : g1["nodes"]) nodes[n["id"].get<std::string>()] = n;
  ASSERT_TRUE(nodes.count(std::string(kSeed)));
  EXPECT_EQ(nodes[std::string(kSeed)]["missing"], false);
  EXPECT_EQ(nodes[std::string(kSeed)]["origin"], "Embassy Tel Aviv");
  std::set<std::pair<std::string, std::string>> edges;
  for (const Json& e : g1["edges"]) edges.emplace(e["from"].get<std::string>(), e["to"].get<std::string>());
  for (const char* id : {"07TELAVIV553", "07TELAVIV554", "07TELAVIV555", "07TELAVIV556"}) {
    ASSERT_TRUE(nodes.count(id)) << id;
    EXPECT_EQ(nodes[id]["missing"], true) << id;
    EXPECT_TRUE(nodes[id]["origin"].is_null()) << id;
    EXPECT_TRUE(edges.count({std::string(kSeed), id})) << id;
  }
  // Every edge joins two nodes of the graph.
  for (const auto& e : edges) {
    EXPECT_TRUE(nodes.count(e.first) && nodes.count(e.second)) << e.first << " -> " << e.second;
  }
  // The default depth is 1; depth 2 holds at least as much.
  EXPECT_EQ(c.get("/api/cables/07TELAVIV557/graph").json(), g1);
  const Reply two = c.get("/api/cables/07TELAVIV557/graph?depth=2");
  ASSERT_EQ(two.status, 200) << two;
  std::set<std::string> ids2;
  for (const Json& n : Json(two.json()["nodes"])) ids2.insert(n["id"].get<std::string>());
  for (const auto& [id, n] : nodes) {
    EXPECT_TRUE(ids2.count(id)) << id;
  }
  for (const char* d : {"3", "0", "-1", "x", "100"}) {
    SCOPED_TRACE(d);
    expect_error(c.get(std::string("/api/cables/07TELAVIV557/graph?depth=") + d), 400, "bad_request");
  }
  expect_error(c.get("/api/cables/07TELAVIV999/graph"), 404, "not_found");
}

TEST_F(ServerApi, StatsMatchSearchTotals) {
  Client c = as("secret");
  const Reply r = c.get("/api/stats");
  ASSERT_EQ(r.status, 200) << r;
  const Json s = r.json();
  const Json all = c.get("/api/search?q=&limit=1&facets=class,year,origin,tag&facet_limit=1000").json();
  EXPECT_EQ(s["cables"], all["total"]);
  EXPECT_GT(s["versions"].get<std::int64_t>(), s["cables"].get<std::int64_t>());  // the seed has two
  for (const char* list : {"by_year", "by_origin", "by_classification"}) {
    std::int64_t sum = 0;
    for (const Json& p : s[list]) sum += p[1].get<std::int64_t>();
    EXPECT_EQ(sum, s["cables"].get<std::int64_t>()) << list;
  }
  // The same counts as the search's facets (which count classification
  // levels, not whole markings).
  auto as_map = [](const Json& pairs) {
    std::map<std::string, std::int64_t> m;
    for (const Json& p : pairs) m[p[0].get<std::string>()] = p[1].get<std::int64_t>();
    return m;
  };
  EXPECT_EQ(as_map(s["by_year"]), as_map(all["facets"]["year"]));
  EXPECT_EQ(as_map(s["by_origin"]), as_map(all["facets"]["origin"]));
  EXPECT_EQ(as_map(s["by_tag"]), as_map(all["facets"]["tag"]));
  std::int64_t levels = 0;
  for (const auto& [level, n] : as_map(all["facets"]["class"])) {
    const Json one = c.get("/api/search?limit=1&facets=year&q=" + url_encode("class:\"" + level + "\"")).json();
    EXPECT_EQ(one["total"].get<std::int64_t>(), n) << level;
    levels += n;
  }
  EXPECT_EQ(levels, s["cables"].get<std::int64_t>());
}

// ---------------------------------------------------------------------------
// Users

TEST_F(ServerApi, AnAdminListsAddsChangesAndRemovesUsers) {
  Client admin = as("admin");
  const Reply list = admin.get("/api/users");
  ASSERT_EQ(list.status, 200) << list;
  std::set<std::string> names;
  for (const Json& u : Json(list.json()["users"])) names.insert(u["name"].get<std::string>());
  for (const char* n : {"secret", "conf", "admin", "auditor", "gbr"}) {
    EXPECT_TRUE(names.count(n)) << n;
  }
  EXPECT_EQ(list.body.find("argon2"), std::string::npos);
  EXPECT_EQ(list.body.find("password"), std::string::npos);

  const Json newcomer = {{"name", "api-newcomer"}, {"password", "pw of the newcomer"}, {"role", "reader"},
                         {"clearance", "SECRET"}, {"nationality", "USA"}, {"groups", {"exdis"}},
                         {"post", "Embassy Paris"}};
  const Reply added = admin.post("/api/users", newcomer.dump());
  ASSERT_EQ(added.status, 201) << added;
  EXPECT_EQ(added.json()["name"], "api-newcomer");
  EXPECT_EQ(added.json()["clearance"], "SECRET");
  EXPECT_EQ(added.json()["groups"], Json({"exdis"}));
  EXPECT_EQ(added.json()["post"], "Embassy Paris");
  EXPECT_EQ(added.json()["disabled"], false);
  EXPECT_FALSE(added.json()["created"].get<std::string>().empty());
  expect_error(admin.post("/api/users", newcomer.dump()), 409, "conflict");

  // The newcomer signs in and reads; a change of clearance ends that session.
  Client user(port());
  ASSERT_EQ(user.sign_in("api-newcomer", "pw of the newcomer").status, 200);
  ASSERT_EQ(user.get("/api/cables/07TELAVIV557").status, 200);
  const Reply patched = admin.patch("/api/users/api-newcomer", R"({"clearance": "CONFIDENTIAL"})");
  ASSERT_EQ(patched.status, 200) << patched;
  EXPECT_EQ(patched.json()["clearance"], "CONFIDENTIAL");
  EXPECT_EQ(patched.json()["post"], "Embassy Paris");
  expect_error(user.get("/api/cables/07TELAVIV557"), 401, "unauthenticated");
  ASSERT_EQ(user.sign_in("api-newcomer", "pw of the newcomer").status, 200);
  EXPECT_EQ(user.get("/api/session").json()["user"]["clearance"], "CONFIDENTIAL");

  // A new password through PATCH: the old one stops working.
  ASSERT_EQ(admin.patch("/api/users/api-newcomer", R"({"password": "a newer password"})").status, 200);
  expect_error(user.get("/api/stats"), 401, "unauthenticated");
  expect_error(Client(port()).sign_in("api-newcomer", "pw of the newcomer"), 401, "unauthenticated");
  EXPECT_EQ(Client(port()).sign_in("api-newcomer", "a newer password").status, 200);

  EXPECT_EQ(admin.del("/api/users/api-newcomer").status, 204);
  expect_error(admin.del("/api/users/api-newcomer"), 404, "not_found");
  expect_error(admin.del("/api/users/never-was"), 404, "not_found");
  expect_error(admin.patch("/api/users/never-was", R"({"clearance": "SECRET"})"), 404, "not_found");
  expect_error(Client(port()).sign_in("api-newcomer", "a newer password"), 401, "unauthenticated");
}

TEST_F(ServerApi, BadUserBodiesAre400) {
  Client admin = as("admin");
  for (const std::string body :
       {"not json", "[]", R"({"name": "x1"})", R"({"password": "p"})", R"({"name": "x1", "password": 5})",
        R"({"name": "x1", "password": "p", "role": "emperor"})",
        R"({"name": "x1", "password": "p", "clearance": "COSMIC"})",
        R"({"name": "x1", "password": "p", "groups": "exdis"})", R"({"name": "x1", "password": "p", "groups": [1]})",
        R"({"name": "x1", "password": "p", "disabled": "yes"})", R"({"name": "x1", "password": "p", "role": 3})",
        R"({"name": "bad name!", "password": "p"})", R"({"name": "x1", "password": ""})"}) {
    SCOPED_TRACE(body);
    expect_error(admin.post("/api/users", body), 400, "bad_request");
  }
  for (const std::string body : {"not json", "[]", R"({"clearance": "COSMIC"})", R"({"password": 5})",
                                 R"({"disabled": 1})"}) {
    SCOPED_TRACE(body);
    expect_error(admin.patch("/api/users/conf", body), 400, "bad_request");
  }
  for (const Json& u : Json(admin.get("/api/users").json()["users"])) {
    EXPECT_NE(u["name"], "x1") << "nothing was added";
  }
}

TEST_F(ServerApi, OnlyAnAdminManagesUsers) {
  for (const char* who : {"secret", "auditor"}) {
    SCOPED_TRACE(who);
    Client c = as(who);
    expect_error(c.get("/api/users"), 403, "forbidden");
    expect_error(c.post("/api/users", R"({"name": "intruder", "password": "p"})"), 403, "forbidden");
    expect_error(c.patch("/api/users/secret", R"({"clearance": "TOP SECRET"})"), 403, "forbidden");
    expect_error(c.del("/api/users/conf"), 403, "forbidden");
  }
  Client admin = as("admin");
  EXPECT_EQ(admin.get("/api/session").json()["user"]["clearance"], "UNCLASSIFIED");
  for (const Json& u : Json(admin.get("/api/users").json()["users"])) {
    EXPECT_NE(u["name"], "intruder");
    if (u["name"] == "secret") {
      EXPECT_EQ(u["clearance"], "SECRET");
    }
  }
}

TEST_F(ServerApi, UserChangesNeedTheCsrfToken) {
  Client admin = as("admin");
  const std::string body = R"({"name": "csrf-victim", "password": "p"})";
  admin.send_csrf = false;
  expect_error(admin.post("/api/users", body), 403, "csrf");
  expect_error(admin.patch("/api/users/conf", R"({"disabled": true})"), 403, "csrf");
  expect_error(admin.del("/api/users/conf"), 403, "csrf");
  admin.send_csrf = true;
  const std::string right = admin.csrf;
  admin.csrf = std::string(right.size(), 'A');
  expect_error(admin.post("/api/users", body), 403, "csrf");
  admin.csrf = right.substr(0, right.size() - 1);
  expect_error(admin.post("/api/users", body), 403, "csrf");
  // Another session's token is not this one's.
  admin.csrf = as("admin").csrf;
  expect_error(admin.del("/api/users/conf"), 403, "csrf");
  admin.csrf = right;
  expect_error(admin.post("/api/users", body, "text/plain"), 403, "csrf");
  // Nothing happened.
  const Json users = admin.get("/api/users").json()["users"];
  for (const Json& u : users) {
    EXPECT_NE(u["name"], "csrf-victim");
    if (u["name"] == "conf") {
      EXPECT_EQ(u["disabled"], false);
    }
  }
}

// ---------------------------------------------------------------------------
// Audit

TEST_F(ServerApi, TheAuditorSeesTheSecretReadersShowMostRecentFirst) {
  Client secret = as("secret");
  ASSERT_EQ(secret.get("/api/cables/07TELAVIV557").status, 200);
  Client auditor = as("auditor");
  const Reply r = auditor.get("/api/audit");
  ASSERT_EQ(r.status, 200) << r;
  const Json entries = r.json()["entries"];
  ASSERT_GE(entries.size(), 1U) << r;
  for (std::size_t i = 1; i < entries.size(); ++i)
    EXPECT_GT(entries[i - 1]["seq"].get<std::int64_t>(), entries[i]["seq"].get<std::int64_t>());
  for (const Json& e : entries) {
    for (const char* k : {"seq", "time", "reader", "action", "target", "portions", "hash"})
      EXPECT_TRUE(e.contains(k)) << e;
  }
  // The most recent entry is that read.
  EXPECT_EQ(entries[0]["reader"], "secret");
  EXPECT_EQ(entries[0]["action"], "show");
  EXPECT_EQ(entries[0]["target"].get<std::string>().rfind("07TELAVIV557 ", 0), 0U) << entries[0];
  EXPECT_NE(entries[0]["portions"].get<std::string>().find("18"), std::string::npos) << entries[0];

  // Filters and the limit.
  const Json shows = auditor.get("/api/audit?reader=secret&action=show").json()["entries"];
  ASSERT_GE(shows.size(), 1U);
  for (const Json& e : shows) {
    EXPECT_EQ(e["reader"], "secret");
    EXPECT_EQ(e["action"], "show");
  }
  EXPECT_TRUE(auditor.get("/api/audit?reader=nobody-reads").json()["entries"].empty());
  EXPECT_EQ(auditor.get("/api/audit?limit=1").json()["entries"].size(), 1U);
  EXPECT_EQ(auditor.get("/api/audit?limit=1").json()["entries"][0]["seq"], entries[0]["seq"]);
  for (const char* l : {"0", "x", "10001", "-5"}) {
    SCOPED_TRACE(l);
    expect_error(auditor.get(std::string("/api/audit?limit=") + l), 400, "bad_request");
  }

  const Reply v = auditor.get("/api/audit/verify");
  ASSERT_EQ(v.status, 200) << v;
  EXPECT_EQ(v.json()["ok"], true) << v;
  EXPECT_GE(v.json()["entries"].get<std::int64_t>(), static_cast<std::int64_t>(entries.size()));
  EXPECT_EQ(v.json()["head"], entries[0]["hash"]);
  EXPECT_TRUE(v.json()["problem"].is_null());
}

TEST_F(ServerApi, OnlyTheAuditorReadsTheAuditLog) {
  for (const char* who : {"secret", "admin"}) {
    SCOPED_TRACE(who);
    Client c = as(who);
    expect_error(c.get("/api/audit"), 403, "forbidden");
    expect_error(c.get("/api/audit/verify"), 403, "forbidden");
  }
}

// ---------------------------------------------------------------------------
// The OpenAPI document, routing, headers

TEST_F(ServerApi, OpenApiListsEveryPathOfTheDocs) {
  // Every "METHOD /api/path" of docs/api.md, as OpenAPI writes it.
  std::ifstream in(fs::path(CHANCERY_SOURCE_DIR) / "docs" / "api.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  ASSERT_FALSE(text.empty());
  std::set<std::pair<std::string, std::string>> documented;
  const std::regex call(R"(`(GET|POST|PUT|PATCH|DELETE) (/api/[^ `?]*))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator(); ++it) {
    std::string method = (*it)[1];
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    documented.emplace(method, (*it)[2]);
  }
  ASSERT_GE(documented.size(), 16U);

  Client c(port());
  const Reply r = c.get("/api/openapi.json");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  const Json spec = r.json();
  ASSERT_TRUE(spec.is_object()) << "not JSON";
  EXPECT_EQ(spec["openapi"].get<std::string>().rfind("3.", 0), 0U);
  ASSERT_TRUE(spec["paths"].is_object());
  for (const auto& [method, path] : documented) {
    SCOPED_TRACE(method + " " + path);
    ASSERT_TRUE(spec["paths"].contains(path)) << "missing from openapi.json";
    EXPECT_TRUE(spec["paths"][path].contains(method));
  }
}

TEST_F(ServerApi, UnknownApiPathsAre404AndWrongMethods405) {
  Client c = as("secret");
  for (const char* path : {"/api/x", "/api/", "/api", "/api/cables", "/api/cables/07TELAVIV557/nope",
                           "/api/users/a/b", "/api/searchx", "/api/session/extra"}) {
    SCOPED_TRACE(path);
    expect_error(c.get(path), 404, "not_found");
  }
  // Known paths, other methods (raw: no client adds or drops anything).
  for (const char* line : {"PUT /api/search", "DELETE /api/search", "POST /api/stats", "PUT /api/session",
                           "POST /api/cables/07TELAVIV557", "DELETE /api/cables/07TELAVIV557/refs",
                           "PUT /api/users", "POST /api/users/conf", "POST /api/audit", "DELETE /api/openapi.json",
                           "PATCH /api/timeline"}) {
    SCOPED_TRACE(line);
    const RawReply r = raw(port(), std::string(line) +
                                       " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                       "Content-Length: 0\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(r.status(), 405) << r.bytes;
    const Json j = Json::parse(r.body(), nullptr, false);
    EXPECT_EQ(j["error"]["code"], "method_not_allowed") << r.bytes;
  }
  // Outside /api/ a path nobody serves is a plain 404.
  const Reply plain = c.get("/nothing-here");
  EXPECT_EQ(plain.status, 404);
}

TEST_F(ServerApi, SecurityHeadersOnEveryAnswer) {
  Client c = as("secret");
  struct Case {
    std::string path;
    int status;
    bool api;
  };
  for (const Case& k : {Case{"/api/session", 200, true}, Case{"/api/search?q=iran", 200, true},
                        Case{"/api/cables/07TELAVIV999", 404, true}, Case{"/api/search?sort=x", 400, true},
                        Case{"/api/x", 404, true}, Case{"/api/users", 403, true}, Case{"/", 200, false},
                        Case{"/assets/nope.js", 404, false}, Case{"/api/openapi.json", 200, false}}) {
    SCOPED_TRACE(k.path);
    const Reply r = c.get(k.path);
    EXPECT_EQ(r.status, k.status) << r;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
    const std::string csp = r.header("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
    if (k.api) {
      EXPECT_EQ(r.header("Cache-Control"), "no-store");
    }
  }
  const Reply unauth = Client(port()).get("/api/stats");
  EXPECT_EQ(unauth.header("Cache-Control"), "no-store");
  EXPECT_EQ(unauth.header("X-Frame-Options"), "DENY");
}

TEST_F(ServerApi, TheIndexPageIsServed) {
  Client c(port());
  const Reply r = c.get("/");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<title>"), std::string::npos);
  const std::string etag = r.header("ETag");
  ASSERT_FALSE(etag.empty());
  const Reply again = c.get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

}  // namespace
}  // namespace chancery::server::test
