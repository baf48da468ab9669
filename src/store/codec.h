// Blobs in the store are zstd frames: cable text compresses about 3-4x, and
// decompressing one cable costs microseconds, so `show` stays instant.
#pragma once

#include <string>
#include <string_view>

#include "chancery/result.h"

namespace chancery::store {

std::string compress(std::string_view bytes);
// Errors: kIo when the blob is not a whole zstd frame (a damaged store).
Result<std::string> decompress(std::string_view blob);

// Hex of a 128-bit BLAKE2b digest: identifies a version's content.
std::string digest_hex(std::string_view bytes);

}  // namespace chancery::store
