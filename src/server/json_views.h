// The API's JSON (docs/api.md) for what the library returns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive.h"
#include "chancery/audit.h"
#include "chancery/search.h"
#include "chancery/users.h"
#include "core/json_writer.h"

namespace chancery::server {

// Snippets come from the library with these bytes around matched words;
// snippet_html() turns them into <mark> after escaping the text.
inline constexpr std::string_view kMarkOpen = "\x01";
inline constexpr std::string_view kMarkClose = "\x02";
// The text HTML-escaped, the marks as <mark></mark>, other control bytes dropped.
std::string snippet_html(std::string_view snippet);

void write_user(json::Writer& w, const users::User& user);
void write_hit(json::Writer& w, const archive::SearchHit& hit);
void write_facets(json::Writer& w, const std::vector<archive::Facet>& facets);
void write_versions(json::Writer& w, const std::vector<archive::VersionInfo>& versions);
void write_cable(json::Writer& w, const archive::StoredCable& cable);
void write_refs(json::Writer& w, const archive::RefGraph& graph);
void write_counts(json::Writer& w, std::string_view name,
                  const std::vector<std::pair<std::string, std::uint64_t>>& counts);
void write_entry(json::Writer& w, const audit::Entry& entry);

}  // namespace chancery::server
