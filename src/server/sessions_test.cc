// SessionStore and LoginThrottle on a clock the test moves: idle and
// absolute expiry, ending sessions, the CSRF comparison, tokens, and the
// sliding window of failed sign-ins per account and per address.

#include "server/sessions.h"

#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace chancery::server {
namespace {

using namespace std::chrono_literals;

// A clock that moves only when told.
struct FakeClock {
  Clock::time_point t = Clock::time_point{} + 1000h;
  Now now() {
    return [this] { return t; };
  }
};

SessionPolicy policy() {
  SessionPolicy p;
  p.idle = 30min;
  p.absolute = 12h;
  p.failures_per_account = 5;
  p.failures_per_address = 20;
  p.window = 15min;
  return p;
}

bool token_chars(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
  });
}

TEST(ServerSessionStore, TokensAre43CharactersOfBase64UrlAndNeverRepeat) {
  std::set<std::string> seen;
  std::set<char> chars;
  for (int i = 0; i < 2000; ++i) {
    const std::string t = random_token();
    ASSERT_EQ(t.size(), 43U) << t;  // 32 bytes, base64url without padding
    ASSERT_TRUE(token_chars(t)) << t;
    chars.insert(t.begin(), t.end());
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 2000U);
  // 86,000 characters of 64 possible: a working generator shows them all.
  EXPECT_EQ(chars.size(), 64U);
}

TEST(ServerSessionStore, CreateGivesFreshTokensAndTouchFindsTheSession) {
  FakeClock clock;
  SessionStore store(policy(), clock.now());
  const Session a = store.create("alice");
  const Session b = store.create("alice");
  EXPECT_EQ(a.token.size(), 43U);
  EXPECT_EQ(a.csrf.size(), 43U);
  EXPECT_NE(a.token, b.token);
  EXPECT_NE(a.csrf, b.csrf);
  EXPECT_NE(a.token, a.csrf);
  EXPECT_EQ(a.user, "alice");
  EXPECT_EQ(a.created, clock.t);
  EXPECT_EQ(store.size(), 2U);

  const std::optional<Session> found = store.touch(a.token);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user, "alice");
  EXPECT_EQ(found->csrf, a.csrf);
  // The table keeps no usable token: what it returns has none.
  EXPECT_TRUE(found->token.empty());
  EXPECT_FALSE(store.touch(a.csrf).has_value());  // the CSRF token is not a session token
}

TEST(ServerSessionStore, UnknownEmptyAndOverlongTokensFindNothing) {
  FakeClock clock;
  SessionStore store(policy(), clock.now());
  const Session a = store.create("alice");
  EXPECT_FALSE(store.touch("").has_value());
  EXPECT_FALSE(store.touch(random_token()).has_value());
  EXPECT_FALSE(store.touch(a.token + "x").has_value());
  EXPECT_FALSE(store.touch(a.token.substr(0, 42)).has_value());
  EXPECT_FALSE(store.touch(std::string(65, 'a')).has_value());
  EXPECT_FALSE(store.touch(std::string(1 << 20, 'a')).has_value());
  EXPECT_TRUE(store.touch(a.token).has_value());
}

TEST(ServerSessionStore, IdleExpiryAndTouchRestartsTheIdleClock) {
  FakeClock clock;
  SessionStore store(policy(), clock.now());
  const Session a = store.create("alice");
  const Session b = store.create("bob");
  clock.t += 29min;
  ASSERT_TRUE(store.touch(a.token).has_value());  // a's idle clock restarts
  clock.t += 29min;                               // 58 minutes in all
  EXPECT_TRUE(store.touch(a.token).has_value());
  EXPECT_FALSE(store.touch(b.token).has_value());  // idle 58 minutes
  EXPECT_EQ(store.size(), 1U);                     // and forgotten
  clock.t += 30min;                                // exactly the idle limit
  EXPECT_FALSE(store.touch(a.token).has_value());
  EXPECT_EQ(store.size(), 0U);
  // Expired once, gone for good, even if the clock went back.
  clock.t -= 30min;
  EXPECT_FALSE(store.touch(a.token).has_value());
}

TEST(ServerSessionStore, AbsoluteExpiryHoldsHoweverActiveTheSession) {
  FakeClock clock;
  SessionStore store(policy(), clock.now());
  const Session a = store.create("alice");
  for (int i = 0; i < 47; ++i) {  // every 15 minutes for 11h45
    clock.t += 15min;
    ASSERT_TRUE(store.touch(a.token).has_value()) << i;
  }
  clock.t += 14min;  // 11h59
  EXPECT_TRUE(store.touch(a.token).has_value());
  clock.t += 1min;  // 12h
  EXPECT_FALSE(store.touch(a.token).has_value());
}

TEST(ServerSessionStore, EndAndEndUser) {
  FakeClock clock;
  SessionStore store(policy(), clock.now());
  const Session a1 = store.create("alice");
  const Session a2 = store.create("alice");
  const Session b = store.create("bob");
  const Session ab = store.create("alicebob");
  store.end(a1.token);
  EXPECT_FALSE(store.touch(a1.token).has_value());
  EXPECT_TRUE(store.touch(a2.token).has_value());
  store.end(random_token());  // unknown: nothing happens
  EXPECT_EQ(store.size(), 3U);
  store.end_user("alice");
  EXPECT_FALSE(store.touch(a2.token).has_value());
  EXPECT_TRUE(store.touch(b.token).has_value());
  EXPECT_TRUE(store.touch(ab.token).has_value());  // a name, not a prefix
  store.end_user("nobody");
  EXPECT_EQ(store.size(), 2U);
}

TEST(ServerSessionStore, CsrfMatchesOnlyTheExactToken) {
  FakeClock clock;
  SessionStore store(policy(), clock.now());
  const Session s = store.create("alice");
  EXPECT_TRUE(SessionStore::csrf_matches(s, s.csrf));
  std::string last = s.csrf;
  last.back() = last.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(SessionStore::csrf_matches(s, last));
  std::string first = s.csrf;
  first.front() = first.front() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(SessionStore::csrf_matches(s, first));
  EXPECT_FALSE(SessionStore::csrf_matches(s, ""));
  EXPECT_FALSE(SessionStore::csrf_matches(s, s.csrf.substr(0, 42)));
  EXPECT_FALSE(SessionStore::csrf_matches(s, s.csrf + "A"));
  EXPECT_FALSE(SessionStore::csrf_matches(s, std::string(s.csrf.size(), '\0')));
  EXPECT_FALSE(SessionStore::csrf_matches(s, s.token));
  // Another session's token is not this one's.
  EXPECT_FALSE(SessionStore::csrf_matches(s, store.create("alice").csrf));
  // A session without a CSRF token matches nothing, not even "".
  Session none = s;
  none.csrf.clear();
  EXPECT_FALSE(SessionStore::csrf_matches(none, ""));
  EXPECT_FALSE(SessionStore::csrf_matches(none, "x"));
}

TEST(ServerLoginThrottle, FiveFailuresCloseTheAccountForTheRestOfTheWindow) {
  FakeClock clock;
  LoginThrottle t(policy(), clock.now());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(t.wait("alice", "10.0.0.1").count(), 0) << i;
    t.failed("alice", "10.0.0.1");
    clock.t += 1min;
  }
  // Failures at 0..4 minutes, now 5 minutes: the first leaves at 15.
  EXPECT_EQ(t.wait("alice", "10.0.0.1"), 10min);
  // The account is closed from any address; other accounts are not.
  EXPECT_EQ(t.wait("alice", "10.9.9.9"), 10min);
  EXPECT_EQ(t.wait("bob", "10.0.0.1").count(), 0);
  clock.t += 9min + 59s + 500ms;  // half a second left: rounded up
  EXPECT_EQ(t.wait("alice", "10.0.0.1"), 1s);
  clock.t += 500ms;  // the first failure leaves the window: 4 remain
  EXPECT_EQ(t.wait("alice", "10.0.0.1").count(), 0);
  t.failed("alice", "10.0.0.1");  // five again: the second (at 1 min) leaves at 16
  EXPECT_EQ(t.wait("alice", "10.0.0.1"), 1min);
}

TEST(ServerLoginThrottle, TheWindowSlides) {
  FakeClock clock;
  LoginThrottle t(policy(), clock.now());
  // One failure every 4 minutes never reaches five within 15 minutes.
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(t.wait("alice", "a").count(), 0) << i;
    t.failed("alice", "a");
    clock.t += 4min;
  }
  // One every 3 minutes does (five within 12 minutes).
  for (int i = 0; i < 4; ++i) {
    t.failed("bob", "b");
    clock.t += 3min;
  }
  EXPECT_EQ(t.wait("bob", "b").count(), 0);
  t.failed("bob", "b");
  EXPECT_EQ(t.wait("bob", "b"), 3min);  // the first, 12 minutes ago, leaves in 3
}

TEST(ServerLoginThrottle, TwentyFailuresCloseAnAddressForEveryAccount) {
  FakeClock clock;
  LoginThrottle t(policy(), clock.now());
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(t.wait("carol", "192.0.2.7").count(), 0) << i;
    t.failed("user" + std::to_string(i), "192.0.2.7");  // one failure per account
    clock.t += 10s;
  }
  EXPECT_EQ(t.wait("carol", "192.0.2.7"), 15min - 200s);
  EXPECT_EQ(t.wait("carol", "192.0.2.8").count(), 0);  // another address
  // A success clears the account's failures, not the address's.
  t.succeeded("user0");
  EXPECT_GT(t.wait("user0", "192.0.2.7").count(), 0);
  EXPECT_EQ(t.wait("user0", "192.0.2.8").count(), 0);
}

TEST(ServerLoginThrottle, ASuccessClearsTheAccount) {
  FakeClock clock;
  LoginThrottle t(policy(), clock.now());
  for (int i = 0; i < 4; ++i) t.failed("alice", "a");
  t.succeeded("alice");
  t.failed("alice", "a");
  EXPECT_EQ(t.wait("alice", "b").count(), 0);  // one failure since the success
  for (int i = 0; i < 4; ++i) t.failed("alice", "a");
  EXPECT_EQ(t.wait("alice", "b"), 15min);
}

TEST(ServerLoginThrottle, LongNamesAreCountedUnderTheirFirst128Bytes) {
  FakeClock clock;
  LoginThrottle t(policy(), clock.now());
  const std::string a(128, 'a');
  for (int i = 0; i < 5; ++i) t.failed(a + std::to_string(i) + std::string(1000, 'x'), "x");
  // Five different long names that share their first 128 bytes count as one
  // account (keys are bounded in length; the table cannot grow by name size).
  EXPECT_GT(t.wait(a, "y").count(), 0);
}

}  // namespace
}  // namespace chancery::server
