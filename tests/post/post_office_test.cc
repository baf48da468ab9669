// The post office over a real archive in a temporary directory: the
// directory, drafts, sending (numbering, routing, delivery, filing) and the
// inboxes, with the clock set by the test.

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/search.h"
#include "post_test_util.h"
#include "store/sqlite.h"

namespace chancery::post {
namespace {

using test::TempDir;
using test::TestClock;
using test::to;
using test::utc;
using users::Role;

class PostOfficeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    Result<archive::Archive> created = archive::Archive::create(dir_.path());
    ASSERT_TRUE(created) << created.error().message;
    Result<PostOffice> opened = PostOffice::open(dir_.path(), clock_.clock());
    ASSERT_TRUE(opened) << opened.error().message;
    po_.emplace(std::move(opened).value());
  }

  PostOffice& po() { return *po_; }

  // One number from the store, read directly (not through the post office).
  std::int64_t count(const std::string& sql) {
    Result<store::Db> db = store::Db::open((dir_.path() / "store.sqlite").string(), false, true);
    EXPECT_TRUE(db);
    if (!db) return -1;
    Result<store::Statement> s = db->prepare(sql);
    EXPECT_TRUE(s) << sql;
    if (!s) return -1;
    Result<bool> row = s->step();
    EXPECT_TRUE(row && *row) << sql;
    return row && *row ? s->column_int(0) : -1;
  }

  std::vector<InboxEntry> inbox(const users::User& reader, InboxQuery query = {}) {
    Result<std::vector<InboxEntry>> entries = po().inbox(reader, query, test::viewer_of(reader));
    EXPECT_TRUE(entries) << entries.error().message;
    return entries ? std::move(entries).value() : std::vector<InboxEntry>();
  }

  // What the server does after each send: the index catches up with the
  // store (opening the archive read-write does it).
  void catch_up() {
    Result<archive::Archive> a = archive::Archive::open(dir_.path());
    ASSERT_TRUE(a) << a.error().message;
    ASSERT_TRUE(a->catch_up());
  }

  Sent send(const compose::Draft& draft, const users::User& sender) {
    Result<Sent> sent = po().send(draft, sender);
    EXPECT_TRUE(sent) << sent.error().message;
    return sent ? std::move(sent).value() : Sent{};
  }

  TempDir dir_{"post"};
  TestClock clock_{utc(2026, 3, 2, 9, 30)};
  std::optional<PostOffice> po_;
  const users::User tel_aviv_ = test::user("cohen", Role::kOfficer, "AMEMBASSY TEL AVIV");
  const users::User state_reader_ = test::user("smith", Role::kReader, "SECSTATE WASHDC");
};

// ---- The directory ---------------------------------------------------------

TEST_F(PostOfficeTest, DirectoryIsSeededOnce) {
  Result<std::vector<Post>> posts = po().posts();
  ASSERT_TRUE(posts);
  EXPECT_GT(posts->size(), 300u);
  Result<std::optional<Post>> tel_aviv = po().post("amembassy tel aviv");
  ASSERT_TRUE(tel_aviv && *tel_aviv);
  EXPECT_EQ(**tel_aviv, (Post{.plad = "AMEMBASSY TEL AVIV", .route = "RUEHTV", .text_name = "TEL AVIV"}));
  Result<std::vector<Collective>> collectives = po().collectives();
  ASSERT_TRUE(collectives);
  auto iran = std::find_if(collectives->begin(), collectives->end(),
                           [](const Collective& c) { return c.plad == "IRAN COLLECTIVE"; });
  ASSERT_NE(iran, collectives->end());
  EXPECT_EQ(iran->route, "RUCNIRA");
  EXPECT_GT(iran->members.size(), 10u);

  // A removed post stays removed: the seed is written once, not whenever
  // something is missing.
  ASSERT_TRUE(po().remove_post("AMEMBASSY CARACAS"));
  po_.reset();
  Result<PostOffice> again = PostOffice::open(dir_.path(), clock_.clock());
  ASSERT_TRUE(again) << again.error().message;
  Result<std::optional<Post>> caracas = again->post("AMEMBASSY CARACAS");
  ASSERT_TRUE(caracas);
  EXPECT_FALSE(caracas->has_value());
  Result<std::vector<Post>> after = again->posts();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size(), posts->size() - 1);
}

TEST_F(PostOfficeTest, OpenNeedsAnArchive) {
  TempDir empty("post-empty");
  Result<PostOffice> po = PostOffice::open(empty.path());
  ASSERT_FALSE(po);
  EXPECT_EQ(po.error().code, Errc::kNotFound);
}

TEST_F(PostOfficeTest, DirectoryEdits) {
  ASSERT_TRUE(po().put_post(Post{.plad = "amembassy  atlantis", .route = "ruehat", .text_name = ""}));
  Result<std::optional<Post>> atlantis = po().post("AMEMBASSY ATLANTIS");
  ASSERT_TRUE(atlantis && *atlantis);
  EXPECT_EQ(**atlantis, (Post{.plad = "AMEMBASSY ATLANTIS", .route = "RUEHAT", .text_name = "ATLANTIS"}));
  // Replacing keeps one entry.
  ASSERT_TRUE(po().put_post(Post{.plad = "AMEMBASSY ATLANTIS", .route = "RUEHAX", .text_name = "ATLANTIS"}));
  EXPECT_EQ(po().post("AMEMBASSY ATLANTIS")->value().route, "RUEHAX");

  Result<void> bad_route = po().put_post(Post{.plad = "AMEMBASSY X", .route = "RU-1", .text_name = ""});
  ASSERT_FALSE(bad_route);
  EXPECT_EQ(bad_route.error().code, Errc::kInvalidInput);
  Result<void> clash = po().put_post(Post{.plad = "IRAN COLLECTIVE", .route = "", .text_name = ""});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, Errc::kConflict);

  // A collective's members are posts of the directory.
  Result<void> unknown = po().put_collective(
      Collective{.plad = "ATLANTIC COLLECTIVE", .route = "RUEHZZ", .members = {"AMEMBASSY ATLANTIS", "AMEMBASSY NOWHERE"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::kInvalidInput);
  EXPECT_NE(unknown.error().message.find("AMEMBASSY NOWHERE"), std::string::npos);
  ASSERT_TRUE(po().put_collective(Collective{
      .plad = "Atlantic Collective", .route = "RUEHZZ", .members = {"AMEMBASSY ATLANTIS", "AMEMBASSY PARIS", "amembassy paris"}}));
  Result<std::vector<Collective>> collectives = po().collectives();
  ASSERT_TRUE(collectives);
  auto atlantic = std::find_if(collectives->begin(), collectives->end(),
                               [](const Collective& c) { return c.plad == "ATLANTIC COLLECTIVE"; });
  ASSERT_NE(atlantic, collectives->end());
  EXPECT_EQ(atlantic->members, (std::vector<std::string>{"AMEMBASSY ATLANTIS", "AMEMBASSY PARIS"}));
  Result<void> as_post = po().put_collective(Collective{.plad = "AMEMBASSY PARIS", .route = "", .members = {}});
  ASSERT_FALSE(as_post);
  EXPECT_EQ(as_post.error().code, Errc::kConflict);

  // A member post cannot go while a collective names it.
  Result<void> member = po().remove_post("AMEMBASSY ATLANTIS");
  ASSERT_FALSE(member);
  EXPECT_EQ(member.error().code, Errc::kConflict);
  ASSERT_TRUE(po().put_collective(Collective{.plad = "ATLANTIC COLLECTIVE", .route = "RUEHZZ", .members = {"AMEMBASSY PARIS"}}));
  ASSERT_TRUE(po().remove_post("AMEMBASSY ATLANTIS"));
  EXPECT_EQ(po().remove_post("AMEMBASSY ATLANTIS").error().code, Errc::kNotFound);
  ASSERT_TRUE(po().remove_collective("atlantic collective"));
  EXPECT_EQ(po().remove_collective("ATLANTIC COLLECTIVE").error().code, Errc::kNotFound);
  EXPECT_EQ(po().expand("ATLANTIC COLLECTIVE", {}).error().code, Errc::kNotFound);
}

TEST_F(PostOfficeTest, ExpandHonoursXmt) {
  Result<std::vector<Collective>> collectives = po().collectives();
  ASSERT_TRUE(collectives);
  auto iran = std::find_if(collectives->begin(), collectives->end(),
                           [](const Collective& c) { return c.plad == "IRAN COLLECTIVE"; });
  ASSERT_NE(iran, collectives->end());
  Result<std::vector<std::string>> all = po().expand("iran collective", {});
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, iran->members);
  Result<std::vector<std::string>> less = po().expand("IRAN COLLECTIVE", {"amembassy london", "AMEMBASSY PARIS"});
  ASSERT_TRUE(less);
  EXPECT_EQ(less->size(), all->size() - 2);
  EXPECT_EQ(std::count(less->begin(), less->end(), "AMEMBASSY LONDON"), 0);
  EXPECT_EQ(std::count(less->begin(), less->end(), "AMEMBASSY PARIS"), 0);
  // A post is itself; XMT exempts collective members only.
  Result<std::vector<std::string>> paris = po().expand("AMEMBASSY PARIS", {"AMEMBASSY PARIS"});
  ASSERT_TRUE(paris);
  EXPECT_EQ(*paris, std::vector<std::string>{"AMEMBASSY PARIS"});
  EXPECT_EQ(po().expand("AMEMBASSY ATLANTIS", {}).error().code, Errc::kNotFound);
}

// ---- Drafts ----------------------------------------------------------------

TEST_F(PostOfficeTest, Drafts) {
  compose::Draft d = test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")});
  d.author = "cohen";
  Result<compose::Draft> saved = po().save_draft(d);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_FALSE(saved->id.empty());
  Result<std::optional<compose::Draft>> loaded = po().draft(saved->id);
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ(**loaded, *saved);

  compose::Draft other = test::unclassified_draft("AMEMBASSY PARIS", {to("SECSTATE WASHDC")});
  other.author = "dupont";
  ASSERT_TRUE(po().save_draft(other));
  compose::Draft second = d;
  second.subject = "A SECOND DRAFT";
  clock_.advance(60);
  Result<compose::Draft> second_saved = po().save_draft(second);
  ASSERT_TRUE(second_saved);
  EXPECT_NE(second_saved->id, saved->id);

  Result<std::vector<compose::Draft>> mine = po().drafts("cohen");
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].subject, "A SECOND DRAFT");  // the latest first

  // Editing keeps the id; another user may not overwrite it.
  compose::Draft edited = *saved;
  edited.subject = "EDITED";
  ASSERT_TRUE(po().save_draft(edited));
  EXPECT_EQ(po().draft(saved->id)->value().subject, "EDITED");
  compose::Draft stolen = edited;
  stolen.author = "dupont";
  Result<compose::Draft> denied = po().save_draft(stolen);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, Errc::kDenied);
  EXPECT_EQ(po().draft(saved->id)->value().author, "cohen");

  compose::Draft anonymous = d;
  anonymous.author = "";
  EXPECT_EQ(po().save_draft(anonymous).error().code, Errc::kInvalidInput);

  ASSERT_TRUE(po().discard_draft(saved->id));
  EXPECT_FALSE(po().draft(saved->id)->has_value());
  EXPECT_EQ(po().discard_draft(saved->id).error().code, Errc::kNotFound);
  EXPECT_EQ(po().drafts("cohen")->size(), 1u);
}

// ---- Sending ---------------------------------------------------------------

TEST_F(PostOfficeTest, SendNumbersFilesAndDelivers) {
  compose::Draft d = test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC", "PRIORITY")},
                                              {to("IRAN COLLECTIVE"), to("AMEMBASSY PARIS")});
  d.exempt = {"AMEMBASSY LONDON"};
  d.tags = {"PREL", "KNNP", "IR", "IS"};
  d.subject = "IRAN: CONSULTATIONS ON THE NUCLEAR FILE";
  Result<std::vector<compose::Problem>> problems = po().check(d);
  ASSERT_TRUE(problems);
  for (const compose::Problem& p : *problems) {
    EXPECT_NE(p.severity, compose::Problem::Severity::kError) << p.field << ": " << p.message;
  }
  const Sent sent = send(d, tel_aviv_);
  EXPECT_EQ(sent.id, "26TELAVIV1");
  EXPECT_EQ(sent.serial, 1);
  EXPECT_EQ(sent.dtg, "2026-03-02T09:30Z");

  // Reached: SECSTATE, PARIS, every IRAN member but LONDON (TEL AVIV is one).
  Result<std::vector<std::string>> iran = po().expand("IRAN COLLECTIVE", {"AMEMBASSY LONDON"});
  ASSERT_TRUE(iran);
  std::set<std::string> expected(iran->begin(), iran->end());
  expected.insert("SECSTATE WASHDC");
  expected.insert("AMEMBASSY PARIS");
  const std::set<std::string> delivered(sent.delivered_to.begin(), sent.delivered_to.end());
  EXPECT_EQ(delivered, expected);
  EXPECT_EQ(sent.delivered_to.size(), delivered.size());  // each once
  EXPECT_EQ(delivered.count("AMEMBASSY LONDON"), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries WHERE post = 'AMEMBASSY LONDON'"), 0);

  // The excluded member gets nothing; the action addressee gets it as action.
  const users::User london = test::user("brown", Role::kReader, "AMEMBASSY LONDON");
  EXPECT_TRUE(inbox(london).empty());
  // Delivered at once; until the index has the cable, what a reader may see
  // of it is unknown, so the entry lists as withheld (closed, not open).
  const std::vector<InboxEntry> before = inbox(state_reader_);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_TRUE(before[0].withheld);
  EXPECT_EQ(before[0].subject, "");
  catch_up();
  const std::vector<InboxEntry> state = inbox(state_reader_);
  ASSERT_EQ(state.size(), 1u);
  EXPECT_EQ(state[0].cable_id, "26TELAVIV1");
  EXPECT_TRUE(state[0].action);
  EXPECT_EQ(state[0].precedence, "PRIORITY");
  EXPECT_EQ(state[0].delivered, "2026-03-02T09:30:00Z");
  EXPECT_EQ(state[0].subject, d.subject);
  EXPECT_EQ(state[0].classification, "UNCLASSIFIED");
  EXPECT_EQ(state[0].from, "AMEMBASSY TEL AVIV");
  EXPECT_FALSE(state[0].withheld);
  const users::User paris = test::user("dupont", Role::kReader, "AMEMBASSY PARIS");
  const std::vector<InboxEntry> paris_inbox = inbox(paris);
  ASSERT_EQ(paris_inbox.size(), 1u);
  EXPECT_FALSE(paris_inbox[0].action);
  EXPECT_EQ(paris_inbox[0].precedence, "ROUTINE");

  // Filed in the archive as the parser reads the telegram, raw text kept,
  // with its routes and control numbers.
  Result<archive::Archive> a = archive::Archive::open(dir_.path());
  ASSERT_TRUE(a) << a.error().message;
  Result<archive::StoredCable> filed = a->get("26TELAVIV1", std::nullopt, std::nullopt, /*with_raw=*/true);
  ASSERT_TRUE(filed) << filed.error().message;
  EXPECT_EQ(filed->record.subject, d.subject);
  EXPECT_EQ(filed->record.created, "2026-03-02T09:30Z");
  EXPECT_EQ(filed->record.from, "AMEMBASSY TEL AVIV");
  ASSERT_EQ(filed->record.to.size(), 1u);
  EXPECT_EQ(filed->record.to[0].name, "SECSTATE WASHDC");
  EXPECT_EQ(filed->record.to[0].route, "RUEHC");
  EXPECT_EQ(filed->record.to[0].mcn, "0001");
  ASSERT_EQ(filed->record.info.size(), 2u);
  EXPECT_EQ(filed->record.info[0].route, "RUCNIRA");
  EXPECT_EQ(filed->record.info[0].mcn, std::nullopt);  // collectives carry none
  EXPECT_EQ(filed->record.info[1].mcn, "0001");
  ASSERT_TRUE(filed->record.raw);
  EXPECT_EQ(filed->record.raw->body, sent.telegram);
  EXPECT_EQ(filed->versions.size(), 1u);

  // Searchable once the index catches up (the caller's step, not send's).
  ASSERT_TRUE(a->catch_up());
  archive::SearchRequest request;
  request.query = "subject:nuclear ministry";
  Result<archive::SearchResult> found = a->search(request);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->hits.size(), 1u) << found->parsed_query << " total " << found->total;
  EXPECT_EQ(found->hits[0].id, "26TELAVIV1");

  // Control numbers count per destination.
  const Sent second = send(test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")}), tel_aviv_);
  Result<archive::StoredCable> next = a->get(second.id);
  ASSERT_TRUE(next);
  ASSERT_EQ(next->record.to.size(), 1u) << second.telegram << next->record.to.back().name;
  EXPECT_EQ(next->record.to[0].mcn, "0002");
}

TEST_F(PostOfficeTest, EachPostOnceWithItsStrongestTerms) {
  // TEL AVIV's own post and PARIS are reached twice: directly and through
  // collectives; action beats information, FLASH beats ROUTINE.
  compose::Draft d = test::unclassified_draft(
      "AMEMBASSY TEL AVIV", {to("AMEMBASSY PARIS")},
      {to("EUROPEAN POLITICAL COLLECTIVE", "FLASH"), to("IRAN COLLECTIVE"), to("AMEMBASSY TEL AVIV")});
  const Sent sent = send(d, tel_aviv_);
  const std::set<std::string> once(sent.delivered_to.begin(), sent.delivered_to.end());
  EXPECT_EQ(once.size(), sent.delivered_to.size());
  const users::User paris = test::user("dupont", Role::kReader, "AMEMBASSY PARIS");
  const std::vector<InboxEntry> entries = inbox(paris);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].action);
  EXPECT_EQ(entries[0].precedence, "FLASH");
  const std::vector<InboxEntry> own = inbox(test::user("levi", Role::kReader, "AMEMBASSY TEL AVIV"));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_FALSE(own[0].action);
  EXPECT_EQ(own[0].precedence, "ROUTINE");
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries WHERE post = 'AMEMBASSY PARIS'"), 1);
}

TEST_F(PostOfficeTest, SerialsPerPostAndYear) {
  for (int i = 1; i <= 3; ++i) {
    const Sent sent = send(test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")}), tel_aviv_);
    EXPECT_EQ(sent.serial, i);
    EXPECT_EQ(sent.id, "26TELAVIV" + std::to_string(i));
    clock_.advance(90);
  }
  // Another post counts on its own.
  const users::User paris = test::user("dupont", Role::kOfficer, "AMEMBASSY PARIS");
  EXPECT_EQ(send(test::unclassified_draft("AMEMBASSY PARIS", {to("SECSTATE WASHDC")}), paris).id, "26PARIS1");
  // A new year starts again at 1, its DTG from the clock.
  clock_.set(utc(2027, 1, 1, 0, 5));
  const Sent new_year = send(test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")}), tel_aviv_);
  EXPECT_EQ(new_year.id, "27TELAVIV1");
  EXPECT_EQ(new_year.serial, 1);
  EXPECT_EQ(new_year.dtg, "2027-01-01T00:05Z");
  EXPECT_NE(new_year.telegram.find("010005Z JAN 27"), std::string::npos);
  EXPECT_EQ(send(test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")}), tel_aviv_).id, "27TELAVIV2");
  // The Department is STATE in its ids.
  const users::User admin = test::user("root", Role::kAdmin, "");
  EXPECT_EQ(send(test::unclassified_draft("SECSTATE WASHDC", {to("AMEMBASSY PARIS")}), admin).id, "27STATE1");
}

TEST_F(PostOfficeTest, RefusedSendsLeaveNothing) {
  compose::Draft d = test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")});
  // Who may send: an officer of the originating post, or an admin.
  Result<Sent> reader = po().send(d, test::user("levi", Role::kReader, "AMEMBASSY TEL AVIV"));
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, Errc::kDenied);
  Result<Sent> other_post = po().send(d, test::user("dupont", Role::kOfficer, "AMEMBASSY PARIS"));
  ASSERT_FALSE(other_post);
  EXPECT_EQ(other_post.error().code, Errc::kDenied);
  users::User disabled = tel_aviv_;
  disabled.disabled = true;
  EXPECT_EQ(po().send(d, disabled).error().code, Errc::kDenied);

  // A draft that breaks the rules: every problem listed, nothing written.
  compose::Draft broken = d;
  broken.subject = "";
  broken.to = {to("AMEMBASSY ATLANTIS")};
  Result<Sent> invalid = po().send(broken, tel_aviv_);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, Errc::kInvalidInput);
  EXPECT_NE(invalid.error().message.find("AMEMBASSY ATLANTIS"), std::string::npos) << invalid.error().message;
  EXPECT_NE(invalid.error().message.find("subject"), std::string::npos) << invalid.error().message;
  // Originating from a collective is refused.
  compose::Draft from_collective = d;
  from_collective.from = "IRAN COLLECTIVE";
  EXPECT_EQ(po().send(from_collective, test::user("root", Role::kAdmin, "")).error().code, Errc::kInvalidInput);
  // A collective whose members are all exempted reaches nobody.
  compose::Draft nobody = d;
  nobody.to = {to("GULF COOPERATION COUNCIL COLLECTIVE")};
  Result<std::vector<std::string>> gcc = po().expand("GULF COOPERATION COUNCIL COLLECTIVE", {});
  ASSERT_TRUE(gcc);
  nobody.exempt = *gcc;
  EXPECT_EQ(po().send(nobody, tel_aviv_).error().code, Errc::kInvalidInput);

  EXPECT_EQ(count("SELECT COUNT(*) FROM cables"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM serials"), 0);
  EXPECT_EQ(send(d, tel_aviv_).serial, 1);  // no serial was used up
}

TEST_F(PostOfficeTest, CheckAddsWhatOnlyThePostOfficeKnows) {
  // A collective without members reaches nobody; an XMT naming no member
  // of an addressed collective changes nothing: both warned.
  compose::Draft d = test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")},
                                              {to("ARAB LEAGUE COLLECTIVE"), to("IRAN COLLECTIVE")});
  d.exempt = {"AMEMBASSY CARACAS"};
  Result<std::vector<compose::Problem>> problems = po().check(d);
  ASSERT_TRUE(problems) << problems.error().message;
  const auto find = [&](std::string_view field) {
    return std::find_if(problems->begin(), problems->end(),
                        [&](const compose::Problem& p) { return p.field == field; });
  };
  auto empty = find("info[0]");
  ASSERT_NE(empty, problems->end());
  EXPECT_EQ(empty->severity, compose::Problem::Severity::kWarning);
  EXPECT_NE(empty->message.find("no members"), std::string::npos) << empty->message;
  auto xmt = find("exempt[0]");
  ASSERT_NE(xmt, problems->end());
  EXPECT_EQ(xmt->severity, compose::Problem::Severity::kWarning);
  EXPECT_EQ(find("info[1]"), problems->end());
  // Warnings do not stop a send; they come back with it.
  Result<Sent> sent = po().send(d, tel_aviv_);
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_GE(sent->warnings.size(), 2u);

  // A cable comes from a post, not a collective.
  compose::Draft from_collective = d;
  from_collective.from = "IRAN COLLECTIVE";
  Result<std::vector<compose::Problem>> wrong = po().check(from_collective);
  ASSERT_TRUE(wrong);
  ASSERT_NE(std::find_if(wrong->begin(), wrong->end(),
                         [](const compose::Problem& p) {
                           return p.field == "from" && p.severity == compose::Problem::Severity::kError;
                         }),
            wrong->end());
}

TEST_F(PostOfficeTest, SendingADraftRemovesIt) {
  compose::Draft d = test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")});
  d.author = "cohen";
  Result<compose::Draft> saved = po().save_draft(d);
  ASSERT_TRUE(saved);
  send(*saved, tel_aviv_);
  EXPECT_FALSE(po().draft(saved->id)->has_value());
}

// ---- Inboxes ---------------------------------------------------------------

TEST_F(PostOfficeTest, InboxOrderAndReadState) {
  // Sent in this order, a minute apart: ROUTINE, FLASH, PRIORITY, ROUTINE, IMMEDIATE.
  const std::vector<std::string> precedences = {"ROUTINE", "FLASH", "PRIORITY", "ROUTINE", "IMMEDIATE"};
  std::vector<std::string> ids;
  for (const std::string& p : precedences) {
    compose::Draft d = test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")});
    d.precedence = p;
    ids.push_back(send(d, tel_aviv_).id);
    clock_.advance(60);
  }
  std::vector<InboxEntry> entries = inbox(state_reader_);
  std::vector<std::string> order;
  for (const InboxEntry& e : entries) order.push_back(e.cable_id);
  // FLASH, IMMEDIATE, PRIORITY, then the ROUTINE ones newest first.
  EXPECT_EQ(order, (std::vector<std::string>{ids[1], ids[4], ids[2], ids[3], ids[0]}));
  EXPECT_EQ(entries[0].precedence, "FLASH");
  for (const InboxEntry& e : entries) EXPECT_FALSE(e.read);

  // Read flags are per user.
  ASSERT_TRUE(po().mark_read(state_reader_, entries[0].entry));
  ASSERT_TRUE(po().mark_read(state_reader_, entries[3].entry));
  entries = inbox(state_reader_);
  EXPECT_TRUE(entries[0].read);
  EXPECT_FALSE(entries[1].read);
  EXPECT_TRUE(entries[3].read);
  const users::User colleague = test::user("jones", Role::kReader, "SECSTATE WASHDC");
  for (const InboxEntry& e : inbox(colleague)) EXPECT_FALSE(e.read);
  std::vector<InboxEntry> unread = inbox(state_reader_, InboxQuery{.unread_only = true, .limit = 100, .offset = 0});
  ASSERT_EQ(unread.size(), 3u);
  EXPECT_EQ(unread[0].cable_id, ids[4]);
  ASSERT_TRUE(po().mark_read(state_reader_, entries[0].entry, false));
  EXPECT_EQ(inbox(state_reader_, InboxQuery{.unread_only = true, .limit = 100, .offset = 0}).size(), 4u);

  // Pages.
  std::vector<InboxEntry> page = inbox(state_reader_, InboxQuery{.unread_only = false, .limit = 2, .offset = 2});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].cable_id, ids[2]);
  EXPECT_EQ(page[1].cable_id, ids[3]);

  // Another post's entry is not this reader's to mark.
  const users::User paris = test::user("dupont", Role::kReader, "AMEMBASSY PARIS");
  EXPECT_EQ(po().mark_read(paris, entries[0].entry).error().code, Errc::kNotFound);
  EXPECT_EQ(po().mark_read(state_reader_, 999999).error().code, Errc::kNotFound);
  // A user without a post has no inbox.
  EXPECT_EQ(po().inbox(test::user("nobody", Role::kReader, ""), {}, {}).error().code, Errc::kInvalidInput);
}

TEST_F(PostOfficeTest, InboxWithholdsWhatTheReaderMayNotSee) {
  // Users as the server finds them in the store.
  Result<users::UserStore> users = users::UserStore::open(dir_.path(), users::PasswordCost::minimum());
  ASSERT_TRUE(users) << users.error().message;
  ASSERT_TRUE(users->add(test::user("clerk", Role::kReader, "SECSTATE WASHDC", access::Level::kUnclassified), "pw-clerk"));
  ASSERT_TRUE(users->add(test::user("analyst", Role::kReader, "SECSTATE WASHDC", access::Level::kSecret), "pw-analyst"));
  Result<std::optional<users::User>> clerk = users->find("clerk");
  Result<std::optional<users::User>> analyst = users->find("analyst");
  ASSERT_TRUE(clerk && *clerk && analyst && *analyst);

  const Sent secret = send(test::classified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC", "IMMEDIATE")}, "SECRET",
                                                  "S", "2036-03-02", "IRAN: WHAT THE MINISTER SAID PRIVATELY"),
                           tel_aviv_);
  clock_.advance(60);
  const Sent open = send(test::unclassified_draft("AMEMBASSY TEL AVIV", {to("SECSTATE WASHDC")}), tel_aviv_);
  catch_up();

  const std::vector<InboxEntry> seen_by_clerk = inbox(**clerk);
  ASSERT_EQ(seen_by_clerk.size(), 2u);
  const InboxEntry& withheld = seen_by_clerk[0];  // IMMEDIATE first
  EXPECT_EQ(withheld.cable_id, secret.id);
  EXPECT_TRUE(withheld.withheld);
  EXPECT_EQ(withheld.precedence, "IMMEDIATE");
  EXPECT_FALSE(withheld.delivered.empty());
  EXPECT_EQ(withheld.subject, "");
  EXPECT_EQ(withheld.classification, "");
  EXPECT_EQ(withheld.from, "");
  EXPECT_EQ(seen_by_clerk[1].cable_id, open.id);
  EXPECT_FALSE(seen_by_clerk[1].withheld);

  const std::vector<InboxEntry> seen_by_analyst = inbox(**analyst);
  ASSERT_EQ(seen_by_analyst.size(), 2u);
  EXPECT_FALSE(seen_by_analyst[0].withheld);
  EXPECT_EQ(seen_by_analyst[0].subject, "(S) IRAN: WHAT THE MINISTER SAID PRIVATELY");  // as filed, marked
  EXPECT_EQ(seen_by_analyst[0].classification, "SECRET");
}

}  // namespace
}  // namespace chancery::post
