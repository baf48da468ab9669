// The post office: its tables in the archive's store, the directory, and
// the helpers the rest of src/post shares (impl.h). Drafts are in
// drafts.cc, sending in send.cc, inboxes in inbox.cc.
//
// Tables (store.sqlite, beside the archive's; schema version in the store's
// meta table, key "post_office_schema"):
//
//   posts(plad PK, route, text_name)              the directory's posts
//   collectives(plad PK, route)                   collective addresses
//   collective_members(collective, post)          their member posts
//   drafts(id PK, author, json, updated)          compose::to_json of each draft
//   serials(post, year, next)                     the next serial of a post in a year
//   mcns(origin, destination, next)               message control numbers
//   sent(cable_key PK, post, year, serial, sender, sent)   what each send numbered
//   deliveries(entry PK, post, cable_key, cable_id, origin, rank, precedence,
//              action, delivered; UNIQUE(post, cable_id, origin))   inbox entries
//   reads(user, entry)                            read flags, per user

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/text.h"
#include "post/directory_data.h"
#include "post/impl.h"
#include "post/shipped_data.h"

namespace chancery::post {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSchemaKey = "post_office_schema";
constexpr std::string_view kSchemaVersion = "1";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS posts(
  plad TEXT PRIMARY KEY NOT NULL,
  route TEXT NOT NULL,
  text_name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS collectives(
  plad TEXT PRIMARY KEY NOT NULL,
  route TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS collective_members(
  collective TEXT NOT NULL REFERENCES collectives(plad) ON DELETE CASCADE,
  post TEXT NOT NULL REFERENCES posts(plad),
  PRIMARY KEY(collective, post)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS collective_members_post ON collective_members(post);
CREATE TABLE IF NOT EXISTS drafts(
  id TEXT PRIMARY KEY NOT NULL,
  author TEXT NOT NULL,
  json TEXT NOT NULL,
  updated TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS drafts_author ON drafts(author, updated);
CREATE TABLE IF NOT EXISTS serials(
  post TEXT NOT NULL,
  year INTEGER NOT NULL,
  next INTEGER NOT NULL,
  PRIMARY KEY(post, year)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mcns(
  origin TEXT NOT NULL,
  destination TEXT NOT NULL,
  next INTEGER NOT NULL,
  PRIMARY KEY(origin, destination)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sent(
  cable_key INTEGER PRIMARY KEY REFERENCES cables(key),
  post TEXT NOT NULL,
  year INTEGER NOT NULL,
  serial INTEGER NOT NULL,
  sender TEXT NOT NULL,
  sent TEXT NOT NULL,
  UNIQUE(post, year, serial)
);
CREATE TABLE IF NOT EXISTS deliveries(
  entry INTEGER PRIMARY KEY AUTOINCREMENT,
  post TEXT NOT NULL,
  cable_key INTEGER NOT NULL REFERENCES cables(key),
  cable_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  rank INTEGER NOT NULL,
  precedence TEXT NOT NULL,
  action INTEGER NOT NULL,
  delivered TEXT NOT NULL,
  UNIQUE(post, cable_id, origin)
);
CREATE INDEX IF NOT EXISTS deliveries_inbox ON deliveries(post, rank, delivered DESC, entry DESC);
CREATE TABLE IF NOT EXISTS reads(
  user TEXT NOT NULL,
  entry INTEGER NOT NULL REFERENCES deliveries(entry) ON DELETE CASCADE,
  PRIMARY KEY(user, entry)
) WITHOUT ROWID;
)sql";

constexpr std::size_t kMaxPlad = 128;

Error invalid(std::string message) { return Error{.code = Errc::kInvalidInput, .message = std::move(message)}; }

bool printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

Result<void> check_plad(const std::string& plad) {
  if (plad.empty() || plad.size() > kMaxPlad || !printable(plad)) {
    return invalid(fmt::format("a PLAD is 1-{} printable ASCII characters, such as AMEMBASSY PARIS", kMaxPlad));
  }
  return {};
}

Result<void> check_route(const std::string& route) {
  if (route.size() > 8 || !std::all_of(route.begin(), route.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return invalid(fmt::format("routing indicator '{}': expected up to 8 letters, such as RUEHFR", route));
  }
  return {};
}

// Writes the shipped directory (in the caller's transaction).
Result<void> seed(PostOffice::Impl& impl) {
  const std::optional<std::string_view> tsv = shipped_file("routing-indicators.tsv");
  if (!tsv) return Error{.code = Errc::kInternal, .message = "routing-indicators.tsv is not built in"};
  Result<DirectorySeed> seed = read_directory_seed(*tsv);
  if (!seed) return seed.error();
  Result<Query> post = impl.query("INSERT OR IGNORE INTO posts(plad, route, text_name) VALUES(?, ?, ?)");
  if (!post) return post.error();
  for (const Post& p : seed->posts) {
    (*post)->bind(1, p.plad).bind(2, p.route).bind(3, p.text_name);
    if (Result<void> r = (*post)->run(); !r) return r;
  }
  Result<Query> collective = impl.query("INSERT OR IGNORE INTO collectives(plad, route) VALUES(?, ?)");
  if (!collective) return collective.error();
  Result<Query> member =
      impl.query("INSERT OR IGNORE INTO collective_members(collective, post) VALUES(?, ?)");
  if (!member) return member.error();
  for (const Collective& c : seed->collectives) {
    (*collective)->bind(1, c.plad).bind(2, c.route);
    if (Result<void> r = (*collective)->run(); !r) return r;
    for (const std::string& m : c.members) {
      (*member)->bind(1, c.plad).bind(2, m);
      if (Result<void> r = (*member)->run(); !r) return r;
    }
  }
  return {};
}

}  // namespace

// ---- Impl ------------------------------------------------------------------

Result<Query> PostOffice::Impl::query(std::string_view sql) {
  auto it = statements.find(std::string(sql));
  if (it == statements.end()) {
    Result<store::Statement> s = store.db().prepare(sql);
    if (!s) return s.error();
    it = statements.emplace(std::string(sql), std::make_unique<store::Statement>(std::move(s).value())).first;
  }
  it->second->reset();
  return Query(it->second.get());
}

std::int64_t PostOffice::Impl::changes() { return sqlite3_changes64(store.db().handle()); }

Result<std::optional<Post>> PostOffice::Impl::find_post(const std::string& plad) {
  Result<Query> q = query("SELECT plad, route, text_name FROM posts WHERE plad = ?");
  if (!q) return q.error();
  (*q)->bind(1, plad);
  Result<bool> row = (*q)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Post>();
  return std::optional<Post>(Post{.plad = std::string((*q)->column_text(0)),
                                  .route = std::string((*q)->column_text(1)),
                                  .text_name = std::string((*q)->column_text(2))});
}

Result<std::optional<std::string>> PostOffice::Impl::collective_route(const std::string& plad) {
  Result<Query> q = query("SELECT route FROM collectives WHERE plad = ?");
  if (!q) return q.error();
  (*q)->bind(1, plad);
  Result<bool> row = (*q)->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*q)->column_text(0)));
}

Result<std::vector<std::string>> PostOffice::Impl::members(const std::string& collective) {
  Result<Query> q = query("SELECT post FROM collective_members WHERE collective = ? ORDER BY post");
  if (!q) return q.error();
  (*q)->bind(1, collective);
  std::vector<std::string> out;
  while (true) {
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (!*row) break;
    out.emplace_back((*q)->column_text(0));
  }
  return out;
}

Result<std::vector<std::string>> PostOffice::Impl::expand(const std::string& plad,
                                                          const std::vector<std::string>& exempt) {
  Result<std::optional<Post>> post = find_post(plad);
  if (!post) return post.error();
  // A post named directly is reached: XMT exempts members of collectives
  // (telegram-format.md 1.8), not addressees the drafter chose.
  if (*post) return std::vector<std::string>{plad};
  Result<std::optional<std::string>> route = collective_route(plad);
  if (!route) return route.error();
  if (!*route) {
    return Error{.code = Errc::kNotFound,
                 .message = fmt::format("'{}' is neither a post nor a collective of the directory", plad),
                 .hint = "see 'chancery directory list'"};
  }
  Result<std::vector<std::string>> all = members(plad);
  if (!all) return all.error();
  std::set<std::string> skip;
  for (const std::string& e : exempt) skip.insert(normalize_plad(e));
  std::vector<std::string> out;
  for (std::string& m : *all) {
    if (!skip.contains(m)) out.push_back(std::move(m));
  }
  return out;
}

// ---- Opening ---------------------------------------------------------------

PostOffice::PostOffice(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostOffice::PostOffice(PostOffice&&) noexcept = default;
PostOffice& PostOffice::operator=(PostOffice&&) noexcept = default;
PostOffice::~PostOffice() = default;

Result<PostOffice> PostOffice::open(const fs::path& dir, Clock clock) {
  const fs::path file = dir / "store.sqlite";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return Error{.code = Errc::kNotFound,
                 .message = "no archive here (no store.sqlite)",
                 .where = dir.string(),
                 .hint = fmt::format("create one with 'chancery init {}'", dir.string())};
  }
  Result<store::Store> store = store::Store::open(file, /*create=*/false, /*read_only=*/false);
  if (!store) return store.error();
  auto impl = std::make_unique<Impl>(dir, std::move(store).value(), std::move(clock));

  Result<std::string> version = impl->store.meta(kSchemaKey);
  if (version && *version == kSchemaVersion) return PostOffice(std::move(impl));
  if (!version && version.error().code != Errc::kNotFound) return version.error();
  if (version) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("the post office tables have schema version '{}', this chancery reads {}",
                                        *version, kSchemaVersion),
                 .where = file.string()};
  }
  // First use: the tables and the shipped directory, once, whoever gets
  // the write lock first (another process may be doing the same).
  Result<store::Transaction> tx = store::Transaction::begin(impl->store.db());
  if (!tx) return tx.error();
  Result<std::string> again = impl->store.meta(kSchemaKey);
  if (!again) {
    if (again.error().code != Errc::kNotFound) return again.error();
    if (Result<void> r = impl->store.db().exec(kSchema); !r) return r.error();
    if (Result<void> r = seed(*impl); !r) return r.error();
    if (Result<void> r = impl->store.set_meta(kSchemaKey, kSchemaVersion); !r) return r.error();
  }
  if (Result<void> r = tx->commit(); !r) return r.error();
  return PostOffice(std::move(impl));
}

// ---- The directory ---------------------------------------------------------

Result<std::vector<Post>> PostOffice::posts() {
  Result<Query> q = impl_->query("SELECT plad, route, text_name FROM posts ORDER BY plad");
  if (!q) return q.error();
  std::vector<Post> out;
  while (true) {
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(Post{.plad = std::string((*q)->column_text(0)),
                       .route = std::string((*q)->column_text(1)),
                       .text_name = std::string((*q)->column_text(2))});
  }
  return out;
}

Result<std::optional<Post>> PostOffice::post(std::string_view plad) {
  return impl_->find_post(normalize_plad(plad));
}

Result<void> PostOffice::put_post(const Post& post) {
  Post p{.plad = normalize_plad(post.plad),
         .route = text::upper(text::trim(post.route)),
         .text_name = normalize_plad(post.text_name)};
  if (p.text_name.empty()) p.text_name = text_name_of(p.plad);
  if (Result<void> r = check_plad(p.plad); !r) return r;
  if (Result<void> r = check_route(p.route); !r) return r;
  if (p.text_name.size() > kMaxPlad || !printable(p.text_name) ||
      !std::any_of(p.text_name.begin(), p.text_name.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return invalid("a post's text name is printable ASCII with letters, such as TEL AVIV");
  }
  Result<store::Transaction> tx = store::Transaction::begin(impl_->store.db());
  if (!tx) return tx.error();
  Result<std::optional<std::string>> collective = impl_->collective_route(p.plad);
  if (!collective) return collective.error();
  if (*collective) {
    return Error{.code = Errc::kConflict, .message = fmt::format("'{}' is a collective, not a post", p.plad)};
  }
  Result<Query> q = impl_->query(
      "INSERT INTO posts(plad, route, text_name) VALUES(?, ?, ?) "
      "ON CONFLICT(plad) DO UPDATE SET route = excluded.route, text_name = excluded.text_name");
  if (!q) return q.error();
  (*q)->bind(1, p.plad).bind(2, p.route).bind(3, p.text_name);
  if (Result<void> r = (*q)->run(); !r) return r;
  return tx->commit();
}

Result<void> PostOffice::remove_post(std::string_view plad) {
  const std::string p = normalize_plad(plad);
  Result<store::Transaction> tx = store::Transaction::begin(impl_->store.db());
  if (!tx) return tx.error();
  Result<Query> in = impl_->query("SELECT collective FROM collective_members WHERE post = ? ORDER BY collective");
  if (!in) return in.error();
  (*in)->bind(1, p);
  std::vector<std::string> collectives;
  while (true) {
    Result<bool> row = (*in)->step();
    if (!row) return row.error();
    if (!*row) break;
    collectives.emplace_back((*in)->column_text(0));
  }
  if (!collectives.empty()) {
    return Error{.code = Errc::kConflict,
                 .message = fmt::format("'{}' is a member of {}", p, fmt::join(collectives, ", ")),
                 .hint = "remove it from those collectives first"};
  }
  Result<Query> q = impl_->query("DELETE FROM posts WHERE plad = ?");
  if (!q) return q.error();
  (*q)->bind(1, p);
  if (Result<void> r = (*q)->run(); !r) return r;
  if (impl_->changes() == 0) {
    return Error{.code = Errc::kNotFound, .message = fmt::format("there is no post '{}'", p)};
  }
  return tx->commit();
}

Result<std::vector<Collective>> PostOffice::collectives() {
  Result<Query> q = impl_->query(
      "SELECT c.plad, c.route, m.post FROM collectives c LEFT JOIN collective_members m "
      "ON m.collective = c.plad ORDER BY c.plad, m.post");
  if (!q) return q.error();
  std::vector<Collective> out;
  while (true) {
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::string_view plad = (*q)->column_text(0);
    if (out.empty() || out.back().plad != plad) {
      out.push_back(Collective{.plad = std::string(plad), .route = std::string((*q)->column_text(1)), .members = {}});
    }
    if (!(*q)->column_is_null(2)) out.back().members.emplace_back((*q)->column_text(2));
  }
  return out;
}

Result<void> PostOffice::put_collective(const Collective& collective) {
  const std::string plad = normalize_plad(collective.plad);
  const std::string route = text::upper(text::trim(collective.route));
  if (Result<void> r = check_plad(plad); !r) return r;
  if (Result<void> r = check_route(route); !r) return r;
  std::set<std::string> members;
  for (const std::string& m : collective.members) members.insert(normalize_plad(m));
  Result<store::Transaction> tx = store::Transaction::begin(impl_->store.db());
  if (!tx) return tx.error();
  Result<std::optional<Post>> as_post = impl_->find_post(plad);
  if (!as_post) return as_post.error();
  if (*as_post) {
    return Error{.code = Errc::kConflict, .message = fmt::format("'{}' is a post, not a collective", plad)};
  }
  std::vector<std::string> unknown;
  for (const std::string& m : members) {
    Result<std::optional<Post>> p = impl_->find_post(m);
    if (!p) return p.error();
    if (!*p) unknown.push_back(m);
  }
  if (!unknown.empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("members of a collective are posts of the directory; not: {}",
                                        fmt::join(unknown, ", ")),
                 .hint = "add them with 'chancery directory add-post' first"};
  }
  Result<Query> upsert = impl_->query(
      "INSERT INTO collectives(plad, route) VALUES(?, ?) "
      "ON CONFLICT(plad) DO UPDATE SET route = excluded.route");
  if (!upsert) return upsert.error();
  (*upsert)->bind(1, plad).bind(2, route);
  if (Result<void> r = (*upsert)->run(); !r) return r;
  Result<Query> clear = impl_->query("DELETE FROM collective_members WHERE collective = ?");
  if (!clear) return clear.error();
  (*clear)->bind(1, plad);
  if (Result<void> r = (*clear)->run(); !r) return r;
  Result<Query> add = impl_->query("INSERT INTO collective_members(collective, post) VALUES(?, ?)");
  if (!add) return add.error();
  for (const std::string& m : members) {
    (*add)->bind(1, plad).bind(2, m);
    if (Result<void> r = (*add)->run(); !r) return r;
  }
  return tx->commit();
}

Result<void> PostOffice::remove_collective(std::string_view plad) {
  const std::string p = normalize_plad(plad);
  Result<store::Transaction> tx = store::Transaction::begin(impl_->store.db());
  if (!tx) return tx.error();
  Result<Query> members = impl_->query("DELETE FROM collective_members WHERE collective = ?");
  if (!members) return members.error();
  (*members)->bind(1, p);
  if (Result<void> r = (*members)->run(); !r) return r;
  Result<Query> q = impl_->query("DELETE FROM collectives WHERE plad = ?");
  if (!q) return q.error();
  (*q)->bind(1, p);
  if (Result<void> r = (*q)->run(); !r) return r;
  if (impl_->changes() == 0) {
    return Error{.code = Errc::kNotFound, .message = fmt::format("there is no collective '{}'", p)};
  }
  return tx->commit();
}

Result<std::vector<std::string>> PostOffice::expand(std::string_view plad, const std::vector<std::string>& exempt) {
  return impl_->expand(normalize_plad(plad), exempt);
}

}  // namespace chancery::post
