#include "users/password.h"

#include <sodium.h>

#include <map>
#include <mutex>
#include <utility>

namespace chancery::users {
namespace {

// sodium_init() is thread-safe and idempotent; it fails only when the
// system has no randomness source.
bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

PasswordCost PasswordCost::interactive() {
  return {.ops = crypto_pwhash_OPSLIMIT_INTERACTIVE, .memory = crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() {
  return {.ops = crypto_pwhash_OPSLIMIT_MIN, .memory = crypto_pwhash_MEMLIMIT_MIN};
}

Result<void> check_password(std::string_view password) {
  if (password.empty()) {
    return Error{.code = Errc::kInvalidInput, .message = "the password is empty"};
  }
  if (password.size() > kMaxPasswordBytes) {
    return Error{
        .code = Errc::kInvalidInput,
        .message = "the password is longer than " + std::to_string(kMaxPasswordBytes) + " bytes"};
  }
  return {};
}

Result<std::string> hash_password(std::string_view password, const PasswordCost& cost) {
  if (Result<void> ok = check_password(password); !ok) return ok.error();
  if (!sodium_ready()) {
    return Error{.code = Errc::kInternal, .message = "libsodium could not be initialised"};
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), cost.ops, cost.memory) != 0) {
    return Error{.code = Errc::kInternal,
                 .message = "hashing the password failed (out of memory?)"};
  }
  return std::string(out);
}

bool password_matches(std::string_view hash, std::string_view password) {
  if (!sodium_ready()) return false;
  // crypto_pwhash_str_verify reads a NUL-terminated string of at most
  // crypto_pwhash_STRBYTES bytes.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  char buffer[crypto_pwhash_STRBYTES] = {};
  hash.copy(buffer, hash.size());
  return crypto_pwhash_str_verify(buffer, password.data(), password.size()) == 0;
}

const std::string& dummy_hash(const PasswordCost& cost) {
  static std::mutex mutex;
  static std::map<std::pair<std::uint64_t, std::size_t>, std::string> hashes;
  const std::lock_guard<std::mutex> lock(mutex);
  std::string& hash = hashes[{cost.ops, cost.memory}];
  if (hash.empty()) {
    unsigned char secret[32];
    if (sodium_ready()) randombytes_buf(secret, sizeof secret);
    Result<std::string> made =
        hash_password(std::string_view(reinterpret_cast<const char*>(secret), sizeof secret), cost);
    sodium_memzero(secret, sizeof secret);
    // On failure the verify of a malformed hash returns false at once: the
    // answer stays right, only the timing differs.
    hash = made ? std::move(made).value() : std::string("$argon2id$invalid");
  }
  return hash;
}

}  // namespace chancery::users
