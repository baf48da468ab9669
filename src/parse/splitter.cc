// RecordSplitter: cuts an input into records while streaming it.
//
// The buffer holds the unconsumed bytes: at most the record being cut plus
// one chunk (and a consumed prefix no larger than what follows it), so memory
// is bounded by about 2 x (max_record_bytes + chunk) whatever the input size.
// A record over the limit is skipped by scanning without storing it.
//
// cables.csv rows are cut by a quote-aware scanner (backslash escapes, no
// quote doubling, newlines inside fields). A row that breaks the shape (a
// closing quote followed by anything but a comma or a line end, a ninth
// field, a field not opening with a quote, a row followed by a line that is
// not another row) is reported as an Error naming the row's first line, and
// cutting resumes at the next line that opens a row:
// "<digits>","<M/D/YYYY H:MM>"," . Such a line never occurs inside a
// well-formed field, where every quote is escaped, so after a missing closing
// quote the next row is found right where the scanner stumbled on it.
#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "chancery/parse.h"

#include "core/text.h"
#include "parse/container.h"

namespace chancery::parse {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;
// Bytes read before guessing the format: enough for every landmark.
constexpr std::size_t kDetectHead = std::size_t{64} << 10;
constexpr std::size_t kFields = 8;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

enum class CsvMode : std::uint8_t {
  kBetweenRows,  // at a line start, expecting a row (blank lines are skipped)
  kInRow,        // cutting a row that starts at `pos`
  kResyncSkip,   // skipping to the next line start
  kResyncCheck,  // at a line start: does a row open here?
};

enum class FieldState : std::uint8_t { kExpectOpen, kInField, kAfterClose, kEndCheck };

// A growable byte buffer that, unlike std::string, does not zero the space a
// read is about to fill (a slow pipe returning a few bytes per read would
// otherwise cost a chunk-sized memset each time).
class Buffer {
 public:
  std::size_t size() const { return size_; }
  const char* data() const { return data_.get(); }
  char operator[](std::size_t i) const { return data_[i]; }
  std::string_view view() const { return {data_.get(), size_}; }
  void clear() { size_ = 0; }
  void erase_front(std::size_t n) {
    std::memmove(data_.get(), data_.get() + n, size_ - n);
    size_ -= n;
  }
  // Room for `n` more bytes at the end; commit() what was written there.
  char* prepare(std::size_t n) {
    if (capacity_ - size_ < n) {
      const std::size_t capacity = std::max(size_ + n, capacity_ * 2);
      auto grown = std::make_unique_for_overwrite<char[]>(capacity);
      if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    return data_.get() + size_;
  }
  void commit(std::size_t n) { size_ += n; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace

struct RecordSplitter::Impl {
  std::unique_ptr<ByteSource> source;
  Format format;
  ReadOptions options;

  Buffer buf;  // unconsumed bytes are buf[pos, buf.size())
  std::size_t pos = 0;
  std::int64_t line = 1;  // line number of buf[pos]
  bool eof = false;
  bool done = false;
  bool started = false;
  std::optional<Error> start_error;  // from format(), reported by the next next()

  // JSON Lines: skipping the rest of an oversized line.
  bool skipping_line = false;

  // cables.csv. Offsets are relative to `pos`, the row's first byte.
  CsvMode mode = CsvMode::kBetweenRows;
  FieldState field = FieldState::kExpectOpen;
  std::size_t scan = 0;
  std::size_t row_end = 0;   // end of the row's bytes (before the line break)
  std::size_t term_end = 0;  // after the line break
  std::size_t fields = 0;
  bool escape_pending = false;
  bool oversize = false;
  std::int64_t row_line = 0;
  std::string row_number;

  // Reads one chunk. Returns false at the end of the input.
  Result<bool> fill() {
    if (eof) return false;
    // Drop the consumed prefix once it outweighs what is left, so that
    // compaction costs are linear in the input.
    if (pos > 0 && pos >= buf.size() - pos) {
      buf.erase_front(pos);
      pos = 0;
    }
    Result<std::size_t> n = source->read(buf.prepare(kChunk), kChunk);
    if (!n) {
      eof = true;
      done = true;
      return n.error();
    }
    buf.commit(std::min(*n, kChunk));
    if (*n == 0) eof = true;
    return *n > 0;
  }

  std::size_t avail() const { return buf.size() - pos; }
  std::string_view rest() const { return buf.view().substr(pos); }

  void consume(std::size_t n) {
    line += count_newlines(buf.view().substr(pos, n));
    pos += n;
  }

  std::string where(std::int64_t at) const { return error_where(options, at); }

  std::optional<Error> start() {
    started = true;
    line = options.first_line;
    if (format == Format::kAuto) {
      while (avail() < kDetectHead && !eof) {
        Result<bool> more = fill();
        if (!more) return more.error();
      }
      std::string_view head = rest();
      format = detect_format(head);
    } else {
      while (avail() < kBom.size() && !eof) {
        Result<bool> more = fill();
        if (!more) return more.error();
      }
    }
    if (rest().substr(0, kBom.size()) == kBom) pos += kBom.size();
    return std::nullopt;
  }

  std::optional<Result<RawRecord>> next_single();
  std::optional<Result<RawRecord>> next_jsonl();
  std::optional<Result<RawRecord>> next_csv();
  Error broken_row(std::size_t fail, std::string_view reason);
  void start_row();
};

std::optional<Result<RawRecord>> RecordSplitter::Impl::next_single() {
  if (done) return std::nullopt;
  while (true) {
    if (avail() > options.max_record_bytes) {
      // Drain without storing: the whole input is the one record.
      buf.clear();
      pos = 0;
      while (!eof) {
        Result<bool> drained = fill();
        if (!drained) return Result<RawRecord>(drained.error());
        buf.clear();
      }
      done = true;
      return Result<RawRecord>(
          Error{.code = Errc::kInvalidInput,
                .message = fmt::format("input larger than the {} record limit",
                                       record_limit_text(options.max_record_bytes)),
                .where = error_where(options)});
    }
    if (eof) break;
    Result<bool> more = fill();
    if (!more) return Result<RawRecord>(more.error());
  }
  done = true;
  RawRecord record{.format = format, .line = options.first_line, .bytes = std::string(rest())};
  buf.clear();
  pos = 0;
  return Result<RawRecord>(std::move(record));
}

std::optional<Result<RawRecord>> RecordSplitter::Impl::next_jsonl() {
  while (!done) {
    const std::string_view r = rest();
    const void* hit = std::memchr(r.data(), '\n', r.size());
    if (hit == nullptr && !eof) {
      if (skipping_line) {
        pos = buf.size();
      } else if (avail() > options.max_record_bytes) {
        skipping_line = true;
        const std::int64_t at = line;
        pos = buf.size();
        return Result<RawRecord>(
            Error{.code = Errc::kInvalidInput,
                  .message = fmt::format("line larger than the {} record limit",
                                         record_limit_text(options.max_record_bytes)),
                  .where = where(at)});
      }
      Result<bool> more = fill();
      if (!more) return Result<RawRecord>(more.error());
      continue;
    }
    const std::size_t len = hit != nullptr
                                ? static_cast<std::size_t>(static_cast<const char*>(hit) - r.data())
                                : r.size();
    std::string_view content = r.substr(0, len);
    const std::int64_t at = line;
    pos += len;
    if (hit != nullptr) {
      ++pos;
      ++line;
    } else {
      done = true;
    }
    if (skipping_line) {
      skipping_line = false;
      continue;
    }
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (text::trim(content).empty()) continue;
    if (content.size() > options.max_record_bytes) {
      return Result<RawRecord>(
          Error{.code = Errc::kInvalidInput,
                .message = fmt::format("line larger than the {} record limit",
                                       record_limit_text(options.max_record_bytes)),
                .where = where(at)});
    }
    return Result<RawRecord>(
        RawRecord{.format = Format::kJsonl, .line = at, .bytes = std::string(content)});
  }
  return std::nullopt;
}

void RecordSplitter::Impl::start_row() {
  mode = CsvMode::kInRow;
  field = FieldState::kExpectOpen;
  scan = 0;
  fields = 0;
  escape_pending = false;
  oversize = false;
  row_line = line;
  row_number.clear();
}

// Reports the row at `pos` as broken at offset `fail` and sets up the resync:
// from the start of the line holding `fail` when that line is not the row's
// first, else from the next line.
Error RecordSplitter::Impl::broken_row(std::size_t fail, std::string_view reason) {
  const std::string_view before = buf.view().substr(pos, fail);
  const std::int64_t fail_line = line + count_newlines(before);
  const std::size_t nl = before.rfind('\n');
  if (nl != std::string_view::npos) {
    consume(nl + 1);
    mode = CsvMode::kResyncCheck;
  } else {
    consume(fail);
    mode = CsvMode::kResyncSkip;
  }
  const std::string row = row_number.empty() ? std::string("a row") : "row " + row_number;
  return Error{.code = Errc::kInvalidInput,
               .message = fmt::format("broken quote in {}: {} on line {}; skipped to the next row",
                                      row, reason, fail_line),
               .where = where(row_line)};
}

std::optional<Result<RawRecord>> RecordSplitter::Impl::next_csv() {
  // Each pass either makes progress on the buffered bytes or reads a chunk.
  auto need_more = [&]() -> std::optional<Error> {
    Result<bool> more = fill();
    if (!more) return more.error();
    return std::nullopt;
  };
  while (!done) {
    switch (mode) {
      case CsvMode::kBetweenRows: {
        if (avail() == 0) {
          if (eof) return std::nullopt;
          if (auto e = need_more()) return Result<RawRecord>(*e);
          continue;
        }
        const char c = buf[pos];
        if (c == '\n') {
          consume(1);
          continue;
        }
        if (c == '\r') {
          if (avail() < 2 && !eof) {
            if (auto e = need_more()) return Result<RawRecord>(*e);
            continue;
          }
          if (avail() < 2 || buf[pos + 1] == '\n') {
            consume(avail() < 2 ? 1 : 2);
            continue;
          }
        }
        if (c == '"') {
          start_row();
          continue;
        }
        mode = CsvMode::kResyncSkip;
        return Result<RawRecord>(Error{.code = Errc::kInvalidInput,
                                       .message = "expected a row opening with a quote; skipped "
                                                  "to the next row",
                                       .where = where(line)});
      }

      case CsvMode::kResyncSkip: {
        const std::string_view r = rest();
        const void* hit = std::memchr(r.data(), '\n', r.size());
        if (hit == nullptr) {
          pos = buf.size();
          if (eof) return std::nullopt;
          if (auto e = need_more()) return Result<RawRecord>(*e);
          continue;
        }
        pos += static_cast<std::size_t>(static_cast<const char*>(hit) - r.data()) + 1;
        ++line;
        mode = CsvMode::kResyncCheck;
        continue;
      }

      case CsvMode::kResyncCheck: {
        const Match m = match_csv_row_start(rest());
        if (m == Match::kYes) {
          mode = CsvMode::kBetweenRows;
        } else if (m == Match::kNo || eof) {
          if (avail() == 0 && eof) return std::nullopt;
          mode = CsvMode::kResyncSkip;
        } else if (auto e = need_more()) {
          return Result<RawRecord>(*e);
        }
        continue;
      }

      case CsvMode::kInRow:
        break;
    }

    // kInRow: scan from `scan` (relative to pos) over what is buffered.
    const char* base = buf.data() + pos;
    const std::size_t end = avail();
    bool starved = false;  // ran out of buffered bytes
    while (!starved) {
      if (field == FieldState::kExpectOpen) {
        if (scan >= end) {
          starved = true;
          break;
        }
        if (base[scan] != '"')
          return Result<RawRecord>(broken_row(scan, "a field does not open with a quote"));
        ++scan;
        field = FieldState::kInField;
      }
      if (field == FieldState::kInField) {
        if (escape_pending) {
          if (scan >= end) {
            starved = true;
            break;
          }
          ++scan;
          escape_pending = false;
        }
        const char* p = base + scan;
        const char* e = base + end;
        // Jump from backslash to backslash up to the next quote: each byte is
        // looked at by memchr a bounded number of times.
        const char* quote = nullptr;
        while (p < e) {
          if (quote == nullptr || quote < p) {
            quote = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(e - p)));
            if (quote == nullptr) quote = e;
          }
          const auto* slash =
              static_cast<const char*>(std::memchr(p, '\\', static_cast<std::size_t>(quote - p)));
          if (slash == nullptr) {
            p = quote;
            break;
          }
          if (slash + 1 >= e) {
            escape_pending = true;
            p = e;
            break;
          }
          p = slash + 2;
        }
        scan = static_cast<std::size_t>(p - base);
        if (p >= e) {
          starved = true;
          break;
        }
        // The row number is field 1, which opens at the row's first byte.
        if (fields == 0 && !oversize && scan <= 13) {
          row_number.assign(base + 1, scan - 1);
          for (char c : row_number) {
            if (!text::is_digit(c)) {
              row_number.clear();
              break;
            }
          }
        }
        ++fields;
        ++scan;
        field = FieldState::kAfterClose;
      }
      if (field == FieldState::kAfterClose) {
        if (scan >= end) {
          if (!eof) {
            starved = true;
            break;
          }
          row_end = term_end = scan;
        } else if (base[scan] == ',') {
          if (fields >= kFields) return Result<RawRecord>(broken_row(scan, "more than 8 fields"));
          ++scan;
          field = FieldState::kExpectOpen;
          continue;
        } else if (base[scan] == '\n') {
          row_end = scan;
          term_end = scan + 1;
        } else if (base[scan] == '\r') {
          if (scan + 1 >= end && !eof) {
            starved = true;
            break;
          }
          if (scan + 1 < end && base[scan + 1] != '\n') {
            return Result<RawRecord>(
                broken_row(scan, "a closing quote is not followed by a comma or a line end"));
          }
          row_end = scan;
          term_end = std::min(scan + 2, end);
        } else {
          return Result<RawRecord>(
              broken_row(scan, "a closing quote is not followed by a comma or a line end"));
        }
        field = FieldState::kEndCheck;
      }
      if (field == FieldState::kEndCheck) {
        // The next line must open a row, be blank or be the end: anything else
        // is the rest of this row's text after a stray quote.
        const std::string_view after(base + term_end, end - term_end);
        bool ok = false;
        if (after.empty()) {
          if (!eof) {
            starved = true;
            break;
          }
          ok = true;
        } else if (after[0] == '\n' || after[0] == '\r') {
          ok = true;
        } else {
          const Match m = match_csv_row_start(after);
          if (m == Match::kNeedMore && !eof) {
            starved = true;
            break;
          }
          ok = m == Match::kYes;
        }
        if (!ok) return Result<RawRecord>(broken_row(term_end, "text follows the last field"));
        const std::int64_t at = row_line;
        const bool too_big = oversize || row_end > options.max_record_bytes;
        std::string bytes;
        if (!too_big) bytes.assign(base, row_end);
        consume(term_end);
        mode = CsvMode::kBetweenRows;
        if (too_big) {
          return Result<RawRecord>(
              Error{.code = Errc::kInvalidInput,
                    .message = fmt::format("row {}larger than the {} record limit; skipped",
                                           row_number.empty() ? "" : row_number + " ",
                                           record_limit_text(options.max_record_bytes)),
                    .where = where(at)});
        }
        return Result<RawRecord>(
            RawRecord{.format = Format::kCablesCsv, .line = at, .bytes = std::move(bytes)});
      }
    }

    // Starved: the row continues past the buffered bytes.
    if (eof) {
      const std::string_view reason = field == FieldState::kExpectOpen
                                          ? "the input ends after a comma"
                                          : "no closing quote before the end of the input";
      Error error = broken_row(scan, reason);
      pos = buf.size();
      done = true;
      return Result<RawRecord>(std::move(error));
    }
    if (!oversize && scan > options.max_record_bytes) oversize = true;
    if (oversize && field == FieldState::kInField) {
      // Keep scanning without holding the row; its lines are still counted.
      consume(scan);
      scan = 0;
    }
    if (auto e = need_more()) return Result<RawRecord>(*e);
  }
  return std::nullopt;
}

RecordSplitter::RecordSplitter(std::unique_ptr<ByteSource> source, Format format,
                               ReadOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->source = std::move(source);
  impl_->format = format;
  impl_->options = std::move(options);
  if (impl_->options.source.empty() && impl_->source != nullptr) {
    impl_->options.source = impl_->source->name();
  }
}

RecordSplitter::~RecordSplitter() = default;

std::optional<Result<RawRecord>> RecordSplitter::next() {
  Impl& s = *impl_;
  if (s.source == nullptr) return std::nullopt;
  if (!s.started) s.start_error = s.start();
  if (s.start_error) {
    Error error = std::move(*s.start_error);
    s.start_error.reset();
    s.done = true;
    return Result<RawRecord>(std::move(error));
  }
  switch (s.format) {
    case Format::kCablesCsv:
      return s.next_csv();
    case Format::kJsonl:
      return s.next_jsonl();
    case Format::kAuto:
    case Format::kTelegram:
    case Format::kCablegateHtml:
    case Format::kPlain:
      break;
  }
  return s.next_single();
}

Format RecordSplitter::format() const {
  if (!impl_->started && impl_->format == Format::kAuto && impl_->source != nullptr) {
    // Detection needs the first bytes; format() before next() reads them.
    impl_->start_error = impl_->start();
  }
  return impl_->format == Format::kAuto ? Format::kTelegram : impl_->format;
}

}  // namespace chancery::parse
