// Checking and sending: validate, number, render, read back, file, deliver;
// everything a send writes is written in one transaction (impl.h says why
// on one connection).
//
// The index is not touched here: Xapian commits cost milliseconds, and a
// sent cable is in the system of record the moment the store commits. The
// caller brings the index up with archive::Archive::catch_up() (the server
// after each send, `chancery draft send` before it returns); until then the
// cable can be read by id but not found by search.

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

#include "archive/prepare.h"
#include "core/text.h"
#include "parse/telegram_internal.h"
#include "post/directory_data.h"
#include "post/impl.h"
#include "post/numbering.h"

namespace chancery::post {
namespace {

// A send that finds the store locked waits (the connection's busy timeout,
// 10 s) and then tries again, this many times in all.
constexpr int kAttempts = 3;

Error invalid(std::string message) { return Error{.code = Errc::kInvalidInput, .message = std::move(message)}; }

std::string field_of(bool action, std::size_t i) { return fmt::format("{}[{}]", action ? "to" : "info", i); }

std::string describe(const std::vector<compose::Problem>& errors) {
  std::string out;
  for (const compose::Problem& p : errors) {
    if (!out.empty()) out += "; ";
    out += p.field.empty() ? p.message : p.field + ": " + p.message;
  }
  return out;
}

// Senders of one process take turns on a mutex per store file before they
// ask SQLite for its write lock. SQLite alone would order them too, but its
// busy handler polls with sleeps (a waiting sender may sleep while the lock
// is free, and lose it again: seconds at the tail), and connections always
// inside a transaction keep the WAL from being restarted, so it grows.
// Other processes are still ordered by SQLite's lock (the busy timeout).
std::mutex& send_turn(const std::filesystem::path& store_file) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::unique_ptr<std::mutex>> registry;
  std::error_code ec;
  std::filesystem::path key = std::filesystem::weakly_canonical(store_file, ec);
  if (ec) key = store_file;
  std::lock_guard lock(registry_mutex);
  std::unique_ptr<std::mutex>& m = registry[key.string()];
  if (!m) m = std::make_unique<std::mutex>();
  return *m;
}

// The highest serial the archive already holds for a post's id prefix in a
// year ("07TELAVIV" -> 557), 0 when none: a post office started on an
// archive of the post's past cables numbers after them, never onto them.
Result<std::int64_t> archived_serial(PostOffice::Impl& impl, int year, std::string_view text_name) {
  const std::string prefix = fmt::format("{:02}{}", year % 100, parse::detail::station_code(text_name));
  // Digits follow the prefix: the ids in [prefix "0", prefix ":").
  Result<Query> q = impl.query("SELECT id FROM cables WHERE id >= ? AND id < ?");
  if (!q) return q.error();
  (*q)->bind(1, prefix + "0").bind(2, prefix + ":");
  std::int64_t max = 0;
  while (true) {
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::string_view digits = (*q)->column_text(0).substr(prefix.size());
    if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), text::is_digit)) continue;
    max = std::max<std::int64_t>(max, std::stoll(std::string(digits)));
  }
  return max;
}

// The post's next serial for the year, counted (in the caller's transaction).
Result<std::int64_t> take_serial(PostOffice::Impl& impl, const Post& post, int year) {
  std::int64_t serial = 0;
  {
    Result<Query> q = impl.query("SELECT next FROM serials WHERE post = ? AND year = ?");
    if (!q) return q.error();
    (*q)->bind(1, post.plad).bind(2, std::int64_t{year});
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (*row) serial = (*q)->column_int(0);
  }
  if (serial == 0) {
    Result<std::int64_t> archived = archived_serial(impl, year, post.text_name);
    if (!archived) return archived.error();
    serial = *archived + 1;
  }
  Result<Query> set = impl.query(
      "INSERT INTO serials(post, year, next) VALUES(?, ?, ?) "
      "ON CONFLICT(post, year) DO UPDATE SET next = excluded.next");
  if (!set) return set.error();
  (*set)->bind(1, post.plad).bind(2, std::int64_t{year}).bind(3, serial + 1);
  if (Result<void> r = (*set)->run(); !r) return r.error();
  return serial;
}

// The next message control number from `origin` to `destination`.
Result<std::int64_t> take_mcn(PostOffice::Impl& impl, const std::string& origin, const std::string& destination) {
  std::int64_t mcn = 1;
  {
    Result<Query> q = impl.query("SELECT next FROM mcns WHERE origin = ? AND destination = ?");
    if (!q) return q.error();
    (*q)->bind(1, origin).bind(2, destination);
    Result<bool> row = (*q)->step();
    if (!row) return row.error();
    if (*row) mcn = (*q)->column_int(0);
  }
  Result<Query> set = impl.query(
      "INSERT INTO mcns(origin, destination, next) VALUES(?, ?, ?) "
      "ON CONFLICT(origin, destination) DO UPDATE SET next = excluded.next");
  if (!set) return set.error();
  (*set)->bind(1, origin).bind(2, destination).bind(3, mcn + 1);
  if (Result<void> r = (*set)->run(); !r) return r.error();
  return mcn;
}

// The draft with its addresses as the directory keys them.
compose::Draft normalized(const compose::Draft& draft) {
  compose::Draft d = draft;
  d.from = normalize_plad(d.from);
  for (std::vector<compose::Addressee>* list : {&d.to, &d.info}) {
    for (compose::Addressee& a : *list) {
      a.name = normalize_plad(a.name);
      if (a.precedence) a.precedence = text::upper(text::trim(*a.precedence));
    }
  }
  for (std::string& e : d.exempt) e = normalize_plad(e);
  d.precedence = text::upper(text::trim(d.precedence));
  return d;
}

}  // namespace

Result<std::vector<Recipient>> PostOffice::Impl::recipients(const compose::Draft& draft) {
  std::vector<Recipient> out;
  std::unordered_map<std::string, std::size_t> at;
  for (const bool action : {true, false}) {
    const std::vector<compose::Addressee>& list = action ? draft.to : draft.info;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const compose::Addressee& a = list[i];
      const std::string precedence = text::upper(text::trim(a.precedence.value_or(draft.precedence)));
      const std::optional<int> rank = compose::precedence_rank(precedence);
      if (!rank) return invalid(fmt::format("{}: '{}' is not a precedence", field_of(action, i), precedence));
      Result<std::vector<std::string>> posts = expand(normalize_plad(a.name), draft.exempt);
      if (!posts) {
        if (posts.error().code == Errc::kNotFound) {
          return invalid(fmt::format("{}: {}", field_of(action, i), posts.error().message));
        }
        return posts.error();
      }
      for (std::string& p : *posts) {
        auto it = at.find(p);
        if (it == at.end()) {
          at.emplace(p, out.size());
          out.push_back(Recipient{.post = std::move(p), .rank = *rank, .action = action});
          continue;
        }
        Recipient& r = out[it->second];
        r.rank = std::min(r.rank, *rank);
        r.action = r.action || action;
      }
    }
  }
  return out;
}

Result<std::vector<compose::Problem>> PostOffice::check(const compose::Draft& draft) {
  Impl& impl = *impl_;
  const Moment moment = utc_moment(impl.now());
  const compose::Draft d = normalized(draft);
  Result<std::optional<Post>> from = impl.find_post(d.from);
  if (!from) return from.error();
  const std::string station = parse::detail::station_code(*from ? (*from)->text_name : text_name_of(d.from));

  // A store error inside a callback is kept and returned: validation must
  // not report an address unknown because the disk failed.
  std::optional<Error> failure;
  compose::Context context;
  context.today = date_of(moment);
  context.known_address = [&](std::string_view plad) {
    const std::string p = normalize_plad(plad);
    Result<std::optional<Post>> post = impl.find_post(p);
    if (!post) {
      failure = post.error();
      return false;
    }
    if (*post) return true;
    Result<std::optional<std::string>> collective = impl.collective_route(p);
    if (!collective) {
      failure = collective.error();
      return false;
    }
    return collective->has_value();
  };
  const TagList& tags = TagList::shipped();
  context.known_tag = [&tags](std::string_view tag) { return tags.known(tag); };
  context.subject_tag = [&tags](std::string_view tag) { return tags.subject(tag); };
  context.in_archive = [&](std::string_view id) {
    Result<std::vector<store::CableRow>> rows = impl.store.find(id);
    if (!rows) {
      failure = rows.error();
      return false;
    }
    return !rows->empty();
  };
  // The parser's resolution, which the archive applies to the REF line of
  // the cable once sent: what the check resolves is what gets filed.
  context.resolve_reference = [&](std::string_view text) {
    return parse::detail::resolve_reference(
        text, parse::detail::CitingCable{.year = moment.year, .station = station, .serial = 0});
  };
  std::vector<compose::Problem> problems = compose::validate(d, context);
  if (failure) return *failure;

  // What only the post office knows: who originates, whom it reaches.
  const auto has_problem = [&](std::string_view field) {
    return std::any_of(problems.begin(), problems.end(), [&](const compose::Problem& p) { return p.field == field; });
  };
  using Severity = compose::Problem::Severity;
  if (!d.from.empty() && !*from && !has_problem("from")) {
    Result<std::optional<std::string>> collective = impl.collective_route(d.from);
    if (!collective) return collective.error();
    problems.push_back(compose::Problem{
        .severity = Severity::kError,
        .field = "from",
        .message = *collective ? fmt::format("{} is a collective; a cable comes from one post", d.from)
                               : fmt::format("{} is not a post of the directory", d.from)});
  }
  bool addressed = false;  // every addressee is known
  bool reaches = false;
  std::vector<bool> exempting(d.exempt.size(), false);
  for (const bool action : {true, false}) {
    const std::vector<compose::Addressee>& list = action ? d.to : d.info;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Result<std::vector<std::string>> reached = impl.expand(list[i].name, d.exempt);
      if (!reached) {
        if (reached.error().code != Errc::kNotFound) return reached.error();
        if (!has_problem(field_of(action, i))) {
          problems.push_back(compose::Problem{
              .severity = Severity::kError,
              .field = field_of(action, i),
              .message = fmt::format("{} is neither a post nor a collective of the directory", list[i].name)});
        }
        continue;
      }
      addressed = true;
      if (!reached->empty()) reaches = true;
      Result<std::vector<std::string>> all = impl.members(list[i].name);
      if (!all) return all.error();
      for (std::size_t x = 0; x < d.exempt.size(); ++x) {
        if (std::find(all->begin(), all->end(), d.exempt[x]) != all->end()) exempting[x] = true;
      }
      if (reached->empty()) {
        problems.push_back(compose::Problem{
            .severity = Severity::kWarning,
            .field = field_of(action, i),
            .message = all->empty() ? fmt::format("the collective {} has no members in the directory: "
                                                  "it reaches no post",
                                                  list[i].name)
                                    : fmt::format("every member of {} is exempted (XMT)", list[i].name)});
      }
    }
  }
  for (std::size_t x = 0; x < d.exempt.size(); ++x) {
    if (!exempting[x] && !has_problem(fmt::format("exempt[{}]", x))) {
      problems.push_back(compose::Problem{
          .severity = Severity::kWarning,
          .field = fmt::format("exempt[{}]", x),
          .message = fmt::format("{} is not a member of an addressed collective: XMT changes nothing",
                                 d.exempt[x])});
    }
  }
  if (addressed && !reaches) {
    problems.push_back(compose::Problem{.severity = Severity::kError,
                                        .field = "to",
                                        .message = "the cable reaches no post: name a post or a collective "
                                                   "with members"});
  }
  return problems;
}

Result<Sent> PostOffice::send(const compose::Draft& draft, const users::User& sender) {
  const auto denied = [](std::string message) { return Error{.code = Errc::kDenied, .message = std::move(message)}; };
  if (sender.disabled) return denied(fmt::format("user '{}' is disabled", sender.name));
  if (sender.role != users::Role::kOfficer && sender.role != users::Role::kAdmin) {
    return denied(fmt::format("user '{}' is a {}; only officers and admins send cables", sender.name,
                              users::role_name(sender.role)));
  }
  const std::string from = normalize_plad(draft.from);
  if (sender.role != users::Role::kAdmin && normalize_plad(sender.post) != from) {
    return denied(sender.post.empty()
                      ? fmt::format("user '{}' belongs to no post; an officer sends from their own post",
                                    sender.name)
                      : fmt::format("user '{}' is an officer of {}, not of {}", sender.name,
                                    normalize_plad(sender.post), from));
  }
  Result<std::vector<compose::Problem>> problems = check(draft);
  if (!problems) return problems.error();
  std::vector<compose::Problem> errors;
  std::vector<compose::Problem> warnings;
  for (compose::Problem& p : *problems) {
    (p.severity == compose::Problem::Severity::kError ? errors : warnings).push_back(std::move(p));
  }
  if (!errors.empty()) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("the draft cannot be sent ({} problem{}): {}", errors.size(),
                                        errors.size() == 1 ? "" : "s", describe(errors)),
                 .hint = "correct the draft ('chancery draft check' lists the problems)"};
  }
  std::lock_guard turn(send_turn(impl_->dir / "store.sqlite"));
  for (int attempt = 1;; ++attempt) {
    Result<Sent> sent = impl_->send_once(draft, sender, warnings);
    if (sent || sent.error().code != Errc::kUnavailable || attempt == kAttempts) return sent;
  }
}

Result<Sent> PostOffice::Impl::send_once(const compose::Draft& draft, const users::User& sender,
                                         std::vector<compose::Problem> warnings) {
  // BEGIN IMMEDIATE: the write lock first, so that senders in every thread
  // and process are ordered before any of them reads a counter.
  Result<store::Transaction> tx = store::Transaction::begin(store.db());
  if (!tx) return tx.error();
  const Moment moment = utc_moment(now());
  const compose::Draft d = normalized(draft);
  Result<std::optional<Post>> from = find_post(d.from);
  if (!from) return from.error();
  if (!*from) return invalid(fmt::format("from: {} is not a post of the directory", d.from));
  const Post& post = **from;

  Result<std::int64_t> serial = take_serial(*this, post, moment.year);
  if (!serial) return serial.error();
  compose::Numbering numbering{.id = cable_id(moment.year, post.text_name, *serial),
                               .post = post.text_name,
                               .serial = *serial,
                               .station = post.route,
                               .dtg = dtg_of(moment),
                               .transmission = transmission_id(*serial),
                               .routes = {},
                               .mcns = {}};
  for (const bool action : {true, false}) {
    const std::vector<compose::Addressee>& list = action ? d.to : d.info;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Result<std::optional<Post>> to = find_post(list[i].name);
      if (!to) return to.error();
      if (*to) {
        Result<std::int64_t> mcn = take_mcn(*this, post.plad, (*to)->plad);
        if (!mcn) return mcn.error();
        numbering.routes.push_back((*to)->route);
        numbering.mcns.push_back(mcn_text(*mcn));
        continue;
      }
      Result<std::optional<std::string>> route = collective_route(list[i].name);
      if (!route) return route.error();
      if (!*route) {
        return invalid(fmt::format("{}: {} is neither a post nor a collective of the directory",
                                   field_of(action, i), list[i].name));
      }
      numbering.routes.push_back(**route);
      numbering.mcns.emplace_back();  // collectives carry no MCN
    }
  }
  Result<std::vector<Recipient>> reached = recipients(d);
  if (!reached) return reached.error();
  if (reached->empty()) return invalid("the cable reaches no post");

  // The archive files what the parser reads from the rendered telegram (as
  // for any ingested cable), with the telegram as its raw input.
  const std::string telegram = compose::render_telegram(d, numbering);
  Result<Cable> cable = parse::read_telegram(telegram, parse::ReadOptions{.source = numbering.id});
  if (!cable) {
    return Error{.code = Errc::kInternal,
                 .message = fmt::format("the rendered {} does not read back: {}", numbering.id,
                                        cable.error().message)};
  }
  if (cable->id != numbering.id) {
    return Error{.code = Errc::kInternal,
                 .message = fmt::format("the rendered {} reads back as {}", numbering.id, cable->id.value_or("no id"))};
  }
  Result<store::NewVersion> version =
      archive::prepare_version(*cable, telegram, "sent by " + sender.name, "telegram");
  if (!version) return version.error();
  const std::string when = timestamp_of(moment);
  Result<store::Filed> filed = store.file(*version, when);
  if (!filed) return filed.error();
  if (filed->outcome != archive::Outcome::kNew) {
    return Error{.code = Errc::kConflict,
                 .message = fmt::format("{} ({}) is already in the archive", numbering.id, version->origin),
                 .hint = "the post's serial counter is behind the archive; correct the serials table"};
  }

  Result<Query> deliver = query(
      "INSERT INTO deliveries(post, cable_key, cable_id, origin, rank, precedence, action, delivered) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  if (!deliver) return deliver.error();
  Sent sent{.id = numbering.id,
            .serial = *serial,
            .dtg = numbering.dtg,
            .telegram = telegram,
            .delivered_to = {},
            .warnings = std::move(warnings)};
  for (const Recipient& r : *reached) {
    (*deliver)->bind(1, r.post).bind(2, filed->key).bind(3, numbering.id).bind(4, version->origin);
    (*deliver)->bind(5, std::int64_t{r.rank}).bind(6, compose::kPrecedences[r.rank]);
    (*deliver)->bind(7, std::int64_t{r.action ? 1 : 0}).bind(8, when);
    if (Result<void> res = (*deliver)->run(); !res) return res.error();
    sent.delivered_to.push_back(r.post);
  }
  Result<Query> record =
      query("INSERT INTO sent(cable_key, post, year, serial, sender, sent) VALUES(?, ?, ?, ?, ?, ?)");
  if (!record) return record.error();
  (*record)->bind(1, filed->key).bind(2, post.plad).bind(3, std::int64_t{moment.year}).bind(4, *serial);
  (*record)->bind(5, sender.name).bind(6, when);
  if (Result<void> r = (*record)->run(); !r) return r.error();
  if (!draft.id.empty()) {
    // A sent draft is no longer a draft: sending it again would be a second cable.
    Result<Query> done = query("DELETE FROM drafts WHERE id = ?");
    if (!done) return done.error();
    (*done)->bind(1, draft.id);
    if (Result<void> r = (*done)->run(); !r) return r.error();
  }
  if (Result<void> r = tx->commit(); !r) return r.error();
  return sent;
}

}  // namespace chancery::post
