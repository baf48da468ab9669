// Writing JSON text: string escaping and a tiny comma-tracking writer.
//
// Output is compact (no spaces) and always valid UTF-8, whatever bytes the
// strings hold: ill-formed UTF-8 is either replaced by U+FFFD or escaped as
// lone surrogates \udc80..\udcff (Python's "surrogateescape"), which
// json::parse (json_reader.h) maps back to the original bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace chancery::json {

// What to write for a byte that is not part of well-formed UTF-8.
enum class BadUtf8 : std::uint8_t {
  kReplace,          // U+FFFD per bad byte: the text stays readable
  kSurrogateEscape,  // \udcXX per bad byte: the bytes round-trip exactly
};

// Appends `s` as a JSON string literal, quotes included. Escapes '"', '\\'
// and the control characters below U+0020; DEL and non-ASCII go out as UTF-8.
void append_string(std::string& out, std::string_view s, BadUtf8 bad = BadUtf8::kReplace);

// Appends `s` escaped as in append_string, without the quotes.
void append_escaped(std::string& out, std::string_view s, BadUtf8 bad = BadUtf8::kReplace);

void append_int(std::string& out, std::int64_t value);

// Builds one JSON value into a string, writing the commas between members
// and elements. It does not check structure: the caller pairs begin/end and
// writes a key before each member value.
// REQUIRES: keys need no escaping when written with key_literal().
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }

  Writer& key(std::string_view key) {
    separate();
    append_string(out_, key);
    out_.push_back(':');
    need_comma_ = false;
    return *this;
  }
  // A key known to need no escaping (a field name of the record).
  Writer& key_literal(std::string_view key) {
    separate();
    out_.push_back('"');
    out_.append(key);
    out_.append("\":", 2);
    need_comma_ = false;
    return *this;
  }

  Writer& null() { return raw("null"); }
  Writer& value(bool b) { return raw(b ? "true" : "false"); }
  Writer& value(std::int64_t n) {
    separate();
    append_int(out_, n);
    need_comma_ = true;
    return *this;
  }
  Writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  Writer& value(std::string_view s, BadUtf8 bad = BadUtf8::kReplace) {
    separate();
    append_string(out_, s, bad);
    need_comma_ = true;
    return *this;
  }
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(const std::string& s) { return value(std::string_view(s)); }
  // null when empty.
  Writer& value(const std::optional<std::string>& s) { return s ? value(*s) : null(); }
  // The shortest text that reads back as `d` (non-finite values as null).
  Writer& value(double d);
  // A value already written as JSON (a record from to_json()).
  Writer& encoded(std::string_view json) { return raw(json); }

  std::string& out() { return out_; }

 private:
  void separate() {
    if (need_comma_) out_.push_back(',');
  }
  Writer& open(char c) {
    separate();
    out_.push_back(c);
    need_comma_ = false;
    return *this;
  }
  Writer& close(char c) {
    out_.push_back(c);
    need_comma_ = true;
    return *this;
  }
  Writer& raw(std::string_view text) {
    separate();
    out_.append(text);
    need_comma_ = true;
    return *this;
  }

  std::string& out_;
  bool need_comma_ = false;
};

namespace detail {

// Non-zero when any of the 8 bytes of `w` is '"', '\\', below 0x20 or at
// least 0x80: the bytes a JSON string writer or reader must look at. Exact as
// a boolean (the borrow tricks only misreport bytes after a true hit).
inline std::uint64_t needs_attention(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w;
  const std::uint64_t q = w ^ (kOnes * '"');
  const std::uint64_t quote = (q - kOnes) & ~q;
  const std::uint64_t b = w ^ (kOnes * '\\');
  const std::uint64_t backslash = (b - kOnes) & ~b;
  return (below_space | quote | backslash | w) & kHigh;
}

inline std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Length of the well-formed UTF-8 sequence starting at p (p < end, *p >= 0x80),
// or 0 when it is ill-formed (Unicode Table 3-7: no overlongs, no surrogates,
// nothing past U+10FFFF, no truncation).
inline std::size_t utf8_sequence_length(const char* p, const char* end) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  const std::ptrdiff_t avail = end - p;
  auto byte = [p](int k) { return static_cast<unsigned char>(p[k]); };
  auto cont = [&](int k) { return (byte(k) & 0xC0) == 0x80; };
  if (b0 < 0xC2) return 0;  // continuation byte or overlong lead
  if (b0 <= 0xDF) return avail >= 2 && cont(1) ? 2 : 0;
  if (b0 <= 0xEF) {
    if (avail < 3 || !cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (b0 == 0xED && byte(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (b0 <= 0xF4) {
    if (avail < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && byte(1) > 0x8F) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace detail
}  // namespace chancery::json
