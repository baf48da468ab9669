// STUB: being written (file, stdin and memory byte sources).
#include "chancery/source.h"
namespace chancery {
Result<std::unique_ptr<ByteSource>> open_file(const std::string&) { return Error{Errc::kInternal, "not implemented"}; }
std::unique_ptr<ByteSource> open_stdin() { return nullptr; }
std::unique_ptr<ByteSource> open_memory(std::string, std::string) { return nullptr; }
}  // namespace chancery
