// The data files shipped inside chancery (cmake/EmbedFiles.cmake writes
// their bytes into the library at build time): routing-indicators.tsv, the
// directory's seed, and tags.tsv, the TAGS list validation checks against.
// Shipping them in the binary means an installed chancery needs no data
// directory and cannot read a stale copy.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace chancery::post {

struct Asset {
  std::string_view name;  // the file name, "tags.tsv"
  std::string_view data;  // its bytes
};

// Every shipped file (generated source).
std::span<const Asset> shipped_files();

// The bytes of the shipped file of that name; nullopt when there is none.
inline std::optional<std::string_view> shipped_file(std::string_view name) {
  for (const Asset& a : shipped_files()) {
    if (a.name == name) return a.data;
  }
  return std::nullopt;
}

}  // namespace chancery::post
