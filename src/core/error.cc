#include <fmt/format.h>

#include "chancery/result.h"

namespace chancery {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::kInvalidInput: return "invalid_input";
    case Errc::kNotFound: return "not_found";
    case Errc::kConflict: return "conflict";
    case Errc::kDenied: return "denied";
    case Errc::kUnavailable: return "unavailable";
    case Errc::kIo: return "io";
    case Errc::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  return where.empty() ? message : fmt::format("{}: {}", where, message);
}

}  // namespace chancery
