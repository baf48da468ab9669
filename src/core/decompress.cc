// Reading compressed inputs as they stream: gzip (zlib), bzip2 (libbz2) and
// zstd (libzstd), told apart by their magic bytes. Memory stays bounded by
// two fixed buffers whatever the input size.
#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <array>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "chancery/source.h"

namespace chancery {
namespace {

constexpr std::size_t kChunk = std::size_t{256} << 10;

enum class Codec { kNone, kGzip, kBzip2, kZstd };

Codec codec_of(std::string_view head) {
  if (head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b') return Codec::kGzip;
  if (head.size() >= 3 && head.substr(0, 3) == "BZh") return Codec::kBzip2;
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) {
    return Codec::kZstd;
  }
  return Codec::kNone;
}

// Bytes of the inner source, with the ones already peeked at served first.
class Compressed {
 public:
  Compressed(std::unique_ptr<ByteSource> inner, std::string peeked)
      : inner_(std::move(inner)), in_(std::move(peeked)) {}
  virtual ~Compressed() = default;

 protected:
  // Refills in_ when it is used up; false at the end of the inner input.
  Result<bool> refill() {
    if (pos_ < in_.size()) return true;
    in_.resize(kChunk);
    Result<std::size_t> n = inner_->read(in_.data(), in_.size());
    if (!n) return n.error();
    in_.resize(*n);
    pos_ = 0;
    return *n > 0;
  }
  Error damaged(std::string_view codec, std::string_view why) const {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("damaged {} stream: {}", codec, why),
                 .where = inner_->name()};
  }

  std::unique_ptr<ByteSource> inner_;
  std::string in_;
  std::size_t pos_ = 0;
};

class GzipSource final : public ByteSource, Compressed {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, std::string peeked)
      : Compressed(std::move(inner), std::move(peeked)) {
    // 16 + MAX_WBITS: gzip framing; concatenated members are read in turn.
    ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipSource() override { inflateEnd(&z_); }

  Result<std::size_t> read(char* buffer, std::size_t size) override {
    if (!ok_) return damaged("gzip", "cannot start zlib");
    while (!done_) {
      Result<bool> more = refill();
      if (!more) return more.error();
      if (!*more) {
        if (!ended_) return damaged("gzip", "truncated");
        done_ = true;
        break;
      }
      if (ended_) {
        // Another member follows.
        inflateReset(&z_);
        ended_ = false;
      }
      z_.next_in = reinterpret_cast<Bytef*>(in_.data() + pos_);
      z_.avail_in = static_cast<uInt>(in_.size() - pos_);
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = static_cast<uInt>(std::min(size, std::size_t{1} << 30));
      const int rc = inflate(&z_, Z_NO_FLUSH);
      pos_ = in_.size() - z_.avail_in;
      if (rc == Z_STREAM_END)
        ended_ = true;
      else if (rc != Z_OK && rc != Z_BUF_ERROR)
        return damaged("gzip", z_.msg ? z_.msg : "error");
      const std::size_t produced = size - z_.avail_out;
      if (produced > 0) return produced;
    }
    return std::size_t{0};
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  z_stream z_{};
  bool ok_ = false;
  bool ended_ = false;
  bool done_ = false;
};

class Bzip2Source final : public ByteSource, Compressed {
 public:
  Bzip2Source(std::unique_ptr<ByteSource> inner, std::string peeked)
      : Compressed(std::move(inner), std::move(peeked)) {
    ok_ = BZ2_bzDecompressInit(&bz_, 0, 0) == BZ_OK;
  }
  ~Bzip2Source() override { BZ2_bzDecompressEnd(&bz_); }

  Result<std::size_t> read(char* buffer, std::size_t size) override {
    if (!ok_) return damaged("bzip2", "cannot start libbz2");
    while (!done_) {
      Result<bool> more = refill();
      if (!more) return more.error();
      if (!*more) {
        if (!ended_) return damaged("bzip2", "truncated");
        done_ = true;
        break;
      }
      if (ended_) {
        BZ2_bzDecompressEnd(&bz_);
        bz_ = {};
        if (BZ2_bzDecompressInit(&bz_, 0, 0) != BZ_OK) return damaged("bzip2", "cannot restart");
        ended_ = false;
      }
      bz_.next_in = in_.data() + pos_;
      bz_.avail_in = static_cast<unsigned>(in_.size() - pos_);
      bz_.next_out = buffer;
      bz_.avail_out = static_cast<unsigned>(std::min(size, std::size_t{1} << 30));
      const int rc = BZ2_bzDecompress(&bz_);
      pos_ = in_.size() - bz_.avail_in;
      if (rc == BZ_STREAM_END)
        ended_ = true;
      else if (rc != BZ_OK)
        return damaged("bzip2", fmt::format("error {}", rc));
      const std::size_t produced = size - bz_.avail_out;
      if (produced > 0) return produced;
    }
    return std::size_t{0};
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  bz_stream bz_{};
  bool ok_ = false;
  bool ended_ = false;
  bool done_ = false;
};

class ZstdSource final : public ByteSource, Compressed {
 public:
  ZstdSource(std::unique_ptr<ByteSource> inner, std::string peeked)
      : Compressed(std::move(inner), std::move(peeked)), ctx_(ZSTD_createDCtx()) {
    // Bound the window a hostile frame may ask for (2^27 = 128 MiB).
    if (ctx_ != nullptr) ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 27);
  }
  ~ZstdSource() override { ZSTD_freeDCtx(ctx_); }

  Result<std::size_t> read(char* buffer, std::size_t size) override {
    if (ctx_ == nullptr) return damaged("zstd", "cannot start libzstd");
    while (true) {
      if (pos_ >= in_.size()) {
        Result<bool> more = refill();
        if (!more) return more.error();
        if (!*more) {
          if (pending_ != 0) return damaged("zstd", "truncated");
          return std::size_t{0};
        }
      }
      ZSTD_inBuffer in{in_.data(), in_.size(), pos_};
      ZSTD_outBuffer out{buffer, size, 0};
      pending_ = ZSTD_decompressStream(ctx_, &out, &in);
      pos_ = in.pos;
      if (ZSTD_isError(pending_)) return damaged("zstd", ZSTD_getErrorName(pending_));
      if (out.pos > 0) return out.pos;
    }
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  ZSTD_DCtx* ctx_;
  std::size_t pending_ = 0;  // what ZSTD_decompressStream still expects of the frame
};

// An uncompressed input whose first bytes were peeked at.
class Replay final : public ByteSource {
 public:
  Replay(std::unique_ptr<ByteSource> inner, std::string peeked)
      : inner_(std::move(inner)), peeked_(std::move(peeked)) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    if (pos_ < peeked_.size()) {
      const std::size_t n = std::min(size, peeked_.size() - pos_);
      std::memcpy(buffer, peeked_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->read(buffer, size);
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string peeked_;
  std::size_t pos_ = 0;
};

// Peeks at the first bytes, then picks the reader. Errors while peeking are
// handed over to the first read().
class Sniffing final : public ByteSource {
 public:
  explicit Sniffing(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), name_(inner_->name()) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    if (!chosen_) {
      std::string head(4, '\0');
      std::size_t have = 0;
      while (have < head.size()) {
        Result<std::size_t> n = inner_->read(head.data() + have, head.size() - have);
        if (!n) return n.error();
        if (*n == 0) break;
        have += *n;
      }
      head.resize(have);
      switch (codec_of(head)) {
        case Codec::kGzip:
          chosen_ = std::make_unique<GzipSource>(std::move(inner_), head);
          break;
        case Codec::kBzip2:
          chosen_ = std::make_unique<Bzip2Source>(std::move(inner_), head);
          break;
        case Codec::kZstd:
          chosen_ = std::make_unique<ZstdSource>(std::move(inner_), head);
          break;
        case Codec::kNone:
          chosen_ = std::make_unique<Replay>(std::move(inner_), head);
          break;
      }
    }
    return chosen_->read(buffer, size);
  }
  const std::string& name() const override { return name_; }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::unique_ptr<ByteSource> chosen_;
  std::string name_;
};

}  // namespace

std::unique_ptr<ByteSource> decompressing(std::unique_ptr<ByteSource> source) {
  return std::make_unique<Sniffing>(std::move(source));
}

}  // namespace chancery
