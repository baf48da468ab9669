#include "server/result_cache.h"

#include <algorithm>
#include <vector>

namespace chancery::server {

std::string ResultCache::key(std::int64_t generation, const std::string& as_of, const access::Reader& reader,
                             const std::string& request) {
  std::vector<std::string> groups = reader.groups;
  std::sort(groups.begin(), groups.end());
  // Fields are separated by a byte that no parameter, name or date holds
  // once escaped (requests are kept percent-encoded by the caller).
  std::string k = std::to_string(generation);
  k += '\x1f';
  k += as_of;
  k += '\x1f';
  k += std::to_string(static_cast<int>(reader.clearance));
  k += '\x1f';
  k += reader.nationality;
  k += '\x1f';
  for (const std::string& g : groups) (k += g) += ',';
  k += '\x1f';
  k += reader.anonymous ? 'A' : '-';
  k += reader.everything ? 'E' : '-';
  k += '\x1f';
  k += request;
  return k;
}

std::shared_ptr<const CachedAnswer> ResultCache::find(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = at_.find(key);
  if (it == at_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void ResultCache::put(const std::string& key, CachedAnswer answer) {
  if (!enabled()) return;
  const std::size_t size = key.size() + answer.body.size() + answer.disclosed.size();
  if (size > max_bytes_ / 8) return;
  std::lock_guard lock(mu_);
  if (at_.count(key)) return;
  lru_.emplace_front(key, std::make_shared<const CachedAnswer>(std::move(answer)));
  at_.emplace(key, lru_.begin());
  bytes_ += size;
  while (!lru_.empty() && (lru_.size() > max_entries_ || bytes_ > max_bytes_)) {
    const Entry& last = lru_.back();
    bytes_ -= last.first.size() + last.second->body.size() + last.second->disclosed.size();
    at_.erase(last.first);
    lru_.pop_back();
  }
}

bool ResultCache::claim(const std::string& key) {
  std::unique_lock lock(mu_);
  computed_.wait(lock, [&] { return computing_.count(key) == 0; });
  if (at_.count(key)) return false;
  computing_.insert(key);
  return true;
}

void ResultCache::release(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    computing_.erase(key);
  }
  computed_.notify_all();
}

}  // namespace chancery::server
