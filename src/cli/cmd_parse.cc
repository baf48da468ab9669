// chancery parse: reads files, directories or standard input and prints one
// record per cable, as JSON Lines (--json) or as a one-line summary.
//
// Reading is parallel but the output is in input order and the same whatever
// --threads says: a producer cuts the inputs into records with a
// RecordSplitter and groups them into batches of about kBatchBytes; workers
// read the records and format them into each batch's output; the main thread
// writes batches in order, a whole batch per write. Errors travel inside the
// batches at their place among the records, so stderr and stdout interleave as
// the inputs did.

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "chancery/cable.h"
#include "chancery/parse.h"
#include "chancery/source.h"

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/inputs.h"
#include "core/ordered_pipeline.h"
#include "cli/output.h"
#include "cli/summary.h"

namespace chancery::cli {
namespace {

using parse::Format;

// About 256 KiB of input per batch: large enough that locking and writes are
// rare, small enough that 2×threads+2 batches in flight stay a few MiB.
constexpr std::size_t kBatchBytes = std::size_t{256} << 10;
constexpr std::size_t kBatchItems = 4096;
// Memory held by batches in flight, whatever the input: one record may be as
// large as ReadOptions::max_record_bytes, but a second one waits.
constexpr std::size_t kMaxBytesInFlight = std::size_t{8} << 20;
// Summary width when standard output is not a terminal.
constexpr std::size_t kDefaultWidth = 120;

constexpr std::array kFormats = {Format::kAuto,      Format::kTelegram, Format::kCablegateHtml,
                                 Format::kCablesCsv, Format::kPlain,    Format::kJsonl};

struct ParseOptions {
  std::string format = "auto";
  bool json = false;
  bool raw = false;
  std::size_t max_record_mib = parse::ReadOptions{}.max_record_bytes >> 20;
  bool quiet = false;
  bool verbose = false;
  unsigned threads = 1;
  std::vector<std::string> paths;
};

// A record cut from an input, or the error met instead.
struct Item {
  std::shared_ptr<const std::string> source;
  parse::RawRecord record;  // when there is no error
  std::optional<Error> error;
};

struct Batch {
  std::vector<Item> items;
  std::size_t bytes = 0;  // input bytes in `items`

  // What the worker made of it: standard output, and standard error lines
  // each to be written once `at` bytes of `out` are.
  struct Message {
    std::size_t at = 0;
    std::string text;
  };
  std::string out;
  std::vector<Message> messages;
  int exit_code = kExitOk;
  std::size_t cables = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
};

std::string format_names() {
  std::string names;
  for (Format f : kFormats) {
    if (!names.empty()) names += ", ";
    names += parse::format_name(f);
  }
  return names;
}

// Cuts the inputs into batches of records, in order. Runs on one thread.
class Producer {
 public:
  Producer(std::vector<Input> inputs, Format format, bool keep_raw, std::size_t max_record_bytes)
      : inputs_(std::move(inputs)),
        format_(format),
        keep_raw_(keep_raw),
        max_record_bytes_(max_record_bytes) {}

  // Fills `batch`; false when there was nothing left to add.
  bool fill(Batch& batch) {
    while (batch.bytes < kBatchBytes && batch.items.size() < kBatchItems) {
      if (!splitter_) {
        if (next_ == inputs_.size()) break;
        open(inputs_[next_++], batch);
        continue;
      }
      std::optional<Result<parse::RawRecord>> next = splitter_->next();
      if (!next) {
        if (!yielded_) {
          // Nothing at all came out of this input: almost surely not what the
          // user meant to parse.
          add_error(batch, Error{.code = Errc::kInvalidInput,
                                 .message = "no cable found (the input is empty or blank)",
                                 .where = *source_});
        }
        splitter_.reset();
        continue;
      }
      yielded_ = true;
      if (next->has_value()) {
        batch.bytes += next->value().bytes.size();
        batch.items.push_back(Item{source_, std::move(*next).value(), std::nullopt});
      } else {
        add_error(batch, std::move(next->error()));
      }
    }
    return !batch.items.empty();
  }

  std::size_t inputs() const { return inputs_.size(); }

 private:
  void open(const Input& input, Batch& batch) {
    source_ = std::make_shared<const std::string>(input.name);
    if (input.error) {
      add_error(batch, *input.error);
      return;
    }
    std::unique_ptr<ByteSource> source;
    if (input.name == "-") {
      source = open_stdin();
    } else {
      Result<std::unique_ptr<ByteSource>> opened = open_file(input.name);
      if (!opened) {
        add_error(batch, std::move(opened.error()));
        return;
      }
      source = std::move(opened).value();
    }
    if (!source) {
      add_error(batch, Error{.code = Errc::kInternal, .message = "no byte source"});
      return;
    }
    // Compressed inputs (.gz, .bz2, .zst, told by their bytes) stream decompressed.
    splitter_ = std::make_unique<parse::RecordSplitter>(
        decompressing(std::move(source)), format_,
        parse::ReadOptions{.keep_raw = keep_raw_,
                           .source = input.name,
                           .max_record_bytes = max_record_bytes_});
    yielded_ = false;
  }

  void add_error(Batch& batch, Error error) {
    if (error.where.empty()) error.where = *source_;
    batch.bytes += error.message.size();
    batch.items.push_back(Item{source_, {}, std::move(error)});
  }

  std::vector<Input> inputs_;
  std::size_t next_ = 0;
  Format format_;
  bool keep_raw_;
  std::size_t max_record_bytes_;
  std::unique_ptr<parse::RecordSplitter> splitter_;
  std::shared_ptr<const std::string> source_;
  bool yielded_ = false;  // the current input gave a record or an error
};

// Reads a batch's records and formats them. Runs on any worker thread.
class Formatter {
 public:
  Formatter(const ParseOptions& options, std::size_t width) : options_(options), width_(width) {}

  void format(Batch& batch) const {
    batch.out.reserve(batch.bytes + batch.bytes / 2);
    for (Item& item : batch.items) {
      if (item.error) {
        add_error(batch, *item.error, *item.source);
        continue;
      }
      Result<Cable> cable = parse::read_record(
          item.record, parse::ReadOptions{.keep_raw = options_.raw,
                                          .source = *item.source,
                                          .max_record_bytes = options_.max_record_mib << 20});
      if (!cable) {
        // Name at least the line where the record starts, so that the user
        // can find it in a multi-record input.
        Error& error = cable.error();
        if (error.where.empty() || error.where == *item.source) {
          error.where = fmt::format("{}:{}", *item.source, item.record.line);
        }
        add_error(batch, error, *item.source);
        continue;
      }
      ++batch.cables;
      batch.warnings += cable->warnings.size();
      if (options_.json) {
        append_json(*cable, batch.out);
        batch.out += '\n';
      } else {
        append_summary(*cable, width_, batch.out);
      }
      if (options_.verbose) {
        for (const Warning& w : cable->warnings) {
          const std::string where =
              w.line > 0 ? fmt::format("{}:{}", *item.source, w.line) : *item.source;
          batch.messages.push_back({batch.out.size(), format_warning(where, w.message)});
        }
      }
    }
    // The input is no longer needed: free it before the batch waits its turn.
    std::vector<Item>().swap(batch.items);
  }

 private:
  void add_error(Batch& batch, const Error& error, const std::string& source) const {
    ++batch.errors;
    batch.exit_code = worse_exit_code(batch.exit_code, exit_code_for(error.code));
    if (options_.quiet) return;
    if (error.where.empty()) {
      Error located = error;
      located.where = source;
      batch.messages.push_back({batch.out.size(), format_error(located)});
    } else {
      batch.messages.push_back({batch.out.size(), format_error(error)});
    }
  }

  const ParseOptions& options_;
  std::size_t width_;
};

// Writes batches in order; remembers how the run went.
class Writer {
 public:
  bool emit(const Batch& batch) {
    exit_code_ = worse_exit_code(exit_code_, batch.exit_code);
    cables_ += batch.cables;
    errors_ += batch.errors;
    warnings_ += batch.warnings;
    std::string_view out = batch.out;
    std::size_t done = 0;
    for (const Batch::Message& m : batch.messages) {
      if (!write_out(out.substr(done, m.at - done))) return false;
      done = m.at;
      (void)write_all(STDERR_FILENO, m.text);
    }
    return write_out(out.substr(done));
  }

  int exit_code() const { return exit_code_; }
  std::size_t cables() const { return cables_; }
  std::size_t errors() const { return errors_; }
  std::size_t warnings() const { return warnings_; }

 private:
  bool write_out(std::string_view bytes) {
    switch (write_all(STDOUT_FILENO, bytes)) {
      case WriteStatus::kOk:
        return true;
      case WriteStatus::kClosed:
        // The reader has all it wanted (`| head`): stop quietly.
        return false;
      case WriteStatus::kFailed:
        print_error(Error{.code = Errc::kIo,
                          .message = fmt::format("cannot write: {}", std::strerror(errno)),
                          .where = "standard output"});
        exit_code_ = worse_exit_code(exit_code_, exit_code_for(Errc::kIo));
        return false;
    }
    return false;
  }

  int exit_code_ = kExitOk;
  std::size_t cables_ = 0;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

std::size_t summary_width() {
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  return kDefaultWidth;
}

int run_parse(const ParseOptions& options_in) {
  ParseOptions options = options_in;
  if (options.raw) options.json = true;  // raw texts only exist in the JSON form
  const std::optional<Format> format = parse::format_from_name(options.format);
  if (!format) {
    print_error(Error{.code = Errc::kInvalidInput,
                      .message = fmt::format("unknown format '{}'", options.format),
                      .hint = "use one of " + format_names()});
    return kExitUsage;
  }
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) {
    if (::isatty(STDIN_FILENO)) {
      print_error(Error{.code = Errc::kInvalidInput,
                        .message = "no input given",
                        .hint = "name files or directories, or '-' to read standard input"});
      return kExitUsage;
    }
    paths.emplace_back("-");
  }

  const auto start = std::chrono::steady_clock::now();
  Producer producer(expand_inputs(paths), *format, options.raw, options.max_record_mib << 20);
  const Formatter formatter(options, summary_width());
  Writer writer;
  std::size_t bytes_read = 0;
  const PipelineLimits limits{.threads = options.threads,
                              .max_in_flight = 2 * std::size_t{options.threads} + 2,
                              .max_bytes_in_flight = kMaxBytesInFlight};
  run_ordered<Batch>(
      limits,
      [&](Batch& b) {
        const bool got = producer.fill(b);
        bytes_read += b.bytes;  // producer thread only
        return got;
      },
      [&](Batch& b) { formatter.format(b); }, [&](const Batch& b) { return writer.emit(b); },
      [](const Batch& b) { return b.bytes; });

  if (options.verbose) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double mib = static_cast<double>(bytes_read) / (1024.0 * 1024.0);
    (void)write_all(
        STDERR_FILENO,
        fmt::format("chancery: {} cables, {} errors, {} warnings from {} inputs; "
                    "{:.1f} MiB in {:.2f} s ({:.1f} MiB/s, {} threads)\n",
                    writer.cables(), writer.errors(), writer.warnings(), producer.inputs(), mib,
                    seconds, seconds > 0 ? mib / seconds : 0.0, options.threads));
  }
  return writer.exit_code();
}

}  // namespace

void register_parse(CLI::App& app, Run& run) {
  auto options = std::make_shared<ParseOptions>();
  options->threads = std::max(1u, std::thread::hardware_concurrency());

  CLI::App* sub = app.add_subcommand(
      "parse", "Read cables from files, directories or standard input; print one per line");
  sub->add_option("-f,--format", options->format,
                  "Input format: " + format_names() + " (auto detects it for each input)")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            if (parse::format_from_name(value)) return {};
            return fmt::format("unknown format '{}': use one of {}", value, format_names());
          },
          "", "format"));
  sub->add_flag("-j,--json", options->json,
                "Print JSON Lines: one record per line, with exactly the record's fields");
  sub->add_flag("--raw", options->raw,
                "Add the input verbatim to each record as \"raw\" (implies --json)");
  sub->add_option("-t,--threads", options->threads,
                  "Worker threads (default: the number of processors); the output is the "
                  "same whatever the number")
      ->type_name("N")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--max-record-mib", options->max_record_mib,
                  "Refuse a record (a file, a CSV row, a JSON line) larger than this many MiB; "
                  "bounds memory on hostile input")
      ->type_name("MIB")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  CLI::Option* quiet = sub->add_flag("-q,--quiet", options->quiet,
                                     "Print no error messages (the exit code still tells)");
  sub->add_flag("-v,--verbose", options->verbose,
                "Also print each record's warnings, and a count and speed at the end, to "
                "standard error")
      ->excludes(quiet);
  sub->add_option("PATH", options->paths,
                  "Files or directories (walked recursively, in sorted order, hidden entries "
                  "skipped); '-' or nothing reads standard input")
      ->type_name("");
  sub->footer(
      "Exit codes: 0 every input was parsed; 1 some inputs or records had errors (the rest is "
      "still printed); 2 usage error; 70 internal error.");
  sub->callback([options, &run] { run = [options] { return run_parse(*options); }; });
}

}  // namespace chancery::cli
