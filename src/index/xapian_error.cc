#include "index/xapian_error.h"

namespace chancery::index {

Error xapian_error(std::string_view doing, const Xapian::Error& error) {
  // A lock held by another writer, a database that is not there, or a
  // corrupt one are the user's to act on; the rest is ours.
  const std::string type = error.get_type();
  Errc code = Errc::kInternal;
  std::string hint;
  if (type == "DatabaseLockError") {
    code = Errc::kUnavailable;
    hint = "another chancery is writing this archive; wait for it to finish";
  } else if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
    code = Errc::kNotFound;
  } else if (type == "DatabaseCorruptError") {
    code = Errc::kIo;
    hint = "run 'chancery reindex' to rebuild the index from the store";
  } else if (type == "QueryParserError") {
    code = Errc::kInvalidInput;
  } else if (type == "DatabaseModifiedError") {
    code = Errc::kUnavailable;
    hint = "the index changed while reading; try again";
  }
  return Error{.code = code,
               .message = std::string(doing) + ": " + error.get_msg(),
               .where = {},
               .hint = std::move(hint)};
}

}  // namespace chancery::index
