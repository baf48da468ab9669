// The reading API: search, timeline, cables, versions, diffs, references,
// the reference graph and statistics. Everything is read for the caller's
// viewer: the library decides what it may see.

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>

#include "chancery/search.h"
#include "core/json_writer.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace chancery::server {
namespace {

using httplib::Request;
using httplib::Response;

constexpr std::size_t kMaxQueryBytes = 4096;
constexpr std::size_t kMaxGraphNodes = 200;

HttpError bad_request(std::string message) { return {400, "bad_request", std::move(message), ""}; }

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' ||
           c == '.';
  });
}

// The query of `q`, refused when too long.
bool query_of(const Request& req, std::string& query, Response& res) {
  query = param(req, "q");
  if (query.size() <= kMaxQueryBytes) return true;
  send_error(res, bad_request("the query is longer than 4096 bytes"));
  return false;
}

// Answers `r` from the cache or the archive, keeping new answers.
// Serves a kept answer: the same disclosure again, audited again or not
// served at all.
void serve_kept(Handle& h, const Caller& caller, const archive::SearchRequest& r, const CachedAnswer& kept,
                Response& res) {
  if (!kept.disclosed.empty()) {
    if (Result<void> a = h.archive.record_disclosure(caller.viewer, "search", r.query, kept.disclosed); !a)
      return send_error(res, http_error(a.error()));
  }
  send_json(res, 200, kept.body);
}

// Answers `r` from the cache or the archive, keeping new answers.
void answer_search(State& state, Handle& h, const Caller& caller, const archive::SearchRequest& r,
                   const std::string& canonical, Response& res,
                   std::string (*to_json)(const archive::SearchRequest&, const archive::SearchResult&)) {
  std::string key;
  bool claimed = false;
  if (state.cache.enabled()) {
    Result<std::int64_t> generation = h.archive.generation();
    if (!generation) return send_error(res, http_error(generation.error()));
    const std::string as_of = caller.viewer.as_of.empty() ? access::today() : caller.viewer.as_of;
    key = ResultCache::key(*generation, as_of, caller.viewer.reader, canonical);
    if (std::shared_ptr<const CachedAnswer> kept = state.cache.find(key)) return serve_kept(h, caller, r, *kept, res);
    claimed = state.cache.claim(key);
    if (!claimed) {
      if (std::shared_ptr<const CachedAnswer> kept = state.cache.find(key))
        return serve_kept(h, caller, r, *kept, res);
    }
  }
  Result<archive::SearchResult> result = h.archive.search(r, caller.viewer);
  std::string body;
  if (result) {
    body = to_json(r, *result);
    if (claimed) state.cache.put(key, CachedAnswer{body, result->disclosed});
  }
  if (claimed) state.cache.release(key);
  if (!result) return send_error(res, http_error(result.error()));
  send_json(res, 200, std::move(body));
}

std::string search_json(const archive::SearchRequest& r, const archive::SearchResult& result) {
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("query").value(r.query);
  w.key_literal("total").value(static_cast<std::int64_t>(result.total));
  w.key_literal("total_exact").value(result.total_exact);
  w.key_literal("offset").value(static_cast<std::int64_t>(r.offset));
  w.key_literal("limit").value(static_cast<std::int64_t>(r.limit));
  w.key_literal("hits").begin_array();
  for (const archive::SearchHit& hit : result.hits) write_hit(w, hit);
  w.end_array();
  w.key_literal("facets");
  write_facets(w, result.facets);
  w.end_object();
  return out;
}

std::string timeline_json(const archive::SearchRequest& r, const archive::SearchResult& result) {
  std::vector<std::pair<std::string, std::uint64_t>> months;
  if (!result.facets.empty()) months = result.facets.front().values;
  std::sort(months.begin(), months.end());
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("query").value(r.query);
  w.key_literal("total").value(static_cast<std::int64_t>(result.total));
  write_counts(w, "months", months);
  w.end_object();
  return out;
}

// The request's parameters in one canonical form (the cache's key); the
// query goes last, after its length, so that no query can imitate others.
std::string canonical(const archive::SearchRequest& r, std::string_view what) {
  std::string c(what);
  c += '|' + std::to_string(static_cast<int>(r.sort)) + '|' + std::to_string(r.offset) + '|' +
       std::to_string(r.limit) + '|' + std::to_string(r.facet_limit) + '|' + (r.snippets ? "s" : "-") + '|';
  for (const std::string& f : r.facets) c += f + ',';
  c += '|' + std::to_string(r.query.size()) + ':' + r.query;
  return c;
}

void search(State& state, Handle& h, const Caller& caller, const Request& req, Response& res) {
  archive::SearchRequest r;
  if (!query_of(req, r.query, res)) return;
  const std::string sort = param(req, "sort");
  if (sort.empty() || sort == "relevance") {
    r.sort = archive::SortOrder::kRelevance;
  } else if (sort == "newest") {
    r.sort = archive::SortOrder::kNewest;
  } else if (sort == "oldest") {
    r.sort = archive::SortOrder::kOldest;
  } else {
    return send_error(res, bad_request("sort must be relevance, newest or oldest"));
  }
  const auto offset = int_param(req, "offset", 0, 0, 100'000);
  const auto limit = int_param(req, "limit", 20, 1, 100);
  const auto facet_limit = int_param(req, "facet_limit", 10, 1, 1000);
  const auto snippets = int_param(req, "snippets", 1, 0, 1);
  if (!offset || !limit || !facet_limit || !snippets)
    return send_error(res, bad_request("offset is 0-100000, limit 1-100, facet_limit 1-1000, snippets 0 or 1"));
  r.offset = static_cast<std::uint32_t>(*offset);
  r.limit = static_cast<std::uint32_t>(*limit);
  r.facet_limit = static_cast<std::uint32_t>(*facet_limit);
  r.snippets = *snippets == 1;
  r.highlight_open = std::string(kMarkOpen);
  r.highlight_close = std::string(kMarkClose);
  const std::string facets = param(req, "facets");
  for (std::size_t start = 0; start < facets.size();) {
    std::size_t end = facets.find(',', start);
    if (end == std::string::npos) end = facets.size();
    const std::string f = facets.substr(start, end - start);
    if (f != "tag" && f != "origin" && f != "year" && f != "class" && f != "month")
      return send_error(res, bad_request("facets are tag, origin, year, class and month"));
    if (std::find(r.facets.begin(), r.facets.end(), f) == r.facets.end()) r.facets.push_back(f);
    start = end + 1;
  }
  answer_search(state, h, caller, r, canonical(r, "search"), res, search_json);
}

void timeline(State& state, Handle& h, const Caller& caller, const Request& req, Response& res) {
  archive::SearchRequest r;
  if (!query_of(req, r.query, res)) return;
  r.limit = 0;
  r.snippets = false;
  r.facets = {"month"};
  r.facet_limit = 0;
  answer_search(state, h, caller, r, canonical(r, "timeline"), res, timeline_json);
}

void stats(State&, Handle& h, const Caller& caller, const Request&, Response& res) {
  Result<archive::Stats> s = h.archive.stats(caller.viewer);
  if (!s) return send_error(res, http_error(s.error()));
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("cables").value(static_cast<std::int64_t>(s->cables));
  w.key_literal("versions").value(static_cast<std::int64_t>(s->versions));
  write_counts(w, "by_year", s->by_year);
  write_counts(w, "by_origin", s->by_origin);
  write_counts(w, "by_classification", s->by_classification);
  write_counts(w, "by_tag", s->by_tag);
  w.end_object();
  send_json(res, 200, std::move(out));
}

// The cable id of the path and its `origin` parameter; false (answered)
// when the id cannot be one.
bool cable_of(const Request& req, Response& res, std::string& id, std::optional<std::string>& origin) {
  id = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  if (!valid_id(id)) {
    send_error(res, {404, "not_found", "no such cable", ""});
    return false;
  }
  if (req.has_param("origin")) {
    origin = req.get_param_value("origin");
    if (origin->size() > 200) {
      send_error(res, bad_request("origin is too long"));
      return false;
    }
  }
  return true;
}

// A library error about one cable; a conflict lists the origins the caller
// may see, so that it can choose.
void send_cable_error(Handle& h, const Caller& caller, std::string_view id, const Error& error, Response& res) {
  HttpError e = http_error(error);
  if (error.code == Errc::kConflict) {
    Result<std::vector<archive::StoredCable>> all = h.archive.find(id, caller.viewer);
    std::string extra = "\"origins\":";
    json::Writer w(extra);
    w.begin_array();
    if (all) {
      for (const archive::StoredCable& c : *all) w.value(c.record.origin);
    }
    w.end_array();
    e.extra = std::move(extra);
  }
  send_error(res, e);
}

void cable(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  std::string id;
  std::optional<std::string> origin;
  if (!cable_of(req, res, id, origin)) return;
  const auto version = int_param(req, "version", 0, 1, 1'000'000);
  if (!version) return send_error(res, bad_request("version is a number from 1"));
  std::optional<int> v;
  if (*version > 0) v = static_cast<int>(*version);
  Result<archive::StoredCable> c = h.archive.get(id, origin, v, false, caller.viewer);
  if (!c) return send_cable_error(h, caller, id, c.error(), res);
  std::string out;
  json::Writer w(out);
  write_cable(w, *c);
  send_json(res, 200, std::move(out));
}

void versions(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  std::string id;
  std::optional<std::string> origin;
  if (!cable_of(req, res, id, origin)) return;
  Result<archive::StoredCable> c = h.archive.get(id, origin, std::nullopt, false, caller.viewer);
  if (!c) return send_cable_error(h, caller, id, c.error(), res);
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("id").value(c->record.id);
  w.key_literal("origin").value(c->record.origin);
  w.key_literal("versions");
  write_versions(w, c->versions);
  w.end_object();
  send_json(res, 200, std::move(out));
}

void diff(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  std::string id;
  std::optional<std::string> origin;
  if (!cable_of(req, res, id, origin)) return;
  const auto from = int_param(req, "from", 0, 1, 1'000'000);
  const auto to = int_param(req, "to", 0, 1, 1'000'000);
  if (!from || !to || *from == 0 || *to == 0) return send_error(res, bad_request("from and to are version numbers"));
  Result<std::string> d = h.archive.diff(id, origin, static_cast<int>(*from), static_cast<int>(*to), caller.viewer);
  if (!d) return send_cable_error(h, caller, id, d.error(), res);
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("id").value(id);
  w.key_literal("origin").value(origin);
  w.key_literal("from").value(static_cast<std::int64_t>(*from));
  w.key_literal("to").value(static_cast<std::int64_t>(*to));
  w.key_literal("diff").value(*d);
  w.end_object();
  send_json(res, 200, std::move(out));
}

void refs(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  std::string id;
  std::optional<std::string> origin;
  if (!cable_of(req, res, id, origin)) return;
  Result<archive::RefGraph> g = h.archive.refs(id, origin, caller.viewer);
  if (!g) return send_cable_error(h, caller, id, g.error(), res);
  std::string out;
  json::Writer w(out);
  write_refs(w, *g);
  send_json(res, 200, std::move(out));
}

// The reference graph around a cable: breadth first over cites and cited-by,
// `depth` steps out, at most kMaxGraphNodes nodes.
void graph(State&, Handle& h, const Caller& caller, const Request& req, Response& res) {
  std::string id;
  std::optional<std::string> origin;
  if (!cable_of(req, res, id, origin)) return;
  const auto depth = int_param(req, "depth", 1, 1, 2);
  if (!depth) return send_error(res, bad_request("depth is 1 or 2"));
  Result<archive::RefGraph> center = h.archive.refs(id, origin, caller.viewer);
  if (!center) return send_cable_error(h, caller, id, center.error(), res);

  struct Node {
    std::optional<std::string> origin, subject, created;
    bool missing = false;
  };
  std::vector<std::string> order;
  std::unordered_map<std::string, Node> nodes;
  std::set<std::pair<std::string, std::string>> edges;
  auto add_node = [&](const archive::RefEntry& e) {
    if (nodes.count(e.id) || nodes.size() >= kMaxGraphNodes) return nodes.count(e.id) > 0;
    nodes[e.id] = Node{e.origin, e.subject, e.created, !e.origin.has_value()};
    order.push_back(e.id);
    return true;
  };
  std::deque<std::pair<archive::RefGraph, int>> todo;
  nodes[center->id] = Node{center->origin, std::nullopt, std::nullopt, false};
  order.push_back(center->id);
  todo.emplace_back(std::move(center).value(), 1);
  while (!todo.empty()) {
    const auto [g, level] = std::move(todo.front());
    todo.pop_front();
    std::vector<std::string> next;
    for (const auto* list : {&g.cites, &g.missing}) {
      for (const archive::RefEntry& e : *list) {
        if (e.id == g.id || !add_node(e)) continue;
        edges.emplace(g.id, e.id);
        if (e.origin) next.push_back(e.id);
      }
    }
    for (const archive::RefEntry& e : g.cited_by) {
      if (e.id == g.id || !add_node(e)) continue;
      edges.emplace(e.id, g.id);
      next.push_back(e.id);
    }
    if (level >= *depth) continue;
    for (const std::string& n : next) {
      if (nodes.size() >= kMaxGraphNodes) break;
      Result<archive::RefGraph> more = h.archive.refs(n, nodes[n].origin, caller.viewer);
      if (more) todo.emplace_back(std::move(more).value(), level + 1);
    }
  }
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key_literal("center").value(order.front());
  w.key_literal("nodes").begin_array();
  for (const std::string& n : order) {
    const Node& node = nodes[n];
    w.begin_object();
    w.key_literal("id").value(n);
    w.key_literal("origin").value(node.origin);
    w.key_literal("subject").value(node.subject);
    w.key_literal("created").value(node.created);
    w.key_literal("missing").value(node.missing);
    w.end_object();
  }
  w.end_array();
  w.key_literal("edges").begin_array();
  for (const auto& [from, to] : edges) {
    if (!nodes.count(from) || !nodes.count(to)) continue;
    w.begin_object().key_literal("from").value(from).key_literal("to").value(to).end_object();
  }
  w.end_array();
  w.end_object();
  send_json(res, 200, std::move(out));
}

}  // namespace

void add_read_routes(httplib::Server& http, State& state) {
  add_route(http, state, "GET", "/api/search", kAnyCaller, search);
  add_route(http, state, "GET", "/api/timeline", kAnyCaller, timeline);
  add_route(http, state, "GET", "/api/stats", kAnyCaller, stats);
  add_route(http, state, "GET", R"(/api/cables/([^/]+))", kAnyCaller, cable);
  add_route(http, state, "GET", R"(/api/cables/([^/]+)/versions)", kAnyCaller, versions);
  add_route(http, state, "GET", R"(/api/cables/([^/]+)/diff)", kAnyCaller, diff);
  add_route(http, state, "GET", R"(/api/cables/([^/]+)/refs)", kAnyCaller, refs);
  add_route(http, state, "GET", R"(/api/cables/([^/]+)/graph)", kAnyCaller, graph);
}

}  // namespace chancery::server
