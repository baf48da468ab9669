// What an Archive holds: the store connection, the index (opened when first
// searched) and the facet columns (loaded when first counted).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include <xapian.h>

#include "archive/facets.h"
#include "chancery/archive.h"
#include "store/store.h"

namespace chancery::archive {

struct Archive::Impl {
  Impl(std::filesystem::path d, store::Store s) : dir(std::move(d)), store(std::move(s)) {}

  std::filesystem::path dir;
  store::Store store;
  bool read_only = false;
  unsigned shards = 2;
  std::optional<Xapian::Database> reader;
  std::int64_t reader_seq = -1;  // store max_seq when `reader` and `columns` were loaded
  std::unique_ptr<FacetColumns> columns;

  std::filesystem::path index_dir() const { return dir / "index"; }
  // The index for reading, reopened when the store moved on since.
  Result<Xapian::Database*> index();
  Result<const FacetColumns*> facet_columns();
  // Brings the index up to the store (what a crash left behind).
  Result<void> catch_up();
};

std::filesystem::path store_path(const std::filesystem::path& dir);

}  // namespace chancery::archive
