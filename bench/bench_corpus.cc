#include "bench_corpus.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef CHANCERY_SHARED_DIR
#define CHANCERY_SHARED_DIR "../shared"
#endif
#ifndef CHANCERY_SOURCE_DIR
#define CHANCERY_SOURCE_DIR "."
#endif

namespace chancery::bench {
namespace {

namespace fs = std::filesystem;

// One Cablegate page in 12: about 420 of the 5,043, 30 MB, enough for stable
// figures.
constexpr std::size_t kPageStep = 12;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// The whole output of a shell command (zstd -dc ...), or "" when it fails.
std::string read_command(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  if (pclose(pipe) != 0) {
    std::fprintf(stderr, "bench: `%s` failed\n", command.c_str());
    return {};
  }
  return out;
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// Fields of one cables.csv row: "..." separated by commas, backslash escapes.
// Deliberately independent of the library's reader, which is what is measured.
std::vector<std::string> csv_fields(std::string_view row) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (i < row.size() && row[i] == '"') {
    std::string field;
    for (++i; i < row.size() && row[i] != '"'; ++i) {
      if (row[i] == '\\' && i + 1 < row.size()) ++i;
      field += row[i];
    }
    fields.push_back(std::move(field));
    i += 1;                                       // closing quote
    if (i < row.size() && row[i] == ',') i += 1;  // separator
  }
  return fields;
}

// A row starts at a line beginning "<n>","<m>/<d>/<yyyy> : true of every row
// of the dump, and of no line inside a field.
bool starts_row(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  auto lit = [&](char c) { return i < s.size() && s[i++] == c; };
  return lit('"') && digits() && lit('"') && lit(',') && lit('"') && digits() && lit('/') &&
         digits() && lit('/') && digits();
}

std::vector<std::string> split_rows(std::string_view csv) {
  std::vector<std::string> rows;
  std::size_t start = 0;
  for (std::size_t nl = csv.find('\n'); nl != std::string_view::npos; nl = csv.find('\n', nl + 1)) {
    if (nl + 1 < csv.size() && starts_row(csv.substr(nl + 1))) {
      rows.emplace_back(csv.substr(start, nl + 1 - start));
      start = nl + 1;
    }
  }
  if (start < csv.size()) rows.emplace_back(csv.substr(start));
  return rows;
}

// Every `step`-th regular file named *`suffix` of the ustar stream a command
// writes (zstd -dc x.tar.zst), read as it streams: the whole tarball is
// 350 MB of HTML, the sample a few dozen.
std::vector<std::string> sample_tar(const std::string& command, std::string_view suffix,
                                    std::size_t step) {
  std::vector<std::string> files;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return files;
  char header[512];
  std::string data;
  std::size_t seen = 0;
  while (std::fread(header, 1, sizeof header, pipe) == sizeof header && header[0] != '\0') {
    const std::string name(header, strnlen(header, 100));
    const std::size_t size = std::strtoull(std::string(header + 124, 12).c_str(), nullptr, 8);
    const char type = header[156];
    data.resize((size + 511) / 512 * 512);
    if (std::fread(data.data(), 1, data.size(), pipe) != data.size()) break;
    if ((type == '0' || type == '\0') && name.ends_with(suffix) && seen++ % step == 0) {
      files.emplace_back(data.data(), size);
    }
  }
  pclose(pipe);
  return files;
}

Corpus load() {
  Corpus c;
  const fs::path shared = fs::path(CHANCERY_SHARED_DIR) / "corpus";
  const fs::path examples = fs::path(CHANCERY_SOURCE_DIR) / "examples";

  if (const char* path = std::getenv("CHANCERY_BENCH_CSV"); path != nullptr && *path != '\0') {
    c.csv = read_file(path);
    c.label = std::string("csv=") + path;
  } else if (fs::exists(shared / "cables-dev.csv.zst")) {
    c.csv = read_command("zstd -q -dc " + quoted(shared / "cables-dev.csv.zst"));
    c.label = "csv=corpus";
  }
  if (c.csv.empty()) {
    c.csv = read_file(examples / "cables.csv");
    c.label = "csv=examples";
  }

  if (fs::exists(shared / "cablegate-dev-html.tar.zst")) {
    c.pages = sample_tar("zstd -q -dc " + quoted(shared / "cablegate-dev-html.tar.zst"), ".html",
                         kPageStep);
    c.label += " html=corpus";
  }
  if (c.pages.empty() && fs::exists(examples)) {
    for (const auto& entry : fs::directory_iterator(examples)) {
      if (entry.path().extension() == ".html") c.pages.push_back(read_file(entry.path()));
    }
    c.label += " html=examples";
  }

  c.rows = split_rows(c.csv);
  for (const std::string& row : c.rows) {
    c.csv_bytes_of_rows += row.size();
    std::vector<std::string> f = csv_fields(row);
    if (f.size() == 8) c.telegrams.push_back(f[6] + "\n\n" + f[7]);
  }
  std::fprintf(stderr, "bench corpus (%s): %zu rows, %zu telegrams, %zu pages, %.1f MB csv\n",
               c.label.c_str(), c.rows.size(), c.telegrams.size(), c.pages.size(),
               static_cast<double>(c.csv.size()) / 1e6);
  return c;
}

}  // namespace

const Corpus& corpus() {
  static const Corpus c = load();
  return c;
}

}  // namespace chancery::bench
