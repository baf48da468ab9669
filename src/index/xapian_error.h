// Xapian reports failure by throwing; libchancery reports it as a value. Every
// call into Xapian goes through guard(), which turns what it throws into an
// Error with the operation named.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include <xapian.h>

#include "chancery/result.h"

namespace chancery::index {

Error xapian_error(std::string_view doing, const Xapian::Error& error);

// Runs fn(); a Xapian::Error or std::exception it throws becomes an Error
// saying what was being done. fn returns Result<T> (or void for Result<void>).
template <typename Fn>
auto guard(std::string_view doing, Fn&& fn) -> decltype(fn()) {
  try {
    return std::forward<Fn>(fn)();
  } catch (const Xapian::Error& e) {
    return xapian_error(doing, e);
  } catch (const std::exception& e) {
    return Error{.code = Errc::kInternal, .message = std::string(doing) + ": " + e.what()};
  }
}

}  // namespace chancery::index
