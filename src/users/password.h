// Password hashing for users: Argon2id through libsodium's crypto_pwhash_str,
// which writes the algorithm, its parameters and a random salt into the hash
// string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"), so the cost can change
// without invalidating stored hashes.
#pragma once

#include <string>
#include <string_view>

#include "chancery/result.h"
#include "chancery/users.h"

namespace chancery::users {

// Checks the length rule (1..kMaxPasswordBytes). Errors: kInvalidInput.
Result<void> check_password(std::string_view password);

// The Argon2id hash string of `password`. Errors: kInvalidInput (see
// check_password), kInternal when libsodium fails (out of memory).
Result<std::string> hash_password(std::string_view password, const PasswordCost& cost);

// Whether `password` matches `hash` (as written by hash_password). False for
// a malformed hash.
bool password_matches(std::string_view hash, std::string_view password);

// A hash of a password nobody knows, made once per cost: checked instead of
// a real one when the user is unknown, so that both take the same time.
const std::string& dummy_hash(const PasswordCost& cost);

}  // namespace chancery::users
