#include "store/codec.h"

#include <sodium.h>
#include <zstd.h>

#include <array>
#include <memory>

namespace chancery::store {
namespace {

// Level 3 is zstd's default: several hundred MB/s, within a few percent of
// the higher levels' ratio on prose.
constexpr int kLevel = 3;
// A stored blob never claims more than this when decompressed: a damaged or
// hostile frame header cannot make us allocate gigabytes.
constexpr unsigned long long kMaxBlob = 1ull << 30;

}  // namespace

std::string compress(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), kLevel);
  if (ZSTD_isError(n) != 0) return {};  // cannot happen with a bound-sized buffer
  out.resize(n);
  return out;
}

Result<std::string> decompress(std::string_view blob) {
  const unsigned long long size = ZSTD_getFrameContentSize(blob.data(), blob.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxBlob) {
    return Error{.code = Errc::kIo, .message = "store: a stored blob is damaged (no zstd frame)"};
  }
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress(out.data(), out.size(), blob.data(), blob.size());
  if (ZSTD_isError(n) != 0 || n != out.size()) {
    return Error{.code = Errc::kIo,
                 .message = std::string("store: a stored blob is damaged: ") + ZSTD_getErrorName(n)};
  }
  return out;
}

namespace {

// Marks a record compressed against its raw input; a zstd frame starts with
// 0x28 (its magic number, little-endian), so the two never meet.
constexpr char kRecordAgainstRaw = 'R';

Error damaged(const char* what) {
  return Error{.code = Errc::kIo, .message = std::string("store: a stored record is damaged: ") + what};
}

}  // namespace

std::string compress_record(std::string_view record, std::string_view raw) {
  // One context per thread: ingest workers compress in parallel, and a
  // context's tables are worth reusing.
  thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(),
                                                                         &ZSTD_freeCCtx);
  std::string out(1 + ZSTD_compressBound(record.size()), '\0');
  out[0] = kRecordAgainstRaw;
  ZSTD_CCtx* c = cctx.get();
  ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, kLevel);
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
  ZSTD_CCtx_refPrefix(c, raw.data(), raw.size());
  const std::size_t n = ZSTD_compress2(c, out.data() + 1, out.size() - 1, record.data(), record.size());
  if (ZSTD_isError(n) != 0) return compress(record);  // a plain frame reads back as well
  out.resize(1 + n);
  return out;
}

bool record_needs_raw(std::string_view blob) {
  return !blob.empty() && blob.front() == kRecordAgainstRaw;
}

Result<std::string> decompress_record(std::string_view blob, std::string_view raw) {
  if (!record_needs_raw(blob)) return decompress(blob);
  blob.remove_prefix(1);
  const unsigned long long size = ZSTD_getFrameContentSize(blob.data(), blob.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxBlob) {
    return damaged("no zstd frame");
  }
  thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(),
                                                                         &ZSTD_freeDCtx);
  ZSTD_DCtx* d = dctx.get();
  ZSTD_DCtx_reset(d, ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_refPrefix(d, raw.data(), raw.size());
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompressDCtx(d, out.data(), out.size(), blob.data(), blob.size());
  if (ZSTD_isError(n) != 0 || n != out.size()) return damaged(ZSTD_getErrorName(n));
  return out;
}

std::string digest_hex(std::string_view bytes) {
  std::array<unsigned char, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (unsigned char b : hash) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

}  // namespace chancery::store
