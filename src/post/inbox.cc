// Inboxes: the deliveries of the reader's post, each cable seen through the
// access layer (archive::Archive::get as the viewer), so that a cable above
// the reader's clearance is listed as withheld and tells nothing but its
// id, precedence and time.

#include <fmt/format.h>

#include "post/directory_data.h"
#include "post/impl.h"

namespace chancery::post {
namespace {

Result<std::string> post_of(const users::User& reader) {
  std::string post = normalize_plad(reader.post);
  if (post.empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("user '{}' belongs to no post, so has no inbox", reader.name),
                 .hint = "give the user a post ('chancery user update NAME --post \"AMEMBASSY PARIS\"')"};
  }
  return post;
}

}  // namespace

Result<std::vector<InboxEntry>> PostOffice::inbox(const users::User& reader, const InboxQuery& query,
                                                  const archive::Viewer& viewer) {
  Result<std::string> post = post_of(reader);
  if (!post) return post.error();
  std::vector<InboxEntry> entries;
  {
    // FLASH first (rank 0), then the newest; the index deliveries_inbox
    // serves this order.
    Result<Query> q = impl_->query(
        "SELECT d.entry, d.post, d.cable_id, d.origin, d.precedence, d.delivered, d.action, "
        "r.entry IS NOT NULL FROM deliveries d LEFT JOIN reads r ON r.user = ?1 AND r.entry = d.entry "
        "WHERE d.post = ?2 AND (?3 = 0 OR r.entry IS NULL) "
        "ORDER BY d.rank, d.delivered DESC, d.entry DESC LIMIT ?4 OFFSET ?5");
    if (!q) return q.error();
    (*q)->bind(1, reader.name).bind(2, *post).bind(3, std::int64_t{query.unread_only ? 1 : 0});
    (*q)->bind(4, static_cast<std::int64_t>(std::min<std::size_t>(query.limit, 1u << 30)));
    (*q)->bind(5, static_cast<std::int64_t>(std::min<std::size_t>(query.offset, 1u << 30)));
    while (true) {
      Result<bool> row = (*q)->step();
      if (!row) return row.error();
      if (!*row) break;
      entries.push_back(InboxEntry{.entry = (*q)->column_int(0),
                                   .post = std::string((*q)->column_text(1)),
                                   .cable_id = std::string((*q)->column_text(2)),
                                   .origin = std::string((*q)->column_text(3)),
                                   .precedence = std::string((*q)->column_text(4)),
                                   .delivered = std::string((*q)->column_text(5)),
                                   .action = (*q)->column_int(6) != 0,
                                   .read = (*q)->column_int(7) != 0,
                                   .withheld = false,
                                   .classification = {},
                                   .subject = {},
                                   .from = {}});
    }
  }
  if (entries.empty()) return entries;
  // Read-only: reading an inbox never writes the index. What a viewer may
  // see of a cable is decided from the index, so a cable sent but not yet
  // indexed (the sender's catch_up follows each send) lists as withheld
  // for a moment: closed, never open. A fresh Archive per listing, because
  // an Archive keeps its index reader until the store changes, and the
  // index may have caught up since without the store changing.
  Result<archive::Archive> archive = archive::Archive::open(impl_->dir, /*read_only=*/true);
  if (!archive) return archive.error();
  for (InboxEntry& e : entries) {
    Result<archive::StoredCable> cable = archive->get(e.cable_id, e.origin, {}, false, viewer);
    if (!cable) {
      if (cable.error().code != Errc::kNotFound) return cable.error();
      e.withheld = true;  // above the reader: the entry, nothing of the cable
      continue;
    }
    const Cable& record = cable->record;
    e.classification = record.classification.value_or(cable->overall);
    e.subject = record.subject.value_or("");  // null when the subject is withheld
    e.from = record.from.value_or("");
  }
  return entries;
}

Result<void> PostOffice::mark_read(const users::User& reader, std::int64_t entry, bool read) {
  Result<std::string> post = post_of(reader);
  if (!post) return post.error();
  {
    // Only an entry of the reader's own inbox: another post's entry is, for
    // this reader, not there.
    Result<Query> q = impl_->query("SELECT 1 FROM deliveries WHERE entry = ? AND post = ?");
    if (!q) return q.error();
    (*q)->bind(1, entry).bind(2, *post);
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (!*row) {
      return Error{.code = Errc::kNotFound, .message = fmt::format("there is no entry {} in the inbox of {}", entry, *post)};
    }
  }
  Result<Query> q = impl_->query(read ? "INSERT OR IGNORE INTO reads(user, entry) VALUES(?, ?)"
                                      : "DELETE FROM reads WHERE user = ? AND entry = ?");
  if (!q) return q.error();
  (*q)->bind(1, reader.name).bind(2, entry);
  return (*q)->run();
}

}  // namespace chancery::post
