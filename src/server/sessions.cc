#include "server/sessions.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <array>
#include <vector>

namespace chancery::server {
namespace {

// Past this many sessions or throttle keys, expired ones are swept at once
// (memory stays bounded however many sign-ins arrive).
constexpr std::size_t kSweepAbove = 10'000;

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string hash_of(std::string_view token) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

std::string random_token() {
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe to do
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return base64url(bytes.data(), bytes.size());
}

SessionStore::SessionStore(const SessionPolicy& policy, Now now)
    : policy_(policy), now_(std::move(now)), last_sweep_(now_()) {}

Session SessionStore::create(const std::string& user) {
  const Clock::time_point now = now_();
  Session s{.token = random_token(), .csrf = random_token(), .user = user, .created = now, .last_seen = now};
  std::lock_guard lock(mu_);
  sweep(now);
  Session stored = s;
  stored.token.clear();
  by_hash_.emplace(hash_of(s.token), std::move(stored));
  return s;
}

std::optional<Session> SessionStore::touch(std::string_view token) {
  if (token.empty() || token.size() > 64) return std::nullopt;
  const Clock::time_point now = now_();
  std::lock_guard lock(mu_);
  auto it = by_hash_.find(hash_of(token));
  if (it == by_hash_.end()) return std::nullopt;
  Session& s = it->second;
  if (now - s.last_seen >= policy_.idle || now - s.created >= policy_.absolute) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  s.last_seen = now;
  return s;
}

void SessionStore::end(std::string_view token) {
  std::lock_guard lock(mu_);
  by_hash_.erase(hash_of(token));
}

void SessionStore::end_user(std::string_view user) {
  std::lock_guard lock(mu_);
  std::erase_if(by_hash_, [&](const auto& kv) { return kv.second.user == user; });
}

std::size_t SessionStore::size() {
  std::lock_guard lock(mu_);
  return by_hash_.size();
}

bool SessionStore::csrf_matches(const Session& session, std::string_view presented) {
  if (session.csrf.empty() || presented.size() != session.csrf.size()) return false;
  return sodium_memcmp(session.csrf.data(), presented.data(), presented.size()) == 0;
}

void SessionStore::sweep(Clock::time_point now) {
  if (by_hash_.size() < kSweepAbove && now - last_sweep_ < std::chrono::minutes(1)) return;
  last_sweep_ = now;
  std::erase_if(by_hash_, [&](const auto& kv) {
    return now - kv.second.last_seen >= policy_.idle || now - kv.second.created >= policy_.absolute;
  });
}

LoginThrottle::LoginThrottle(const SessionPolicy& policy, Now now) : policy_(policy), now_(std::move(now)) {}

std::chrono::seconds LoginThrottle::wait_of(Failures& failures, unsigned limit, Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= policy_.window) failures.pop_front();
  if (failures.size() < limit) return std::chrono::seconds(0);
  // The oldest failure that still counts leaves the window at:
  const auto left = failures[failures.size() - limit] + policy_.window - now;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(left));
}

std::chrono::seconds LoginThrottle::wait(std::string_view account, std::string_view address) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mu_);
  std::chrono::seconds w(0);
  if (auto it = accounts_.find(std::string(account.substr(0, 128))); it != accounts_.end())
    w = std::max(w, wait_of(it->second, policy_.failures_per_account, now));
  if (auto it = addresses_.find(std::string(address.substr(0, 64))); it != addresses_.end())
    w = std::max(w, wait_of(it->second, policy_.failures_per_address, now));
  return w;
}

void LoginThrottle::failed(std::string_view account, std::string_view address) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mu_);
  trim(now);
  // Keys are bounded in length: a hostile name cannot grow the table's memory.
  accounts_[std::string(account.substr(0, 128))].push_back(now);
  addresses_[std::string(address.substr(0, 64))].push_back(now);
}

void LoginThrottle::succeeded(std::string_view account) {
  std::lock_guard lock(mu_);
  accounts_.erase(std::string(account.substr(0, 128)));
}

void LoginThrottle::trim(Clock::time_point now) {
  for (auto* table : {&accounts_, &addresses_}) {
    if (table->size() < kSweepAbove) continue;
    for (auto it = table->begin(); it != table->end();) {
      Failures& f = it->second;
      while (!f.empty() && now - f.front() >= policy_.window) f.pop_front();
      it = f.empty() ? table->erase(it) : std::next(it);
    }
  }
}

}  // namespace chancery::server
