// STUB: being written (JSON writer and reader for the record).
#include "chancery/cable.h"

namespace chancery {
void append_json(const Cable&, std::string&) {}
std::string to_json(const Cable& c) { std::string s; append_json(c, s); return s; }
Result<Cable> from_json(std::string_view) { return Error{Errc::kInternal, "from_json: not implemented"}; }
}  // namespace chancery
