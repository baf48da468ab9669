// Running the real chancery binary (CHANCERY_BIN) from a test: a command in a
// directory, a file as its standard input (so not a terminal), and what it
// wrote and exited with.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace chancery::test {

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `chancery args...` in `dir` with `input` on standard input, and
// CHANCERY_ARCHIVE and NO_COLOR unset (the environment must not change results).
inline Outcome run_chancery(const std::filesystem::path& dir, const std::vector<std::string>& args,
                            const std::string& input = "") {
  std::string cmd = shell_quote(CHANCERY_BIN);
  for (const std::string& a : args) cmd += " " + shell_quote(a);
  const std::filesystem::path in = dir / ".in";
  const std::filesystem::path out = dir / ".out";
  const std::filesystem::path err = dir / ".err";
  std::ofstream(in, std::ios::binary) << input;
  const std::string line = "cd " + shell_quote(dir.string()) + " && env -u CHANCERY_ARCHIVE -u NO_COLOR " + cmd + " < " +
                           shell_quote(in.string()) + " > " + shell_quote(out.string()) + " 2> " +
                           shell_quote(err.string());
  const int status = std::system(line.c_str());
  Outcome r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace chancery::test
