#include "cli/exit_code.h"

namespace chancery::cli {

int exit_code_for(Errc code) {
  switch (code) {
    // What the user can fix or retry: bad bytes, a missing or unreadable file,
    // a locked or unavailable resource, a refused access.
    case Errc::kInvalidInput:
    case Errc::kNotFound:
    case Errc::kConflict:
    case Errc::kDenied:
    case Errc::kUnavailable:
    case Errc::kIo:
      return kExitDataError;
    // A broken invariant inside the library: report it as a bug, not as bad input.
    case Errc::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace chancery::cli
