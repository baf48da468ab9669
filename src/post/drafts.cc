// Drafts: compose::to_json of each draft in the drafts table, by id; the
// author is kept in its own column so that listing a user's drafts needs
// no JSON.

#include <algorithm>

#include <fmt/format.h>

#include "post/impl.h"
#include "post/numbering.h"

namespace chancery::post {
namespace {

bool valid_draft_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

Error no_draft(std::string_view id) {
  return Error{.code = Errc::kNotFound, .message = fmt::format("there is no draft '{}'", id)};
}

// A draft from its row (id, author, json).
Result<compose::Draft> read_draft(const store::Statement& s) {
  const std::string id(s.column_text(0));
  Result<compose::Draft> draft = compose::draft_from_json(s.column_text(2));
  if (!draft) {
    return Error{.code = Errc::kIo,
                 .message = fmt::format("the drafts table is damaged: draft '{}' does not read: {}", id,
                                        draft.error().message),
                 .hint = "discard the draft"};
  }
  draft->id = id;
  draft->author = std::string(s.column_text(1));
  return draft;
}

}  // namespace

Result<compose::Draft> PostOffice::save_draft(compose::Draft draft) {
  if (draft.author.empty()) {
    return Error{.code = Errc::kInvalidInput, .message = "a draft needs its author (a user name)"};
  }
  if (draft.id.empty()) {
    // Random rather than counted: ids are made by several processes, and a
    // guessable id would tell how many drafts others keep.
    draft.id = fmt::format("d{:016x}", impl_->random());
  } else if (!valid_draft_id(draft.id)) {
    return Error{.code = Errc::kInvalidInput,
                 .message = "a draft id is 1-64 characters of A-Z a-z 0-9 - _"};
  }
  Result<store::Transaction> tx = store::Transaction::begin(impl_->store.db());
  if (!tx) return tx.error();
  Result<Query> owner = impl_->query("SELECT author FROM drafts WHERE id = ?");
  if (!owner) return owner.error();
  (*owner)->bind(1, draft.id);
  Result<bool> row = (*owner)->step();
  if (!row) return row.error();
  if (*row && (*owner)->column_text(0) != draft.author) {
    return Error{.code = Errc::kDenied, .message = fmt::format("draft '{}' belongs to another user", draft.id)};
  }
  (*owner)->reset();
  Result<Query> q = impl_->query(
      "INSERT INTO drafts(id, author, json, updated) VALUES(?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated = excluded.updated");
  if (!q) return q.error();
  (*q)->bind(1, draft.id).bind(2, draft.author).bind(3, compose::to_json(draft));
  (*q)->bind(4, timestamp_of(utc_moment(impl_->now())));
  if (Result<void> r = (*q)->run(); !r) return r.error();
  if (Result<void> r = tx->commit(); !r) return r.error();
  return draft;
}

Result<std::optional<compose::Draft>> PostOffice::draft(std::string_view id) {
  Result<Query> q = impl_->query("SELECT id, author, json FROM drafts WHERE id = ?");
  if (!q) return q.error();
  (*q)->bind(1, id);
  Result<bool> row = (*q)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<compose::Draft>();
  Result<compose::Draft> d = read_draft(**q);
  if (!d) return d.error();
  return std::optional<compose::Draft>(std::move(d).value());
}

Result<std::vector<compose::Draft>> PostOffice::drafts(std::string_view author) {
  Result<Query> q =
      impl_->query("SELECT id, author, json FROM drafts WHERE author = ? ORDER BY updated DESC, id");
  if (!q) return q.error();
  (*q)->bind(1, author);
  std::vector<compose::Draft> out;
  while (true) {
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (!*row) break;
    Result<compose::Draft> d = read_draft(**q);
    if (!d) return d.error();
    out.push_back(std::move(d).value());
  }
  return out;
}

Result<void> PostOffice::discard_draft(std::string_view id) {
  Result<Query> q = impl_->query("DELETE FROM drafts WHERE id = ?");
  if (!q) return q.error();
  (*q)->bind(1, id);
  if (Result<void> r = (*q)->run(); !r) return r;
  if (impl_->changes() == 0) return no_draft(id);
  return {};
}

}  // namespace chancery::post
