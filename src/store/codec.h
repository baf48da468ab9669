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

// A record compressed against its raw input, which repeats most of its text
// (zstd with the raw input as a prefix: the record then costs a few hundred
// bytes instead of as much again as the raw input). The blob is a marker
// byte and a zstd frame; decompress_record also reads a plain compress()
// frame, as stores written before this form hold.
std::string compress_record(std::string_view record, std::string_view raw);
// `raw` is the version's decompressed raw input (unused for a plain frame).
Result<std::string> decompress_record(std::string_view blob, std::string_view raw);
// Whether decompress_record needs the raw input for this blob.
bool record_needs_raw(std::string_view blob);

// Hex of a 128-bit BLAKE2b digest: identifies a version's content.
std::string digest_hex(std::string_view bytes);

}  // namespace chancery::store
