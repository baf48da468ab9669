#include "server/json_views.h"

#include "chancery/cable.h"

namespace chancery::server {
namespace {

std::string_view kind_name(access::Portion::Kind kind) {
  switch (kind) {
    case access::Portion::Kind::kSubject: return "subject";
    case access::Portion::Kind::kParagraph: return "paragraph";
    case access::Portion::Kind::kText: return "text";
  }
  return "text";
}

void write_ref_list(json::Writer& w, std::string_view name, const std::vector<archive::RefEntry>& refs) {
  w.key(name).begin_array();
  for (const archive::RefEntry& r : refs) {
    w.begin_object();
    w.key_literal("id").value(r.id);
    w.key_literal("origin").value(r.origin);
    w.key_literal("subject").value(r.subject);
    w.key_literal("created").value(r.created);
    w.key_literal("text").value(r.text);
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string snippet_html(std::string_view snippet) {
  std::string out;
  out.reserve(snippet.size() + 32);
  for (const char c : snippet) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\x01': out += "<mark>"; break;
      case '\x02': out += "</mark>"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out.push_back(c);
    }
  }
  return out;
}

void write_user(json::Writer& w, const users::User& user) {
  w.begin_object();
  w.key_literal("name").value(user.name);
  w.key_literal("role").value(users::role_name(user.role));
  w.key_literal("clearance").value(access::level_name(user.clearance));
  w.key_literal("nationality").value(user.nationality);
  w.key_literal("groups").begin_array();
  for (const std::string& g : user.groups) w.value(g);
  w.end_array();
  w.key_literal("post").value(user.post);
  w.key_literal("disabled").value(user.disabled);
  w.key_literal("created").value(user.created);
  w.end_object();
}

void write_hit(json::Writer& w, const archive::SearchHit& hit) {
  w.begin_object();
  w.key_literal("id").value(hit.id);
  w.key_literal("origin").value(hit.origin);
  w.key_literal("created").value(hit.created);
  w.key_literal("classification").value(hit.classification);
  if (hit.subject_withheld) {
    w.key_literal("subject").null();
  } else {
    w.key_literal("subject").value(hit.subject);
  }
  w.key_literal("subject_withheld").value(hit.subject_withheld);
  w.key_literal("tags").begin_array();
  for (const std::string& t : hit.tags) w.value(t);
  w.end_array();
  w.key_literal("score").value(hit.score);
  w.key_literal("snippet").value(snippet_html(hit.snippet));
  w.end_object();
}

void write_facets(json::Writer& w, const std::vector<archive::Facet>& facets) {
  w.begin_object();
  for (const archive::Facet& f : facets) {
    w.key(f.name).begin_array();
    for (const auto& [value, count] : f.values) {
      w.begin_array().value(value).value(static_cast<std::int64_t>(count)).end_array();
    }
    w.end_array();
  }
  w.end_object();
}

void write_versions(json::Writer& w, const std::vector<archive::VersionInfo>& versions) {
  w.begin_array();
  for (const archive::VersionInfo& v : versions) {
    w.begin_object();
    w.key_literal("version").value(v.version);
    w.key_literal("digest").value(v.digest);
    w.key_literal("ingested").value(v.ingested);
    w.key_literal("source").value(v.source);
    w.key_literal("format").value(v.format);
    w.end_object();
  }
  w.end_array();
}

void write_cable(json::Writer& w, const archive::StoredCable& cable) {
  w.begin_object();
  w.key_literal("key").value(cable.key);
  w.key_literal("id").value(cable.record.id);
  w.key_literal("origin").value(cable.record.origin);
  w.key_literal("version").value(cable.version);
  w.key_literal("versions");
  write_versions(w, cable.versions);
  w.key_literal("overall").value(cable.overall);
  w.key_literal("redacted").value(cable.redacted);
  w.key_literal("record").encoded(to_json(cable.record));
  w.key_literal("portions").begin_array();
  for (const archive::PortionView& p : cable.portions) {
    w.begin_object();
    w.key_literal("kind").value(kind_name(p.kind));
    w.key_literal("number").value(p.number);
    w.key_literal("marking").value(p.marking);
    w.key_literal("inherited").value(p.inherited);
    w.key_literal("withheld").value(p.withheld);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_refs(json::Writer& w, const archive::RefGraph& graph) {
  w.begin_object();
  w.key_literal("id").value(graph.id);
  w.key_literal("origin").value(graph.origin);
  write_ref_list(w, "cites", graph.cites);
  write_ref_list(w, "cited_by", graph.cited_by);
  write_ref_list(w, "missing", graph.missing);
  write_ref_list(w, "series", graph.series);
  w.end_object();
}

void write_counts(json::Writer& w, std::string_view name,
                  const std::vector<std::pair<std::string, std::uint64_t>>& counts) {
  w.key(name).begin_array();
  for (const auto& [k, n] : counts) w.begin_array().value(k).value(static_cast<std::int64_t>(n)).end_array();
  w.end_array();
}

void write_entry(json::Writer& w, const audit::Entry& e) {
  w.begin_object();
  w.key_literal("seq").value(e.seq);
  w.key_literal("time").value(e.time);
  w.key_literal("reader").value(e.reader);
  w.key_literal("action").value(e.action);
  w.key_literal("target").value(e.target);
  w.key_literal("portions").value(e.portions);
  w.key_literal("hash").value(e.hash);
  w.end_object();
}

}  // namespace chancery::server
