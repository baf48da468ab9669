// Search answers kept for readers who ask the same again.
//
// A public archive is asked the same popular queries all day. An answer is
// kept under everything that decides it: the archive's generation (any
// cable filed changes it), the declassification date, what the viewer may
// see (clearance, nationality, groups, reading room: not its name, so that
// readers of one standing share answers) and the request's parameters. A
// reader never gets an answer made for a different standing. Serving a kept
// answer that disclosed classified text appends its audit entry again
// (Archive::record_disclosure), so the audit log misses no read.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "chancery/access.h"

namespace chancery::server {

struct CachedAnswer {
  std::string body;       // the JSON sent
  std::string disclosed;  // SearchResult::disclosed ("" when nothing classified)
};

class ResultCache {
 public:
  ResultCache(std::size_t entries, std::size_t bytes) : max_entries_(entries), max_bytes_(bytes) {}

  // The key of an answer; `request` is the request's parameters in a
  // canonical order.
  static std::string key(std::int64_t generation, const std::string& as_of, const access::Reader& reader,
                         const std::string& request);

  std::shared_ptr<const CachedAnswer> find(const std::string& key);
  void put(const std::string& key, CachedAnswer answer);

  // One search per key at a time: when many readers ask a new popular query
  // at once, one computes it and the others wait for its answer instead of
  // all computing it. claim() waits while another thread computes `key`;
  // true when the caller is to compute it (and then release() it, after
  // put() or on failure), false when an answer arrived meanwhile (find()).
  bool claim(const std::string& key);
  void release(const std::string& key);
  bool enabled() const { return max_entries_ > 0; }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CachedAnswer>>;

  std::size_t max_entries_;
  std::size_t max_bytes_;
  std::mutex mu_;
  std::size_t bytes_ = 0;                                           // GUARDED_BY(mu_)
  std::list<Entry> lru_;                                            // GUARDED_BY(mu_), most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> at_;  // GUARDED_BY(mu_)
  std::unordered_set<std::string> computing_;                       // GUARDED_BY(mu_)
  std::condition_variable computed_;
};

}  // namespace chancery::server
