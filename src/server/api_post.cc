// The post office over HTTP: the directory, TAGS completion, drafts (saved,
// checked live, sent) and the inbox. Drafting and sending need the role
// officer (or admin); the post office itself checks that a sender belongs to
// the originating post. A sent cable is indexed before the answer goes out,
// so that it is searchable at once.

#include <nlohmann/json.hpp>

#include "chancery/compose.h"
#include "chancery/post_office.h"
#include "core/json_writer.h"
#include "post/shipped_data.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace chancery::server {
namespace {

using httplib::Request;
using httplib::Response;

std::string path_part(const Request& req) { return req.matches.size() > 1 ? std::string(req.matches[1]) : ""; }

void write_problems(json::Writer& w, const std::vector<compose::Problem>& problems) {
  w.begin_array();
  for (const compose::Problem& p : problems) {
    w.begin_object();
    w.key_literal("severity").value(p.severity == compose::Problem::Severity::kError ? "error" : "warning");
    w.key_literal("field").value(p.field);
    w.key_literal("message").value(p.message);
    w.end_object();
  }
  w.end_array();
}

void directory(State&, Handle& h, const Caller&, const Request&, Response& res) {
  Result<std::vector<post::Post>> posts = h.office.posts();
  if (!posts) return send_error(res, http_error(posts.error()));
  Result<std::vector<post::Collective>> collectives = h.office.collectives();
  if (!collectives) return send_error(res, http_error(collectives.error()));
  std::string out;
  json::Writer w(out);
  w.begin_object().key_literal("posts").begin_array();
  for (const post::Post& p : *posts) {
    w.begin_object();
    w.key_literal("plad").value(p.plad).key_literal("route").value(p.route).key_literal("text_name").value(p.text_name);
    w.end_object();
  }
  w.end_array().key_literal("collectives").begin_array();
  for (const post::Collective& c : *collectives) {
    w.begin_object().key_literal("plad").value(c.plad).key_literal("route").value(c.route);
    w.key_literal("members").begin_array();
    for (const std::string& m : c.members) w.value(m);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  send_json(res, 200, std::move(out));
}

// GET /api/tags?prefix=PR: TAGS of the shipped list starting with the
// prefix (case-insensitive), at most 50, for completion.
void tags(State&, Handle&, const Caller&, const Request& req, Response& res) {
  std::string prefix = param(req, "prefix");
  if (prefix.size() > 64) return send_error(res, {400, "bad_request", "the prefix is too long", ""});
  for (char& c : prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string_view tsv = post::shipped_file("tags.tsv").value_or("");
  std::string out;
  json::Writer w(out);
  w.begin_object().key_literal("tags").begin_array();
  std::size_t shown = 0;
  std::size_t at = tsv.find('\n');  // the header line
  while (at != std::string_view::npos && at + 1 < tsv.size() && shown < 50) {
    const std::size_t start = at + 1;
    at = tsv.find('\n', start);
    const std::string_view line = tsv.substr(start, at == std::string_view::npos ? tsv.npos : at - start);
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) continue;
    const std::string_view tag = line.substr(0, t1);
    if (tag.substr(0, prefix.size()) != prefix) continue;
    w.begin_object().key_literal("tag").value(tag);
    w.key_literal("kind").value(line.substr(t1 + 1, t2 - t1 - 1));
    w.key_literal("meaning").value(line.substr(t2 + 1));
    w.end_object();
    ++shown;
  }
  w.end_array().end_object();
  send_json(res, 200, std::move(out));
}

// The draft of the path, when it belongs to the caller (another's draft is
// answered as absent).
Result<compose::Draft> own_draft(Handle& h, const Caller& caller, const Request& req, HttpError& error) {
  Result<std::optional<compose::Draft>> d = h.office.draft(path_part(req));
  if (!d) {
    error = http_error(d.error());
    return d.error();
  }
  if (!*d || (*d)->author != caller.user->name) {
    error = {404, "not_found", "no such draft", ""};
    return Error{.code = Errc::kNotFound, .message = error.message};
  }
  return std::move(**d);
}

void send_draft_json(Handle& h, Response& res, int status, const compose::Draft& draft) {
  Result<std::vector<compose::Problem>> problems = h.office.check(draft);
  if (!problems) return send_error(res, http_error(problems.error()));
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("draft").encoded(compose::to_json(draft));
  w.key_literal("problems");
  write_problems(w, *problems);
  w.end_object();
  send_json(res, status, std::move(out));
}

// The draft of a request body, its author the caller.
Result<compose::Draft> body_draft(const Caller& caller, const Request& req, HttpError& error) {
  Result<compose::Draft> d = compose::draft_from_json(req.body);
  if (!d) {
    error = {400, "bad_request", d.error().message, ""};
    return d.error();
  }
  d->author = caller.user->name;
  return d;
}

void list_drafts(State&, Handle& h, const Caller& caller, const Request&, Response& res) {
  Result<std::vector<compose::Draft>> all = h.office.drafts(caller.user->name);
  if (!all) return send_error(res, http_error(all.error()));
  std::string out;
  json::Writer w(out);
  w.begin_object().key_literal("drafts").begin_array();
  for (const compose::Draft& d : *all) w.encoded(compose::to_json(d));
  w.end_array().end_object();
  send_json(res, 200, std::move(out));
}

void create_draft(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  HttpError error;
  Result<compose::Draft> d = body_draft(caller, req, error);
  if (!d) return send_error(res, error);
  d->id.clear();
  Result<compose::Draft> saved = h.office.save_draft(std::move(d).value());
  if (!saved) return send_error(res, http_error(saved.error()));
  send_draft_json(h, res, 201, *saved);
}

void get_draft(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  HttpError error;
  Result<compose::Draft> d = own_draft(h, caller, req, error);
  if (!d) return send_error(res, error);
  send_draft_json(h, res, 200, *d);
}

void update_draft(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  HttpError error;
  Result<compose::Draft> old = own_draft(h, caller, req, error);
  if (!old) return send_error(res, error);
  Result<compose::Draft> d = body_draft(caller, req, error);
  if (!d) return send_error(res, error);
  d->id = old->id;
  Result<compose::Draft> saved = h.office.save_draft(std::move(d).value());
  if (!saved) return send_error(res, http_error(saved.error()));
  send_draft_json(h, res, 200, *saved);
}

void discard_draft(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  HttpError error;
  Result<compose::Draft> d = own_draft(h, caller, req, error);
  if (!d) return send_error(res, error);
  if (Result<void> r = h.office.discard_draft(d->id); !r) return send_error(res, http_error(r.error()));
  res.status = 204;
}

// POST /api/drafts/check: the problems of a draft in the body, not saved
// (the compose page's live validation).
void check_draft(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  HttpError error;
  Result<compose::Draft> d = body_draft(caller, req, error);
  if (!d) return send_error(res, error);
  Result<std::vector<compose::Problem>> problems = h.office.check(*d);
  if (!problems) return send_error(res, http_error(problems.error()));
  std::string out;
  json::Writer w(out);
  w.begin_object().key_literal("problems");
  write_problems(w, *problems);
  w.end_object();
  send_json(res, 200, std::move(out));
}

void send_draft(State& state, Handle& h, const Caller& caller, const Request& req, Response& res) {
  HttpError error;
  Result<compose::Draft> d = own_draft(h, caller, req, error);
  if (!d) return send_error(res, error);
  Result<post::Sent> sent = h.office.send(*d, *caller.user);
  if (!sent) {
    HttpError e = http_error(sent.error());
    if (sent.error().code == Errc::kInvalidInput) {
      // The problems, listed for the compose page.
      Result<std::vector<compose::Problem>> problems = h.office.check(*d);
      if (problems) {
        std::string extra = "\"problems\":";
        json::Writer w(extra);
        write_problems(w, *problems);
        e.extra = std::move(extra);
      }
    }
    return send_error(res, e);
  }
  (void)h.office.discard_draft(d->id);
  // Searchable before the answer goes out.
  {
    std::lock_guard lock(state.indexer_mu);
    if (state.indexer) {
      if (Result<void> r = state.indexer->catch_up(); !r) (void)http_error(r.error());  // logged; the cable is filed
    }
  }
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("id").value(sent->id);
  w.key_literal("serial").value(sent->serial);
  w.key_literal("dtg").value(sent->dtg);
  w.key_literal("delivered_to").begin_array();
  for (const std::string& p : sent->delivered_to) w.value(p);
  w.end_array();
  w.key_literal("warnings");
  write_problems(w, sent->warnings);
  w.end_object();
  send_json(res, 201, std::move(out));
}

void inbox(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  post::InboxQuery q;
  const auto limit = int_param(req, "limit", 100, 1, 500);
  const auto offset = int_param(req, "offset", 0, 0, 1'000'000);
  const auto unread = int_param(req, "unread", 0, 0, 1);
  if (!limit || !offset || !unread) return send_error(res, {400, "bad_request", "limit 1-500, offset, unread 0/1", ""});
  q.limit = static_cast<std::size_t>(*limit);
  q.offset = static_cast<std::size_t>(*offset);
  q.unread_only = *unread == 1;
  Result<std::vector<post::InboxEntry>> entries = h.office.inbox(*caller.user, q, caller.viewer);
  if (!entries) return send_error(res, http_error(entries.error()));
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("post").value(caller.user->post);
  w.key_literal("entries").begin_array();
  for (const post::InboxEntry& e : *entries) {
    w.begin_object();
    w.key_literal("entry").value(e.entry);
    w.key_literal("post").value(e.post);
    w.key_literal("id").value(e.cable_id);
    w.key_literal("origin").value(e.origin);
    w.key_literal("precedence").value(e.precedence);
    w.key_literal("delivered").value(e.delivered);
    w.key_literal("action").value(e.action);
    w.key_literal("read").value(e.read);
    w.key_literal("withheld").value(e.withheld);
    w.key_literal("classification").value(e.classification);
    w.key_literal("subject").value(e.subject);
    w.key_literal("from").value(e.from);
    w.end_object();
  }
  w.end_array().end_object();
  send_json(res, 200, std::move(out));
}

void mark_read(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  const std::string entry = path_part(req);
  std::int64_t n = 0;
  try {
    n = std::stoll(entry);
  } catch (const std::exception&) {
    return send_error(res, {404, "not_found", "no such inbox entry", ""});
  }
  const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  bool read = true;
  if (body.is_object() && body.contains("read")) {
    if (!body["read"].is_boolean()) return send_error(res, {400, "bad_request", "read is true or false", ""});
    read = body["read"].get<bool>();
  }
  if (Result<void> r = h.office.mark_read(*caller.user, n, read); !r) return send_error(res, http_error(r.error()));
  res.status = 204;
}

}  // namespace

void add_post_routes(httplib::Server& http, State& state) {
  // Drafting and sending: officers (and admins).
  const Who kOfficer{.signed_in = true, .roles = {users::Role::kOfficer, users::Role::kAdmin}};
  add_route(http, state, "GET", "/api/directory", kSignedIn, directory);
  add_route(http, state, "GET", "/api/tags", kSignedIn, tags);
  add_route(http, state, "GET", "/api/drafts", kOfficer, list_drafts);
  add_route(http, state, "POST", "/api/drafts", kOfficer, create_draft);
  add_route(http, state, "POST", "/api/drafts/check", kOfficer, check_draft);
  add_route(http, state, "GET", R"(/api/drafts/([A-Za-z0-9_-]+))", kOfficer, get_draft);
  add_route(http, state, "PUT", R"(/api/drafts/([A-Za-z0-9_-]+))", kOfficer, update_draft);
  add_route(http, state, "DELETE", R"(/api/drafts/([A-Za-z0-9_-]+))", kOfficer, discard_draft);
  add_route(http, state, "POST", R"(/api/drafts/([A-Za-z0-9_-]+)/send)", kOfficer, send_draft);
  add_route(http, state, "GET", "/api/inbox", kSignedIn, inbox);
  add_route(http, state, "POST", R"(/api/inbox/([0-9]+)/read)", kSignedIn, mark_read);
}

}  // namespace chancery::server
