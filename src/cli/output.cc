#include "cli/output.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

namespace chancery::cli {

WriteStatus write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n >= 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // Someone handed us a non-blocking descriptor: wait until it drains.
      pollfd p{.fd = fd, .events = POLLOUT, .revents = 0};
      ::poll(&p, 1, -1);
      continue;
    }
    return errno == EPIPE ? WriteStatus::kClosed : WriteStatus::kFailed;
  }
  return WriteStatus::kOk;
}

std::string format_error(const Error& error) {
  std::string line = "chancery: ";
  line += error.to_string();
  line += '\n';
  if (!error.hint.empty()) {
    line += "  hint: ";
    line += error.hint;
    line += '\n';
  }
  return line;
}

std::string format_warning(std::string_view where, std::string_view message) {
  std::string line = "chancery: ";
  if (!where.empty()) {
    line += where;
    line += ": ";
  }
  line += "warning: ";
  line += message;
  line += '\n';
  return line;
}

void print_error(const Error& error) {
  // Nothing sensible is left to do when standard error itself is gone.
  (void)write_all(STDERR_FILENO, format_error(error));
}

}  // namespace chancery::cli
