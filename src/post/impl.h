// The post office's state: one connection to the archive's store.sqlite.
//
// Why one store::Store and not a connection of our own beside it: a send
// files the cable (store::Store::file) and writes its serial, control
// numbers and deliveries in ONE transaction, and a SQLite transaction
// belongs to a connection. So the post office opens a store::Store on the
// archive's file and runs its own statements on that Store's connection
// (Store::db()); the archive's tables and ours then commit together, and
// the store stays the only code that knows how a cable is filed.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chancery/archive.h"
#include "chancery/post_office.h"
#include "store/store.h"

namespace chancery::post {

// A cached statement in use: reset (its read snapshot released) when it goes.
class Query {
 public:
  explicit Query(store::Statement* s) : s_(s) {}
  Query(Query&& other) noexcept : s_(std::exchange(other.s_, nullptr)) {}
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() {
    if (s_ != nullptr) s_->reset();
  }
  store::Statement* operator->() const { return s_; }
  store::Statement& operator*() const { return *s_; }

 private:
  store::Statement* s_;
};

// Where a cable goes: one post, once, with its strongest terms.
struct Recipient {
  std::string post;  // PLAD
  int rank = 4;      // compose::precedence_rank (0 FLASH)
  bool action = false;
};

struct PostOffice::Impl {
  Impl(std::filesystem::path d, store::Store s, Clock c)
      : dir(std::move(d)), store(std::move(s)), clock(std::move(c)) {}

  std::filesystem::path dir;
  store::Store store;
  Clock clock;
  std::unordered_map<std::string, std::unique_ptr<store::Statement>> statements;
  std::mt19937_64 random{std::random_device{}()};

  std::chrono::system_clock::time_point now() const {
    return clock ? clock() : std::chrono::system_clock::now();
  }
  // A statement prepared once for the connection's life.
  Result<Query> query(std::string_view sql);
  // Rows changed by the last statement.
  std::int64_t changes();

  Result<std::optional<Post>> find_post(const std::string& plad);
  Result<std::optional<std::string>> collective_route(const std::string& plad);  // nullopt: none
  Result<std::vector<std::string>> members(const std::string& collective);
  Result<std::vector<std::string>> expand(const std::string& plad, const std::vector<std::string>& exempt);
  // The posts a draft reaches, in the order first reached: collectives
  // expanded, XMT members removed, each post once with action over
  // information and the highest precedence it is addressed with.
  Result<std::vector<Recipient>> recipients(const compose::Draft& draft);

  // One attempt at a send, in one transaction (send.cc).
  Result<Sent> send_once(const compose::Draft& draft, const users::User& sender,
                         std::vector<compose::Problem> warnings);
};

}  // namespace chancery::post
