// Errors as values: every fallible call in libchancery returns a Result<T>.
//
// Failure is ordinary here (bad input, a missing file, a denied read), so the
// signature says so and the caller decides. The API follows std::expected
// (C++23) closely enough that switching later is a rename.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace chancery {

enum class Errc : std::uint8_t {
  kInvalidInput,  // the bytes are not what the format promises
  kNotFound,
  kConflict,
  kDenied,
  kUnavailable,
  kIo,
  kInternal,
};

// A name for the code, for messages and JSON ("invalid_input", ...).
const char* errc_name(Errc code);

struct Error {
  Errc code = Errc::kInternal;
  std::string message;  // what failed or what was expected, in plain words
  std::string where{};  // input location such as "cables.csv:1042", or empty
  std::string hint{};   // what the user can do next, or empty

  // "where: message" (or just the message), the form the CLI prints.
  std::string to_string() const;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace chancery
