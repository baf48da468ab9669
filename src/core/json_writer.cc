#include "core/json_writer.h"

#include <charconv>
#include <cmath>

namespace chancery::json {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_control(std::string& out, unsigned char c) {
  switch (c) {
    case '\b':
      out.append("\\b", 2);
      return;
    case '\t':
      out.append("\\t", 2);
      return;
    case '\n':
      out.append("\\n", 2);
      return;
    case '\f':
      out.append("\\f", 2);
      return;
    case '\r':
      out.append("\\r", 2);
      return;
    default: {
      const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(esc, 6);
      return;
    }
  }
}

}  // namespace

void append_escaped(std::string& out, std::string_view s, BadUtf8 bad) {
  const char* p = s.data();
  const char* const end = p + s.size();
  // [run, p) needs no escaping and is appended in one go when something
  // that does is met. Well-formed multi-byte UTF-8 stays inside the run.
  const char* run = p;
  while (p < end) {
    while (end - p >= 8 && detail::needs_attention(detail::load8(p)) == 0) p += 8;
    if (p == end) break;
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      const std::size_t n = detail::utf8_sequence_length(p, end);
      if (n != 0) {
        p += n;
        continue;
      }
      out.append(run, static_cast<std::size_t>(p - run));
      if (bad == BadUtf8::kReplace) {
        out.append("\xEF\xBF\xBD", 3);
      } else {
        const char esc[6] = {'\\', 'u', 'd', 'c', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
      run = ++p;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    out.append(run, static_cast<std::size_t>(p - run));
    if (c < 0x20) {
      append_control(out, c);
    } else {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    }
    run = ++p;
  }
  out.append(run, static_cast<std::size_t>(p - run));
}

void append_string(std::string& out, std::string_view s, BadUtf8 bad) {
  out.push_back('"');
  append_escaped(out, s, bad);
  out.push_back('"');
}

void append_int(std::string& out, std::int64_t value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, static_cast<std::size_t>(res.ptr - buf));
}

Writer& Writer::value(double d) {
  if (!std::isfinite(d)) return null();
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  return raw(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
}

}  // namespace chancery::json
