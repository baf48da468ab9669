// Helpers shared by the archive tests: temporary directories, files, ingest
// inputs, and whether the run is under a sanitizer (heavy tests scale down).
#pragma once

#include <stdlib.h>  // mkdtemp

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include "chancery/archive.h"
#include "chancery/source.h"
#include "sanitized.h"

namespace chancery::archive::test_util {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory, removed (with
// everything in it) when the object goes; CHANCERY_KEEP_TMP=1 keeps it.
class TempDir {
 public:
  explicit TempDir(std::string_view tag) {
    std::string pattern =
        (fs::temp_directory_path() / ("chancery-" + std::string(tag) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    const char* keep = std::getenv("CHANCERY_KEEP_TMP");
    if (path_.empty() || (keep != nullptr && std::string_view(keep) == "1")) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  bool ok() const { return !path_.empty(); }

 private:
  fs::path path_;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// An input read from a file when its turn comes, as the CLI makes them.
inline IngestInput file_input(const fs::path& path) {
  IngestInput in;
  in.name = path.string();
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  in.size = ec ? 0 : size;
  in.open = [name = in.name] { return open_file(name); };
  return in;
}

inline IngestInput memory_input(std::string name, std::string bytes) {
  IngestInput in;
  in.name = name;
  in.size = bytes.size();
  in.open = [name = std::move(name),
             bytes = std::move(bytes)]() -> Result<std::unique_ptr<ByteSource>> {
    return open_memory(bytes, name);
  };
  return in;
}

using chancery::test::sanitized;

}  // namespace chancery::archive::test_util
