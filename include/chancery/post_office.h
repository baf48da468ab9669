// The post office: the directory of posts and collectives, drafts, sending
// (validate, number, render, file, deliver) and the inboxes.
//
// Everything lives in the archive's store (store.sqlite), so that one
// transaction covers a send: the post's next serial, the cable filed in the
// archive, and one inbox entry per addressee. A send that fails leaves
// nothing behind (no serial used, nothing delivered); a send that returned
// is delivered exactly once to every addressee, and the serials of a post
// and year are gapless and unique however many senders there are (SQLite's
// write lock orders them), across threads and processes.
//
// The index follows the store: a sent cable is searchable once the
// archive's index catches up (Archive::catch_up(), which the server runs
// after each send and `chancery draft send` runs before it returns).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/access.h"
#include "chancery/archive.h"
#include "chancery/compose.h"
#include "chancery/result.h"
#include "chancery/users.h"

namespace chancery::post {

// A post or office that sends and receives traffic.
struct Post {
  std::string plad;       // "AMEMBASSY TEL AVIV" (unique, upper case)
  std::string route;      // its routing indicator, "RUEHTV" ("" when unknown)
  std::string text_name;  // how its cables' classification lines and ids name it: "TEL AVIV"
  bool operator==(const Post&) const = default;
};

// A collective: one address for a list of posts.
struct Collective {
  std::string plad;                  // "IRAN COLLECTIVE"
  std::string route;                 // "RUCNIRA" ("" when none)
  std::vector<std::string> members;  // PLADs of posts
  bool operator==(const Collective&) const = default;
};

// One cable in a post's inbox, as a reader sees it.
struct InboxEntry {
  std::int64_t entry = 0;   // the delivery's number
  std::string post;         // the addressee post (PLAD) it was delivered to
  std::string cable_id;     // "26TELAVIV1234"
  std::string origin;       // the archive's origin of the cable
  std::string precedence;   // this addressee's precedence
  std::string delivered;    // "YYYY-MM-DDTHH:MM:SSZ"
  bool action = false;      // an action (TO) addressee, else information
  bool read = false;        // this reader has opened it
  // From the cable as the reader may see it (the access layer): a cable
  // above the reader's clearance is listed as withheld, nothing more.
  bool withheld = false;
  std::string classification;  // "" when withheld
  std::string subject;         // "" when withheld
  std::string from;
};

struct InboxQuery {
  bool unread_only = false;
  std::size_t limit = 100;
  std::size_t offset = 0;
};

// What a send produced.
struct Sent {
  std::string id;               // "26TELAVIV1234"
  std::int64_t serial = 0;
  std::string dtg;              // "YYYY-MM-DDTHH:MMZ"
  std::string telegram;         // the rendered text, as filed
  std::vector<std::string> delivered_to;  // the posts (PLADs) that got it, collectives expanded, XMT removed
  std::vector<compose::Problem> warnings;
};

// The clock: UTC now. Injectable so that tests (and the seed's own DTG)
// can fix it.
using Clock = std::function<std::chrono::system_clock::time_point()>;

class PostOffice {
 public:
  // Opens the post office of the archive in `dir` (creating its tables on
  // first use, with the directory seeded from the routing indicators shipped
  // with chancery; once only, so that posts an admin removed stay removed).
  // Errors: kNotFound when `dir` holds no archive.
  static Result<PostOffice> open(const std::filesystem::path& dir, Clock clock = {});
  PostOffice(PostOffice&&) noexcept;
  PostOffice& operator=(PostOffice&&) noexcept;
  ~PostOffice();

  // The directory.
  Result<std::vector<Post>> posts();
  Result<std::optional<Post>> post(std::string_view plad);
  Result<void> put_post(const Post& post);  // adds or replaces
  Result<void> remove_post(std::string_view plad);
  Result<std::vector<Collective>> collectives();
  Result<void> put_collective(const Collective& collective);
  Result<void> remove_collective(std::string_view plad);
  // The posts a PLAD reaches: itself, or a collective's members less `exempt`.
  Result<std::vector<std::string>> expand(std::string_view plad, const std::vector<std::string>& exempt);

  // Drafts (by id; each belongs to its author).
  Result<compose::Draft> save_draft(compose::Draft draft);  // assigns an id when it has none
  Result<std::optional<compose::Draft>> draft(std::string_view id);
  Result<std::vector<compose::Draft>> drafts(std::string_view author);
  Result<void> discard_draft(std::string_view id);

  // The checks of compose::validate with this directory, the TAGS list and
  // the archive's cables.
  Result<std::vector<compose::Problem>> check(const compose::Draft& draft);

  // Validates, numbers (the originating post's next serial for the year of
  // the clock), renders, files the cable in the archive and delivers it to
  // every addressee's inbox, in one transaction. The sender must be an
  // officer (or admin) of the originating post. A saved draft of the same
  // id is removed in that transaction (sending it again would make a second
  // cable). The index is not updated: the caller runs Archive::catch_up().
  // Errors: kInvalidInput with the problems listed (nothing sent), kDenied,
  // kUnavailable (the store stayed locked), kConflict (the id is already in
  // the archive: the serial counter is behind it), kInternal (the rendered
  // telegram does not read back under its id), kIo.
  Result<Sent> send(const compose::Draft& draft, const users::User& sender);

  // The inbox of the reader's post, FLASH first, then by time, newest first;
  // each cable seen through the access layer as `viewer`. What a viewer may
  // see is decided from the index, so a cable not yet indexed lists as
  // withheld until the index catches up. Errors: kInvalidInput when the
  // reader belongs to no post.
  Result<std::vector<InboxEntry>> inbox(const users::User& reader, const InboxQuery& query,
                                        const archive::Viewer& viewer);
  // Errors: kNotFound when the entry is not in the reader's post's inbox.
  Result<void> mark_read(const users::User& reader, std::int64_t entry, bool read = true);

  struct Impl;

 private:
  explicit PostOffice(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::post
