// Reading JSON text into a generic value: a strict RFC 8259 parser.
//
// Strict: one value, only JSON white space around it, no trailing commas, no
// leading zeros, no raw control characters in strings, and the text must be
// well-formed UTF-8. All escapes are decoded, surrogate pairs included. A lone
// \udc80..\udcff decodes to the byte 80..FF: the "surrogateescape" form
// json_writer.h uses for bytes that are not UTF-8; other lone surrogates are
// an error.
//
// Bounded: nesting depth and the number of values are limited (ParseOptions),
// so hostile input cannot exhaust the stack or memory. Never throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "chancery/result.h"

namespace chancery::json {

enum class Type : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

// "null", "a boolean", "a number", "a string", "an array", "an object".
const char* type_description(Type type);

struct Number {
  double value = 0;          // nearest double; +-inf when out of range
  std::int64_t integer = 0;  // valid when is_integer
  bool is_integer = false;   // written without fraction or exponent and fits in int64
};

struct Member;

class Value {
 public:
  using Array = std::vector<Value>;
  using Object = std::vector<Member>;  // in document order; duplicates kept

  Value() = default;
  // Defined below Member, which must be complete first.
  explicit Value(bool b);
  explicit Value(Number n);
  explicit Value(std::string s);
  explicit Value(Array a);
  explicit Value(Object o);

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_number() const { return type() == Type::kNumber; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // REQUIRES: the value is of the type asked for.
  bool as_bool() const { return std::get<bool>(v_); }
  const Number& as_number() const { return std::get<Number>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  std::string& as_string() { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // The integer value when this is a number written as an integer in range.
  std::optional<std::int64_t> as_int() const;

  // The first member named `key`, or nullptr (also when not an object).
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);

 private:
  std::variant<std::monostate, bool, Number, std::string, Array, Object> v_;
};

struct Member {
  std::string key;
  Value value;
};

inline Value::Value(bool b) : v_(b) {}
inline Value::Value(Number n) : v_(n) {}
inline Value::Value(std::string s) : v_(std::move(s)) {}
inline Value::Value(Array a) : v_(std::move(a)) {}
inline Value::Value(Object o) : v_(std::move(o)) {}

struct ParseOptions {
  std::size_t max_depth = 64;                     // arrays and objects nested deeper are refused
  std::size_t max_values = std::size_t{1} << 22;  // values in the whole document
  std::size_t max_bytes = std::size_t{1} << 30;   // input size
};

// Parses one JSON text. Errors: kInvalidInput with the byte offset of the
// problem in the message ("JSON: expected ':' at byte 57").
Result<Value> parse(std::string_view text, const ParseOptions& options = {});

}  // namespace chancery::json
