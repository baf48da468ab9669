// Byte sources: a file or standard input read with POSIX read(2), or bytes in
// memory. Nothing is mapped or read whole; the RecordSplitter pulls chunks.
#include "chancery/source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace chancery {
namespace {

// Reads from a file descriptor, retrying reads interrupted by a signal.
Result<std::size_t> read_fd(int fd, char* buffer, std::size_t size, const std::string& name) {
  for (;;) {
    const ssize_t n = ::read(fd, buffer, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    return Error{.code = Errc::kIo,
                 .message = fmt::format("cannot read: {}", std::strerror(errno)),
                 .where = name};
  }
}

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> read(char* buffer, std::size_t size) override {
    return read_fd(fd_, buffer, size, name_);
  }
  const std::string& name() const override { return name_; }

 private:
  int fd_;
  std::string name_;
};

// Standard input is borrowed, never closed: the process owns it.
class StdinSource final : public ByteSource {
 public:
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    return read_fd(STDIN_FILENO, buffer, size, name_);
  }
  const std::string& name() const override { return name_; }

 private:
  std::string name_ = "-";
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}

  Result<std::size_t> read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size() - offset_);
    if (n > 0) std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  std::size_t offset_ = 0;
  std::string name_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return Error{.code = Errc::kNotFound, .message = "no such file", .where = path};
    }
    return Error{.code = Errc::kIo,
                 .message = fmt::format("cannot open: {}", std::strerror(err)),
                 .where = path};
  }
  // A directory opens fine and fails only at the first read; say so up front.
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{.code = Errc::kIo, .message = "is a directory", .where = path};
  }
  return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(fd, path));
}

std::unique_ptr<ByteSource> open_stdin() { return std::make_unique<StdinSource>(); }

std::unique_ptr<ByteSource> open_memory(std::string bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

}  // namespace chancery
