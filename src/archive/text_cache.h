// The texts snippets were last cut from, most recently used kept, within a
// budget of bytes. Reading a hit's text means a store lookup, a zstd frame
// and a JSON string; searches return the same popular cables again and
// again, so an archive keeps the last few megabytes of them.
//
// Entries are the texts of the index's current versions: the archive clears
// the cache whenever it reopens the index on a store that moved on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chancery::archive {

class TextCache {
 public:
  explicit TextCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  // The text of (cable key, portions), or null; a hit becomes the most recent.
  const std::string* find(std::int64_t key, std::string_view portions) {
    auto it = index_.find(name(key, portions));
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->text;
  }

  void put(std::int64_t key, std::string_view portions, std::string text) {
    std::string n = name(key, portions);
    if (text.size() > budget_ / 4 || index_.count(n)) return;  // a huge text would empty the cache
    bytes_ += text.size() + n.size();
    entries_.push_front(Entry{n, std::move(text)});
    index_.emplace(std::move(n), entries_.begin());
    while (bytes_ > budget_ && !entries_.empty()) {
      const Entry& last = entries_.back();
      bytes_ -= last.text.size() + last.name.size();
      index_.erase(last.name);
      entries_.pop_back();
    }
  }

  void clear() {
    index_.clear();
    entries_.clear();
    bytes_ = 0;
  }

 private:
  struct Entry {
    std::string name;
    std::string text;
  };
  static std::string name(std::int64_t key, std::string_view portions) {
    std::string n = std::to_string(key);
    n.push_back('/');
    n.append(portions);
    return n;
  }

  std::size_t budget_;
  std::size_t bytes_ = 0;
  std::list<Entry> entries_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace chancery::archive
