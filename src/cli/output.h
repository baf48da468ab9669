// What the command line writes: whole buffers to a file descriptor, and
// error lines in the one form every subcommand uses.
#pragma once

#include <string>
#include <string_view>

#include "chancery/result.h"

namespace chancery::cli {

enum class WriteStatus { kOk, kClosed, kFailed };

// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
// kClosed when the reader went away (EPIPE: `chancery ... | head -1`), which
// callers treat as a quiet end; kFailed for any other error, with errno set.
WriteStatus write_all(int fd, std::string_view bytes);

// "chancery: <where>: <message>\n", then "  hint: <hint>\n" when there is one.
std::string format_error(const Error& error);
// "chancery: <where>: warning: <message>\n".
std::string format_warning(std::string_view where, std::string_view message);

// Writes format_error(error) to standard error in one write.
void print_error(const Error& error);

}  // namespace chancery::cli
