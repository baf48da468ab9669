// Access through the API: the same request by readers of different
// clearances and nationalities gets what the library's access layer gives
// each (the API's redaction is the library's, computed here through
// chancery::archive with the same Viewer), and nothing a reader may not see
// shows anywhere in its answers. Then the reading room (an anonymous
// visitor who sees what is declassified), disabled users, and the audit
// trail of classified reads.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "chancery/search.h"
#include "server/server_harness.h"

namespace chancery::server::test {
namespace {

// ---------------------------------------------------------------------------
// The library's view, for comparison.

archive::Archive& library() {
  static archive::Archive* a = [] {
    Result<archive::Archive> opened = archive::Archive::open(world().dir, true);
    if (!opened) {
      ADD_FAILURE() << opened.error().to_string();
      return static_cast<archive::Archive*>(nullptr);
    }
    return new archive::Archive(std::move(opened).value());
  }();
  return *a;
}

archive::Viewer viewer_of(const std::string& name, const std::string& as_of = "2016-01-01") {
  archive::Viewer v;
  v.as_of = as_of;
  Result<users::UserStore> store = users::UserStore::open(world().dir, users::PasswordCost::minimum());
  EXPECT_TRUE(store.has_value());
  if (!store) return v;
  Result<std::optional<users::User>> u = store->find(name);
  EXPECT_TRUE(u.has_value() && u->has_value()) << name;
  if (u && *u) v.reader = users::reader_of(**u);
  return v;
}

archive::Viewer reading_room(const std::string& as_of) {
  return archive::Viewer{.reader = access::Reader::reading_room(), .as_of = as_of};
}

std::string kind_name(access::Portion::Kind k) {
  switch (k) {
    case access::Portion::Kind::kSubject: return "subject";
    case access::Portion::Kind::kParagraph: return "paragraph";
    case access::Portion::Kind::kText: return "text";
  }
  return "?";
}

// The API's answer for a cable is the library's for the same viewer: the
// same record (redacted the same way), portions, marking and history; or
// 404 when the library finds nothing.
void expect_as_library(const Reply& api, const std::string& id, const archive::Viewer& v,
                       std::optional<int> version = std::nullopt) {
  SCOPED_TRACE(id);
  Result<archive::StoredCable> lib = library().get(id, std::nullopt, version, false, v);
  if (!lib) {
    ASSERT_EQ(lib.error().code, Errc::kNotFound) << lib.error().to_string();
    EXPECT_EQ(api.status, 404) << api;
    EXPECT_EQ(api.error_code(), "not_found") << api;
    return;
  }
  ASSERT_EQ(api.status, 200) << api;
  const Json j = api.json();
  EXPECT_EQ(j["record"], Json::parse(to_json(lib->record)));
  EXPECT_EQ(j["redacted"], lib->redacted);
  EXPECT_EQ(j["overall"], lib->overall);
  EXPECT_EQ(j["version"], lib->version);
  EXPECT_EQ(j["key"], lib->key);
  ASSERT_EQ(j["versions"].size(), lib->versions.size());
  ASSERT_EQ(j["portions"].size(), lib->portions.size());
  for (std::size_t i = 0; i < lib->portions.size(); ++i) {
    const archive::PortionView& p = lib->portions[i];
    const Json& q = j["portions"][i];
    EXPECT_EQ(q["kind"], kind_name(p.kind)) << i;
    EXPECT_EQ(q["number"], p.number) << i;
    EXPECT_EQ(q["marking"], p.marking) << i;
    EXPECT_EQ(q["inherited"], p.inherited) << i;
    EXPECT_EQ(q["withheld"], p.withheld) << i;
  }
}

// ---------------------------------------------------------------------------
// Looking for withheld text in answers.

std::string squash(std::string_view s) {  // lower case, whitespace runs as one space
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

void strings_of(const Json& j, std::string& out) {
  if (j.is_string()) {
    out += j.get<std::string>();
    out += '\n';
  } else if (j.is_structured()) {
    for (const auto& item : j.items()) {
      out += item.key();
      out += '\n';
      strings_of(item.value(), out);
    }
  }
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
}

// Every text an answer carries, as a reader would read it: the JSON's
// strings unescaped, snippets' HTML undone, squashed. Less the query a
// search echoes: the caller's own words.
std::string readable(const Reply& r) {
  std::string text;
  Json j = r.json();
  if (j.is_object()) j.erase("query");
  if (j.is_discarded()) {
    text = r.body;
  } else {
    strings_of(j, text);
  }
  replace_all(text, "<mark>", "");
  replace_all(text, "</mark>", "");
  replace_all(text, "&lt;", "<");
  replace_all(text, "&gt;", ">");
  replace_all(text, "&quot;", "\"");
  replace_all(text, "&#39;", "'");
  replace_all(text, "&amp;", "&");
  return squash(text);
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string w;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w.push_back(c);
    }
  }
  return out;
}

class ServerAccess : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!world().ok()) return;
    server_ = RunningServer::start(test_options()).release();
    room_ = RunningServer::start(test_options(true, "2016-01-01")).release();
    room_2030_ = RunningServer::start(test_options(true, "2030-01-01")).release();
  }
  static void TearDownTestSuite() {
    for (RunningServer** s : {&server_, &room_, &room_2030_}) {
      delete *s;
      *s = nullptr;
    }
  }
  void SetUp() override {
    ASSERT_TRUE(world().ok()) << world().error;
    ASSERT_TRUE(server_ && room_ && room_2030_);
  }
  Client as(const std::string& name) { return signed_in(server_->port(), name); }

  // Five-word runs of the seed's subject and paragraphs 1-18 (both
  // versions) as the SECRET reader gets them, less those that also occur in
  // text `reader` may see (any cable's record as the library shows it to
  // that viewer): what must not reach the viewer.
  static std::vector<std::string> withheld_fragments(const archive::Viewer& v) {
    std::string visible;
    archive::SearchRequest all;
    all.limit = 1000;
    all.snippets = false;
    Result<archive::SearchResult> cables = library().search(all, v);
    EXPECT_TRUE(cables.has_value());
    if (cables) {
      for (const archive::SearchHit& h : cables->hits) {
        for (int version : {1, 2}) {
          Result<archive::StoredCable> c = library().get(h.id, h.origin, version, false, v);
          if (!c) continue;
          std::string text;
          strings_of(Json::parse(to_json(c->record)), text);
          visible += squash(text) + "\n";
        }
      }
    }
    Client secret = signed_in(server_->port(), "secret");
    std::vector<std::string> texts;
    for (const char* version : {"1", "2"}) {
      const Json rec = secret.get(std::string("/api/cables/07TELAVIV557?version=") + version).json()["record"];
      EXPECT_EQ(rec["paragraphs"].size(), 19U);
      if (!rec["paragraphs"].is_array()) continue;
      texts.push_back(rec["subject"].get<std::string>());
      for (std::size_t i = 0; i < 18 && i < rec["paragraphs"].size(); ++i)
        texts.push_back(rec["paragraphs"][i]["text"].get<std::string>());
    }
    std::set<std::string> out;
    for (const std::string& t : texts) {
      const std::vector<std::string> w = words(squash(t));
      for (std::size_t i = 0; i + 5 <= w.size(); i += 2) {
        std::string f = w[i];
        for (std::size_t k = 1; k < 5; ++k) f += " " + w[i + k];
        if (f.size() >= 20 && visible.find(f) == std::string::npos) out.insert(f);
      }
    }
    return {out.begin(), out.end()};
  }

  static RunningServer* server_;
  static RunningServer* room_;
  static RunningServer* room_2030_;
};
RunningServer* ServerAccess::server_ = nullptr;
RunningServer* ServerAccess::room_ = nullptr;
RunningServer* ServerAccess::room_2030_ = nullptr;

// ---------------------------------------------------------------------------

TEST_F(ServerAccess, TheSeedIsRedactedForConfidentialExactlyAsTheLibrarySays) {
  Client secret = as("secret");
  Client conf = as("conf");
  const Reply s = secret.get("/api/cables/07TELAVIV557");
  const Reply c = conf.get("/api/cables/07TELAVIV557");
  expect_as_library(s, "07TELAVIV557", viewer_of("secret"));
  expect_as_library(c, "07TELAVIV557", viewer_of("conf"));
  for (const char* v : {"1", "2"}) {
    expect_as_library(conf.get(std::string("/api/cables/07TELAVIV557?version=") + v), "07TELAVIV557",
                      viewer_of("conf"), std::stoi(v));
  }
  // As docs/api.md and the seed's markings have it.
  ASSERT_EQ(c.status, 200) << c;
  const Json j = c.json();
  EXPECT_EQ(j["redacted"], true);
  EXPECT_TRUE(j["record"]["subject"].is_null()) << j["record"]["subject"];
  ASSERT_EQ(j["record"]["paragraphs"].size(), 19U);
  for (std::size_t i = 0; i < 18; ++i) {
    EXPECT_EQ(j["record"]["paragraphs"][i]["text"], "") << i + 1;
    EXPECT_EQ(j["record"]["paragraphs"][i]["number"], std::to_string(i + 1));
    EXPECT_EQ(j["record"]["paragraphs"][i]["marking"], "S");
  }
  EXPECT_NE(j["record"]["paragraphs"][18]["text"].get<std::string>().find("has cleared on this"), std::string::npos);
  for (const Json& p : j["portions"]) {
    if (p["kind"] == "subject") {
      EXPECT_EQ(p["withheld"], true);
    }
    if (p["kind"] == "paragraph") {
      EXPECT_EQ(p["withheld"], p["number"] != "19") << p;
    }
  }
  EXPECT_FALSE(j["record"].contains("raw"));
  // The SECRET reader gets it whole.
  EXPECT_EQ(s.json()["redacted"], false);
  EXPECT_NE(s.json()["record"], j["record"]);
}

TEST_F(ServerAccess, NoWithheldTextReachesTheConfidentialReaderAnywhere) {
  const std::vector<std::string> fragments = withheld_fragments(viewer_of("conf"));
  ASSERT_GE(fragments.size(), 200U) << "too few fragments to look for";
  Client conf = as("conf");
  // Its answers: the cable and all that hangs on it, and searches for words
  // and phrases of the withheld paragraphs.
  std::vector<std::string> paths = {"/api/cables/07TELAVIV557",
                                    "/api/cables/07TELAVIV557?version=1",
                                    "/api/cables/07TELAVIV557/versions",
                                    "/api/cables/07TELAVIV557/diff?from=1&to=2",
                                    "/api/cables/07TELAVIV557/diff?from=2&to=1",
                                    "/api/cables/07TELAVIV557/refs",
                                    "/api/cables/07TELAVIV557/graph?depth=2",
                                    "/api/stats",
                                    "/api/timeline?q=",
                                    "/api/search?q=&limit=100&facets=tag,origin,year,class,month"};
  std::set<std::string> queries = {"Mossad", "Issacharoff", "Larijani", "undercut", "contradict", "\"next steps\"",
                                   "subject:israeli", "subject:joseph", "Russia Israel", "UNSCR 1737"};
  for (std::size_t i = 0; i < fragments.size(); i += 9) {
    queries.insert("\"" + fragments[i] + "\"");
    for (const std::string& w : words(fragments[i])) {
      if (w.size() >= 7 && std::all_of(w.begin(), w.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); }))
        queries.insert(w);
    }
  }
  for (const std::string& q : queries) {
    paths.push_back("/api/search?limit=100&facets=tag,origin,year,class&q=" + url_encode(q));
    paths.push_back("/api/timeline?q=" + url_encode(q));
  }
  std::size_t answered = 0;
  for (const std::string& path : paths) {
    const Reply r = conf.get(path);
    if (r.status == 400) continue;  // a word the query language reads otherwise
    ASSERT_EQ(r.status, 200) << path << ": " << r;
    ++answered;
    const std::string text = readable(r);
    Json echo_less = r.json();
    if (echo_less.is_object()) echo_less.erase("query");
    const std::string bytes = squash(echo_less.dump());
    for (const std::string& f : fragments) {
      ASSERT_EQ(text.find(f), std::string::npos) << path << " shows withheld text: \"" << f << "\"";
      ASSERT_EQ(bytes.find(f), std::string::npos) << path << " carries withheld text: \"" << f << "\"";
    }
    EXPECT_EQ(text.find("undercut"), std::string::npos) << path;
    EXPECT_EQ(text.find("contradict israel"), std::string::npos) << path;
  }
  EXPECT_GT(answered, 40U);
  // The check can see a leak: the SECRET reader's answers hold the fragments.
  Client secret = as("secret");
  const std::string seen = readable(secret.get("/api/cables/07TELAVIV557"));
  std::size_t found = 0;
  for (const std::string& f : fragments) found += seen.find(f) != std::string::npos;
  EXPECT_GT(found, fragments.size() / 2);
  EXPECT_NE(readable(secret.get("/api/cables/07TELAVIV557/diff?from=1&to=2")).find("undercut"), std::string::npos);
}

TEST_F(ServerAccess, ASearchOnlySecretTextMatchesFindsNothingForConfidential) {
  Client secret = as("secret");
  Client conf = as("conf");
  int checked = 0;
  for (const char* q : {"Issacharoff", "Larijani", "Timbie", "Yaakov", "undercut", "subject:israeli"}) {
    SCOPED_TRACE(q);
    const std::string query = url_encode(q);
    const Json s = secret.get("/api/search?facets=tag,origin,year,class&q=" + query).json();
    // Only queries whose every match is the seed's SECRET text count here.
    if (s["total"] != 1 || s["hits"][0]["id"] != kSeed) continue;
    ++checked;
    const Reply r = conf.get("/api/search?facets=tag,origin,year,class&q=" + query);
    ASSERT_EQ(r.status, 200) << r;
    const Json c = r.json();
    EXPECT_EQ(c["total"], 0) << r;
    EXPECT_TRUE(c["hits"].empty()) << r;
    for (const char* f : {"tag", "origin", "year", "class"}) {
      EXPECT_TRUE(c["facets"][f].empty()) << f << ": " << r;
    }
    EXPECT_TRUE(conf.get("/api/timeline?q=" + query).json()["months"].empty());
    EXPECT_FALSE(secret.get("/api/timeline?q=" + query).json()["months"].empty());
  }
  EXPECT_GE(checked, 3);
}

TEST_F(ServerAccess, NoforNIsForUsNationalsOnly) {
  // 09PARIS1254 is SECRET//NOFORN: a SECRET reader from GBR gets less.
  Client secret = as("secret");
  Client gbr = as("gbr");
  const Reply s = secret.get("/api/cables/09PARIS1254");
  const Reply g = gbr.get("/api/cables/09PARIS1254");
  expect_as_library(s, "09PARIS1254", viewer_of("secret"));
  expect_as_library(g, "09PARIS1254", viewer_of("gbr"));
  ASSERT_EQ(s.status, 200) << s;
  EXPECT_EQ(s.json()["overall"], "SECRET//NOFORN");
  EXPECT_EQ(s.json()["redacted"], false);
  EXPECT_TRUE(g.status == 404 || g.json()["redacted"] == true) << g;
  // ... while the seed (no caveat) is the same for both.
  EXPECT_EQ(gbr.get("/api/cables/07TELAVIV557").json()["record"],
            secret.get("/api/cables/07TELAVIV557").json()["record"]);
  // And searches count what each may see.
  const Json sn = secret.get("/api/search?q=" + url_encode("class:SECRET//NOFORN") + "&limit=100").json();
  const Json gn = gbr.get("/api/search?q=" + url_encode("class:SECRET//NOFORN") + "&limit=100").json();
  archive::SearchRequest req;
  req.query = "class:SECRET//NOFORN";
  req.exact_total = true;
  for (const auto& [who, j] : {std::pair<std::string, Json>{"secret", sn}, std::pair<std::string, Json>{"gbr", gn}}) {
    Result<archive::SearchResult> lib = library().search(req, viewer_of(who));
    ASSERT_TRUE(lib.has_value()) << lib.error().to_string();
    EXPECT_EQ(j["total"].get<std::uint64_t>(), lib->total) << who;
  }
}

TEST_F(ServerAccess, EveryCableIsAsTheLibraryShowsItToEachReader) {
  archive::SearchRequest all;
  all.limit = 1000;
  all.snippets = false;
  Result<archive::SearchResult> cables = library().search(all, archive::Viewer{});
  ASSERT_TRUE(cables.has_value());
  ASSERT_GE(cables->hits.size(), 10U);
  for (const char* who : {"secret", "conf", "gbr", "admin"}) {
    SCOPED_TRACE(who);
    Client c = as(who);
    const archive::Viewer v = viewer_of(who);
    for (const archive::SearchHit& h : cables->hits)
      expect_as_library(c.get("/api/cables/" + h.id), h.id, v);
  }
}

// ---------------------------------------------------------------------------
// The reading room

TEST_F(ServerAccess, TheReadingRoomSeesOnlyWhatIsDeclassified) {
  Client anon(room_->port());
  const Reply who = anon.get("/api/session");
  ASSERT_EQ(who.status, 200) << who;
  EXPECT_EQ(who.json(), Json::parse(R"({"user": null, "reading_room": true, "csrf": null})"));

  const archive::Viewer room = reading_room("2016-01-01");
  archive::SearchRequest all;
  all.limit = 1000;
  all.snippets = false;
  Result<archive::SearchResult> cables = library().search(all, archive::Viewer{});
  ASSERT_TRUE(cables.has_value());
  const Reply nonexistent = anon.get("/api/cables/07TELAVIV999");
  EXPECT_EQ(nonexistent.status, 404);
  int hidden = 0, whole = 0;
  for (const archive::SearchHit& h : cables->hits) {
    const Reply r = anon.get("/api/cables/" + h.id);
    expect_as_library(r, h.id, room);
    if (r.status == 404) {
      ++hidden;
      // In the same words as a cable that does not exist.
      std::string message = r.error_message();
      replace_all(message, h.id, "07TELAVIV999");
      EXPECT_EQ(message, nonexistent.error_message()) << h.id;
      EXPECT_EQ(r.body.size() - h.id.size(), nonexistent.body.size() - std::string("07TELAVIV999").size());
      for (const char* sub : {"/versions", "/refs", "/graph", "/diff?from=1&to=1"})
        EXPECT_EQ(anon.get("/api/cables/" + h.id + sub).status, 404) << h.id << sub;
    } else if (r.status == 200 && r.json()["redacted"] == false) {
      ++whole;
    }
  }
  // Both kinds exist here, so both were checked.
  EXPECT_GE(hidden, 1);
  EXPECT_GE(whole, 1);
  // An UNCLASSIFIED cable is public.
  const Reply bogota = anon.get("/api/cables/06BOGOTA5712");
  ASSERT_EQ(bogota.status, 200) << bogota;
  EXPECT_EQ(bogota.json()["redacted"], false);
  // The seed as of 2016: at most its UNCLASSIFIED paragraph 19 (as the library says).
  const Reply seed = anon.get("/api/cables/07TELAVIV557");
  expect_as_library(seed, "07TELAVIV557", room);
  if (seed.status == 200) {
    EXPECT_EQ(seed.json()["redacted"], true);
    for (std::size_t i = 0; i < 18; ++i) {
      EXPECT_EQ(seed.json()["record"]["paragraphs"][i]["text"], "") << i + 1;
    }
  }
  // Search, stats and timeline count only what the room may see.
  const Json found = anon.get("/api/search?q=Issacharoff").json();
  EXPECT_EQ(found["total"], 0);
  Result<archive::Stats> stats = library().stats(room);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(anon.get("/api/stats").json()["cables"].get<std::uint64_t>(), stats->cables);
  // The room reads; it changes nothing and audits nothing.
  EXPECT_EQ(anon.post("/api/users", R"({"name": "x2", "password": "p"})").status, 401);
  EXPECT_EQ(anon.get("/api/users").status, 401);
  EXPECT_EQ(anon.get("/api/audit").status, 401);
}

TEST_F(ServerAccess, TheReadingRoomNeverSeesWithheldText) {
  const std::vector<std::string> fragments = withheld_fragments(reading_room("2016-01-01"));
  ASSERT_GE(fragments.size(), 200U);
  Client anon(room_->port());
  for (const std::string path :
       {"/api/cables/07TELAVIV557", "/api/cables/07TELAVIV557?version=1", "/api/cables/07TELAVIV557/diff?from=1&to=2",
        "/api/cables/07TELAVIV557/refs", "/api/cables/07TELAVIV557/graph?depth=2", "/api/stats",
        "/api/search?q=Mossad&limit=100&facets=tag,class", "/api/search?q=iran&limit=100",
        "/api/search?q=subject:israeli", "/api/timeline?q=Larijani"}) {
    const Reply r = anon.get(path);
    ASSERT_TRUE(r.status == 200 || r.status == 404) << path << ": " << r;
    const std::string text = readable(r);
    for (const std::string& f : fragments) {
      ASSERT_EQ(text.find(f), std::string::npos) << path << ": " << f;
    }
  }
}

TEST_F(ServerAccess, As2030TheReadingRoomSeesTheSeedWhole) {
  Client anon(room_2030_->port());
  const Reply r = anon.get("/api/cables/07TELAVIV557");
  expect_as_library(r, "07TELAVIV557", reading_room("2030-01-01"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["redacted"], false);
  EXPECT_NE(r.json()["record"]["paragraphs"][0]["text"].get<std::string>().find("Mossad"), std::string::npos);
  const Json found = anon.get("/api/search?q=Issacharoff").json();
  ASSERT_EQ(found["total"], 1) << found;
  EXPECT_EQ(found["hits"][0]["id"], kSeed);
}

TEST_F(ServerAccess, SignInWorksInTheReadingRoom) {
  Client c(room_->port());
  const Reply in = c.sign_in("secret");
  ASSERT_EQ(in.status, 200) << in;
  EXPECT_EQ(in.json()["reading_room"], true);
  const Reply r = c.get("/api/cables/07TELAVIV557");
  expect_as_library(r, "07TELAVIV557", viewer_of("secret"));
  EXPECT_EQ(r.json()["redacted"], false);
  // Signed out, back to the room's view.
  ASSERT_EQ(c.del("/api/session").status, 204);
  c.token.clear();
  expect_as_library(c.get("/api/cables/07TELAVIV557"), "07TELAVIV557", reading_room("2016-01-01"));
}

// ---------------------------------------------------------------------------
// Disabled users, the audit trail

TEST_F(ServerAccess, ADisabledUsersSessionStopsAtOnce) {
  Result<users::UserStore> store = users::UserStore::open(world().dir, users::PasswordCost::minimum());
  ASSERT_TRUE(store.has_value());
  users::User u;
  u.name = "soon-disabled";
  u.clearance = access::Level::kSecret;
  u.nationality = "USA";
  ASSERT_TRUE(store->add(u, kPassword).has_value());
  Client c = as("soon-disabled");
  Client in_room = signed_in(room_->port(), "soon-disabled");
  ASSERT_EQ(c.get("/api/cables/07TELAVIV557").status, 200);
  ASSERT_EQ(in_room.get("/api/cables/07TELAVIV557").json()["redacted"], false);

  Result<std::optional<users::User>> found = store->find("soon-disabled");
  ASSERT_TRUE(found.has_value() && found->has_value());
  users::User disabled = **found;
  disabled.disabled = true;
  ASSERT_TRUE(store->update(disabled).has_value());

  // The very next request: signed out on the server, the room's view in the room.
  const Reply r = c.get("/api/cables/07TELAVIV557");
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(r.error_code(), "unauthenticated");
  EXPECT_TRUE(c.get("/api/session").json()["user"].is_null());
  const Reply room = in_room.get("/api/cables/07TELAVIV557");
  expect_as_library(room, "07TELAVIV557", reading_room("2016-01-01"));
  EXPECT_TRUE(in_room.get("/api/session").json()["user"].is_null());
  // Nor can it sign in again.
  EXPECT_EQ(Client(server_->port()).sign_in("soon-disabled").status, 401);
  // Enabled again, the old session stays ended: it signs in anew.
  disabled.disabled = false;
  ASSERT_TRUE(store->update(disabled).has_value());
  EXPECT_EQ(c.get("/api/stats").status, 401);
  EXPECT_EQ(c.sign_in("soon-disabled").status, 200);
  EXPECT_EQ(c.get("/api/stats").status, 200);
}

// The number of audit entries naming `reader`, as the auditor reads them.
std::size_t audit_count(Client& auditor, const std::string& reader) {
  const Reply r = auditor.get("/api/audit?limit=10000&reader=" + reader);
  EXPECT_EQ(r.status, 200) << r;
  return r.json()["entries"].size();
}

TEST_F(ServerAccess, EachClassifiedReadIsAuditedUnderTheReadersName) {
  Client auditor = as("auditor");
  Client secret = as("secret");
  struct Read {
    std::string path;
    std::string action;
    bool classified;
  };
  const std::vector<Read> reads = {
      {"/api/cables/07TELAVIV557", "show", true},
      {"/api/cables/07TELAVIV557?version=1", "show", true},
      {"/api/search?q=Issacharoff", "search", true},
      {"/api/cables/09PARIS1254", "show", true},
      {"/api/cables/06BOGOTA5712", "show", false},  // UNCLASSIFIED: nothing to audit
      {"/api/search?q=Issacharoff&snippets=0", "search", true},
  };
  for (const Read& read : reads) {
    SCOPED_TRACE(read.path);
    const std::size_t before = audit_count(auditor, "secret");
    ASSERT_EQ(secret.get(read.path).status, 200);
    const std::size_t after = audit_count(auditor, "secret");
    EXPECT_EQ(after, before + (read.classified ? 1 : 0));
    if (read.classified) {
      const Json latest = auditor.get("/api/audit?limit=1").json()["entries"][0];
      EXPECT_EQ(latest["reader"], "secret");
      EXPECT_EQ(latest["action"], read.action);
    }
  }
  // The CONFIDENTIAL reader's search for SECRET words returns nothing: no entry.
  Client conf = as("conf");
  const std::size_t before = audit_count(auditor, "conf");
  ASSERT_EQ(conf.get("/api/search?q=Issacharoff").status, 200);
  EXPECT_EQ(audit_count(auditor, "conf"), before);
  EXPECT_EQ(auditor.get("/api/audit/verify").json()["ok"], true);
}

}  // namespace
}  // namespace chancery::server::test
