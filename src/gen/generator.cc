// The generator's front door: format names, rendering by format, and
// writing a whole corpus to files or a stream.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <system_error>

#include <fmt/format.h>

#include "chancery/gen.h"
#include "chancery/parse.h"

#include "gen/render.h"

namespace chancery::gen {
namespace {

namespace fs = std::filesystem;

// Streams write in chunks of about this size.
constexpr std::size_t kChunk = std::size_t{1} << 20;

struct FormatName {
  OutputFormat format;
  std::string_view name;
};
constexpr FormatName kNames[] = {{OutputFormat::kCsv, "csv"},
                                 {OutputFormat::kHtml, "html"},
                                 {OutputFormat::kTelegram, "telegram"},
                                 {OutputFormat::kPlain, "plain"},
                                 {OutputFormat::kJsonl, "jsonl"}};

// The record `chancery parse --json` prints for the cable's cables.csv row.
std::string render_jsonl_line(const GeneratedCable& g) {
  Result<Cable> read = parse::read_cables_csv_row(render_csv_row(g));
  std::string out;
  if (read) {
    append_json(*read, out);
  } else {
    append_json(g.cable, out);  // not reached: the parse-back tests hold
  }
  out += '\n';
  return out;
}

Error io_error(std::string_view what, const std::string& path) {
  return Error{.code = Errc::kIo,
               .message = fmt::format("{}: {}", what, std::strerror(errno)),
               .where = path};
}

Result<void> write_fd(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", path);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<void> write_file(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", path);
  Result<void> written = write_fd(fd, bytes, path);
  if (::close(fd) != 0 && written) return io_error("cannot write", path);
  return written;
}

Result<void> make_directories(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return Error{.code = Errc::kIo,
                 .message = "cannot create directory: " + ec.message(),
                 .where = dir.string()};
  }
  return {};
}

bool is_stream_format(OutputFormat f) {
  return f == OutputFormat::kCsv || f == OutputFormat::kJsonl;
}

}  // namespace

std::string_view output_format_name(OutputFormat format) {
  for (const FormatName& n : kNames) {
    if (n.format == format) return n.name;
  }
  return "csv";
}

std::optional<OutputFormat> output_format_from_name(std::string_view name) {
  for (const FormatName& n : kNames) {
    if (n.name == name) return n.format;
  }
  return std::nullopt;
}

std::string render(const GeneratedCable& cable, OutputFormat format) {
  switch (format) {
    case OutputFormat::kCsv:
      return render_csv_row(cable);
    case OutputFormat::kHtml:
      return render_html_page(cable);
    case OutputFormat::kTelegram:
      return render_telegram(cable);
    case OutputFormat::kPlain:
      return render_plain(cable);
    case OutputFormat::kJsonl:
      return render_jsonl_line(cable);
  }
  return {};
}

std::string relative_path(const GeneratedCable& cable, OutputFormat format) {
  const std::string& id = *cable.cable.id;
  const std::string version = cable.copy > 1 ? fmt::format(".v{}", cable.copy) : std::string();
  if (format == OutputFormat::kHtml) {
    const std::string& t = *cable.cable.created;
    return fmt::format("cable/{}/{}/{}{}.html", t.substr(0, 4), t.substr(5, 2), id, version);
  }
  return fmt::format("{}{}.txt", id, version);
}

Result<WriteSummary> write_stream(const Seed& seed, const Options& options, OutputFormat format,
                                  const std::function<bool(std::string_view)>& sink) {
  Generator generator(seed, options);
  WriteSummary summary;
  std::string buffer;
  buffer.reserve(kChunk + (kChunk >> 2));
  while (std::optional<GeneratedCable> g = generator.next()) {
    buffer += render(*g, format);
    ++summary.cables;
    if (buffer.size() >= kChunk) {
      summary.bytes += buffer.size();
      if (!sink(buffer)) return summary;
      buffer.clear();
    }
  }
  summary.bytes += buffer.size();
  if (!buffer.empty()) sink(buffer);
  return summary;
}

Result<WriteSummary> write_corpus(const Seed& seed, const Options& options, OutputFormat format,
                                  const std::string& out) {
  if (is_stream_format(format)) {
    const fs::path parent = fs::path(out).parent_path();
    if (!parent.empty()) {
      if (Result<void> made = make_directories(parent); !made) return made.error();
    }
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("cannot create", out);
    std::optional<Error> failed;
    Result<WriteSummary> summary = write_stream(seed, options, format, [&](std::string_view bytes) {
      if (Result<void> w = write_fd(fd, bytes, out); !w) {
        failed = w.error();
        return false;
      }
      return true;
    });
    if (::close(fd) != 0 && !failed) failed = io_error("cannot write", out);
    if (failed) return *failed;
    return summary;
  }

  if (Result<void> made = make_directories(out); !made) return made.error();
  Generator generator(seed, options);
  WriteSummary summary;
  std::string made_dir;  // the last directory created: cables come in date order
  while (std::optional<GeneratedCable> g = generator.next()) {
    const fs::path path = fs::path(out) / relative_path(*g, format);
    const std::string dir = path.parent_path().string();
    if (dir != made_dir) {
      if (Result<void> made = make_directories(dir); !made) return made.error();
      made_dir = dir;
    }
    const std::string bytes = render(*g, format);
    if (Result<void> w = write_file(path.string(), bytes); !w) return w.error();
    ++summary.cables;
    summary.bytes += bytes.size();
  }
  return summary;
}

}  // namespace chancery::gen
