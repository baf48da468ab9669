#include "core/json_reader.h"

#include <charconv>
#include <cmath>
#include <exception>
#include <limits>
#include <new>

#include <fmt/format.h>

#include "core/json_writer.h"
#include "core/text.h"

namespace chancery::json {

const char* type_description(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kString:
      return "a string";
    case Type::kArray:
      return "an array";
    case Type::kObject:
      return "an object";
  }
  return "a value";
}

std::optional<std::int64_t> Value::as_int() const {
  if (const auto* n = std::get_if<Number>(&v_); n != nullptr && n->is_integer) return n->integer;
  return std::nullopt;
}

const Value* Value::find(std::string_view key) const {
  if (const auto* o = std::get_if<Object>(&v_)) {
    for (const Member& m : *o) {
      if (m.key == key) return &m.value;
    }
  }
  return nullptr;
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value&>(*this).find(key));
}

namespace {

// Recursive descent over [p_, end_). Each parse_* returns false after
// setting error_; the first error wins and stops the parse.
class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), options_(options) {}

  Result<Value> run() {
    Value v;
    skip_space();
    if (!parse_value(v, 0)) return std::move(error_);
    skip_space();
    if (p_ != end_) {
      fail("unexpected text after the value");
      return std::move(error_);
    }
    return v;
  }

 private:
  bool fail(std::string_view what) {
    error_ = Error{.code = Errc::kInvalidInput,
                   .message = fmt::format("JSON: {} at byte {}", what, p_ - begin_)};
    return false;
  }

  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool count_value() {
    if (++values_ > options_.max_values) return fail("too many values");
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return fail("invalid literal");
    }
    p_ += word.size();
    return true;
  }

  bool parse_value(Value& out, std::size_t depth) {
    if (!count_value()) return false;
    if (p_ == end_) return fail("unexpected end of input");
    switch (*p_) {
      case '{':
        return parse_object(out, depth + 1);
      case '[':
        return parse_array(out, depth + 1);
      case '"': {
        std::string s;
        if (!parse_string(s)) return false;
        out = Value(std::move(s));
        return true;
      }
      case 't':
        if (!literal("true")) return false;
        out = Value(true);
        return true;
      case 'f':
        if (!literal("false")) return false;
        out = Value(false);
        return true;
      case 'n':
        if (!literal("null")) return false;
        out = Value();
        return true;
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return parse_number(out);
        return fail("expected a value");
    }
  }

  bool parse_array(Value& out, std::size_t depth) {
    if (depth > options_.max_depth) return fail("nesting too deep");
    ++p_;  // '['
    Value::Array items;
    skip_space();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      out = Value(std::move(items));
      return true;
    }
    while (true) {
      skip_space();
      items.emplace_back();
      if (!parse_value(items.back(), depth)) return false;
      skip_space();
      if (p_ == end_) return fail("unexpected end of input in an array");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == ']') {
        ++p_;
        out = Value(std::move(items));
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  bool parse_object(Value& out, std::size_t depth) {
    if (depth > options_.max_depth) return fail("nesting too deep");
    ++p_;  // '{'
    Value::Object members;
    skip_space();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      out = Value(std::move(members));
      return true;
    }
    while (true) {
      skip_space();
      if (p_ == end_ || *p_ != '"') return fail("expected a string key");
      members.emplace_back();
      if (!parse_string(members.back().key)) return false;
      skip_space();
      if (p_ == end_ || *p_ != ':') return fail("expected ':'");
      ++p_;
      skip_space();
      if (!parse_value(members.back().value, depth)) return false;
      skip_space();
      if (p_ == end_) return fail("unexpected end of input in an object");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '}') {
        ++p_;
        out = Value(std::move(members));
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Reads the 4 hex digits of a \u escape at p_ (after the 'u').
  bool hex4(std::uint32_t& unit) {
    if (end_ - p_ < 4) return fail("truncated \\u escape");
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      const int d = hex_digit(p_[i]);
      if (d < 0) return fail("invalid \\u escape");
      unit = (unit << 4) | static_cast<std::uint32_t>(d);
    }
    p_ += 4;
    return true;
  }

  // After the backslash of "\uXXXX": one code point, a surrogate pair, or a
  // lone \udc80..\udcff standing for one raw byte.
  bool unicode_escape(std::string& out) {
    std::uint32_t unit = 0;
    if (!hex4(unit)) return false;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
        const char* save = p_;
        p_ += 2;
        std::uint32_t low = 0;
        if (!hex4(low)) return false;
        if (low >= 0xDC00 && low <= 0xDFFF) {
          text::append_utf8(
              static_cast<char32_t>(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)), out);
          return true;
        }
        p_ = save;
      }
      return fail("unpaired high surrogate");
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      if (unit >= 0xDC80 && unit <= 0xDCFF) {
        out.push_back(static_cast<char>(unit & 0xFF));
        return true;
      }
      return fail("unpaired low surrogate");
    }
    text::append_utf8(static_cast<char32_t>(unit), out);
    return true;
  }

  bool parse_string(std::string& out) {
    ++p_;  // '"'
    const char* run = p_;
    while (true) {
      while (end_ - p_ >= 8 && detail::needs_attention(detail::load8(p_)) == 0) p_ += 8;
      if (p_ == end_) return fail("unterminated string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c >= 0x80) {
        const std::size_t n = detail::utf8_sequence_length(p_, end_);
        if (n == 0) return fail("invalid UTF-8");
        p_ += n;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++p_;
        continue;
      }
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return fail("control character in a string");
      ++p_;  // backslash
      if (p_ == end_) return fail("unterminated string");
      const char e = *p_++;
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u':
          if (!unicode_escape(out)) return false;
          break;
        default:
          --p_;
          return fail("invalid escape");
      }
      run = p_;
    }
  }

  bool parse_number(Value& out) {
    const char* start = p_;
    auto digits = [this] {
      const char* s = p_;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      return p_ != s;
    };
    if (*p_ == '-') ++p_;
    if (p_ == end_) return fail("invalid number");
    if (*p_ == '0') {
      ++p_;
      if (p_ != end_ && *p_ >= '0' && *p_ <= '9') return fail("leading zero in a number");
    } else if (!digits()) {
      return fail("invalid number");
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      integer = false;
      if (!digits()) return fail("invalid number");
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      integer = false;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return fail("invalid number");
    }
    Number n;
    if (integer) {
      const auto r = std::from_chars(start, p_, n.integer);
      n.is_integer = r.ec == std::errc() && r.ptr == p_;
      if (n.is_integer) n.value = static_cast<double>(n.integer);
    }
    if (!n.is_integer) {
      const auto r = std::from_chars(start, p_, n.value);
      if (r.ec == std::errc::result_out_of_range) {
        // from_chars leaves the value alone when out of range: decide
        // between overflow and underflow from the exponent's sign.
        const std::string_view text(start, static_cast<std::size_t>(p_ - start));
        const std::size_t e = text.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && e + 1 < text.size() && text[e + 1] == '-';
        const double mag = tiny ? 0.0 : std::numeric_limits<double>::infinity();
        n.value = *start == '-' ? -mag : mag;
      }
    }
    out = Value(n);
    return true;
  }

  const char* const begin_;
  const char* p_;
  const char* const end_;
  const ParseOptions& options_;
  std::size_t values_ = 0;
  Error error_;
};

}  // namespace

Result<Value> parse(std::string_view text, const ParseOptions& options) {
  if (text.size() > options.max_bytes) {
    return Error{.code = Errc::kInvalidInput,
                 .message = fmt::format("JSON: input of {} bytes is over the limit of {}",
                                        text.size(), options.max_bytes)};
  }
  try {
    return Parser(text, options).run();
  } catch (const std::bad_alloc&) {
    return Error{.code = Errc::kInternal, .message = "JSON: out of memory"};
  } catch (const std::exception& e) {
    return Error{.code = Errc::kInternal, .message = fmt::format("JSON: {}", e.what())};
  }
}

}  // namespace chancery::json
