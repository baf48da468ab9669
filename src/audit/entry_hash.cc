// SHA-256 over an unambiguous encoding of an entry (the exact bytes are in
// audit.h, beside entry_hash()).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <sodium.h>

#include "chancery/audit.h"

namespace chancery::audit {
namespace {

void update_u64(crypto_hash_sha256_state& state, std::uint64_t n) {
  std::array<unsigned char, 8> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(n >> (8 * i));
  crypto_hash_sha256_update(&state, bytes.data(), bytes.size());
}

// Length first, so that ("ab", "c") and ("a", "bc") differ.
void update_field(crypto_hash_sha256_state& state, std::string_view field) {
  update_u64(state, field.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(field.data()),
                            field.size());
}

}  // namespace

std::string entry_hash(const Entry& entry) {
  static constexpr std::string_view kTag("chancery-audit-v1\0", 18);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(kTag.data()),
                            kTag.size());
  update_u64(state, static_cast<std::uint64_t>(entry.seq));
  for (std::string_view field : {std::string_view(entry.time), std::string_view(entry.reader),
                                 std::string_view(entry.action), std::string_view(entry.target),
                                 std::string_view(entry.portions),
                                 std::string_view(entry.prev_hash)}) {
    update_field(state, field);
  }
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * digest.size(), '0');
  for (std::size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return hex;
}

}  // namespace chancery::audit
