// Byte sources: where input comes from (a file, standard input, memory).
//
// A ByteSource is read front to back in chunks; nothing is mapped or read
// whole, so inputs of any size stream through bounded memory.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "chancery/result.h"

namespace chancery {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer`; 0 means the end of the input.
  virtual Result<std::size_t> read(char* buffer, std::size_t size) = 0;
  // The input's name for messages: a path, or "-" for standard input.
  virtual const std::string& name() const = 0;
};

// Opens a file for reading. Errors: kNotFound, kIo.
Result<std::unique_ptr<ByteSource>> open_file(const std::string& path);
// Standard input (file descriptor 0), named "-".
std::unique_ptr<ByteSource> open_stdin();
// Wraps `source` so that gzip, bzip2 and zstd streams (told by their magic
// bytes) are read decompressed, as they stream; anything else passes through
// unchanged. A damaged or truncated compressed stream is an Error
// (kInvalidInput) from read(), naming the input.
std::unique_ptr<ByteSource> decompressing(std::unique_ptr<ByteSource> source);

// An in-memory input (tests, fuzzers); copies the bytes.
std::unique_ptr<ByteSource> open_memory(std::string bytes, std::string name = "<memory>");

}  // namespace chancery
