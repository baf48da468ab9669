// Ingest: records are cut from the inputs in order, read and prepared in
// parallel (parse, digest, compress, build the index document), and filed by
// this thread alone, in input order, in store transactions of
// IngestOptions::batch cables. After each commit the new documents go to the
// index shards' writers, which run on their own threads.
//
// The order of durability is what makes a crash harmless: the store commits
// first; the index follows and records how far it got ("last_seq"), so an
// interrupted ingest leaves an index that lags, which the next open catches
// up, and never one ahead of the store.

#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "archive/impl.h"
#include "archive/prepare.h"
#include "chancery/archive.h"
#include "core/ordered_pipeline.h"
#include "index/document.h"
#include "index/shards.h"
#include "index/tokenizer.h"

namespace chancery::archive {
namespace {

constexpr std::size_t kBatchBytes = std::size_t{1} << 20;
constexpr std::size_t kBatchItems = 256;

struct Item {
  std::shared_ptr<const std::string> source;
  parse::RawRecord record;
  std::optional<Error> error;
  // Made by the worker:
  std::optional<store::NewVersion> version;
  std::optional<std::vector<Xapian::Document>> docs;  // null when the store already has this content
  std::string id;
};

struct Batch {
  std::vector<Item> items;
  std::size_t bytes = 0;
  std::uint64_t input_bytes = 0;  // bytes of the inputs consumed up to this batch
};

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Counts the bytes pulled through a source (for progress).
class CountingSource : public ByteSource {
 public:
  CountingSource(std::unique_ptr<ByteSource> inner, std::uint64_t& count)
      : inner_(std::move(inner)), count_(count) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    Result<std::size_t> n = inner_->read(buffer, size);
    if (n) count_ += *n;
    return n;
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::uint64_t& count_;
};

class Producer {
 public:
  Producer(const std::vector<IngestInput>& inputs, const IngestOptions& options)
      : inputs_(inputs), options_(options) {}

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
        Item item;
        item.source = source_;
        item.record = std::move(*next).value();
        batch.items.push_back(std::move(item));
      } else {
        add_error(batch, std::move(next->error()));
      }
    }
    batch.input_bytes = compressed_bytes_;
    return !batch.items.empty();
  }

 private:
  void open(const IngestInput& input, Batch& batch) {
    source_ = std::make_shared<const std::string>(input.name);
    Result<std::unique_ptr<ByteSource>> opened =
        input.open ? input.open()
                   : Result<std::unique_ptr<ByteSource>>(
                         Error{.code = Errc::kInternal, .message = "no way to open the input"});
    if (!opened) {
      add_error(batch, std::move(opened.error()));
      return;
    }
    auto counted = std::make_unique<CountingSource>(std::move(opened).value(), compressed_bytes_);
    splitter_ = std::make_unique<parse::RecordSplitter>(
        decompressing(std::move(counted)), options_.format,
        parse::ReadOptions{.keep_raw = false,
                           .source = input.name,
                           .max_record_bytes = options_.max_record_bytes});
    yielded_ = false;
  }

  void add_error(Batch& batch, Error error) {
    if (error.where.empty()) error.where = *source_;
    batch.bytes += error.message.size();
    Item item;
    item.source = source_;
    item.error = std::move(error);
    batch.items.push_back(std::move(item));
  }

  const std::vector<IngestInput>& inputs_;
  const IngestOptions& options_;
  std::size_t next_ = 0;
  std::unique_ptr<parse::RecordSplitter> splitter_;
  std::shared_ptr<const std::string> source_;
  bool yielded_ = false;
  std::uint64_t compressed_bytes_ = 0;
};

// Per worker thread: a tokenizer (stem cache) and a read connection.
struct WorkerState {
  index::Tokenizer tokenizer;
  std::optional<store::Store> reader;
};

void prepare(Item& item, WorkerState& state, const std::filesystem::path& dir) {
  if (item.error) return;
  const std::string where = fmt::format("{}:{}", *item.source, item.record.line);
  Result<Cable> cable =
      parse::read_record(item.record, parse::ReadOptions{.keep_raw = false, .source = *item.source});
  if (!cable) {
    Error& e = cable.error();
    if (e.where.empty() || e.where == *item.source) e.where = where;
    item.error = std::move(e);
    return;
  }
  Result<store::NewVersion> version = prepare_version(
      *cable, item.record.bytes, where, std::string(parse::format_name(item.record.format)));
  if (!version) {
    item.error = std::move(version.error());
    return;
  }
  item.id = version->id;
  // Content the store already has needs no document: re-ingesting an
  // archive's inputs costs a parse and a lookup per cable.
  if (!state.reader) {
    Result<store::Store> reader = store::Store::open(store_path(dir), false, true);
    if (reader) state.reader.emplace(std::move(reader).value());
  }
  bool known = false;
  if (state.reader) {
    Result<bool> has = state.reader->has_digest(version->id, version->origin, version->digest);
    known = has && *has;
  }
  if (!known) item.docs = documents_of(*cable, version->digest, state.tokenizer);
  item.version = std::move(version).value();
  std::string().swap(item.record.bytes);
}

}  // namespace

Result<IngestReport> Archive::ingest(const std::vector<IngestInput>& inputs,
                                     const IngestOptions& options) {
  if (impl_->read_only) {
    return Error{.code = Errc::kDenied, .message = "the archive was opened read-only"};
  }
  const auto start = std::chrono::steady_clock::now();
  // The index writer's lock is the archive's writer lock: one ingest at a time.
  Result<std::unique_ptr<index::ShardWriter>> writer =
      index::ShardWriter::open(impl_->index_dir(), impl_->shards, false);
  if (!writer) return writer.error();
  impl_->reader.reset();

  IngestReport report;
  IngestProgress progress;
  for (const IngestInput& input : inputs) progress.bytes_total += input.size;
  const unsigned threads =
      options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());

  std::optional<store::Transaction> tx;
  std::vector<Committed> pending;
  struct Indexed {
    std::int64_t key;
    std::vector<Xapian::Document> docs;
    bool replacing;
  };
  std::vector<Indexed> docs;
  std::optional<Error> fatal;
  const std::string now = now_utc();

  const auto commit = [&]() -> bool {
    if (!tx) return true;
    if (Result<void> r = tx->commit(); !r) {
      fatal = r.error();
      return false;
    }
    tx.reset();
    Result<std::int64_t> seq = impl_->store.max_seq();
    if (!seq) {
      fatal = seq.error();
      return false;
    }
    if (options.on_commit && !pending.empty()) options.on_commit(pending);
    pending.clear();
    for (Indexed& d : docs) (*writer)->replace(d.key, std::move(d.docs), d.replacing);
    docs.clear();
    (*writer)->mark(*seq);
    return true;
  };

  // Each worker thread keeps its tokenizer (and its stem cache) for the run.
  std::mutex states_mu;
  std::unordered_map<std::thread::id, std::unique_ptr<WorkerState>> states;
  const auto worker_state = [&]() -> WorkerState& {
    std::lock_guard lock(states_mu);
    std::unique_ptr<WorkerState>& s = states[std::this_thread::get_id()];
    if (!s) s = std::make_unique<WorkerState>();
    return *s;
  };

  Producer producer(inputs, options);
  std::size_t in_tx = 0;
  try {
    run_ordered<Batch>(
        PipelineLimits{.threads = threads,
                       .max_in_flight = 2 * std::size_t{threads} + 2,
                       .max_bytes_in_flight = std::size_t{64} << 20},
        [&](Batch& b) { return producer.fill(b); },
        [&](Batch& b) {
          WorkerState& s = worker_state();
          for (Item& item : b.items) prepare(item, s, impl_->dir);
        },
        [&](Batch& b) {
          for (Item& item : b.items) {
            if (item.error) {
              ++report.failed;
              ++progress.failed;
              report.failures.push_back(std::move(*item.error));
              continue;
            }
            if (!tx) {
              Result<store::Transaction> begun = store::Transaction::begin(impl_->store.db());
              if (!begun) {
                fatal = begun.error();
                return false;
              }
              tx.emplace(std::move(begun).value());
            }
            Result<store::Filed> filed = impl_->store.file(*item.version, now);
            if (!filed) {
              fatal = filed.error();
              return false;
            }
            ++progress.cables;
            switch (filed->outcome) {
              case Outcome::kNew:
                ++report.added;
                break;
              case Outcome::kNewVersion:
                ++report.new_versions;
                break;
              default:
                ++report.unchanged;
                break;
            }
            if (filed->outcome != Outcome::kUnchanged) {
              if (!item.docs) {
                fatal = Error{.code = Errc::kInternal,
                              .message = "ingest: new content without an index document"};
                return false;
              }
              docs.push_back(Indexed{.key = filed->key,
                                     .docs = std::move(*item.docs),
                                     .replacing = filed->outcome == Outcome::kNewVersion});
            }
            pending.push_back(Committed{.id = item.version->id,
                                        .origin = item.version->origin,
                                        .version = filed->version,
                                        .outcome = filed->outcome});
            if (++in_tx >= options.batch) {
              in_tx = 0;
              if (!commit()) return false;
            }
          }
          progress.bytes_read = b.input_bytes;
          if (options.on_progress) options.on_progress(progress);
          return true;
        },
        [](const Batch& b) { return b.bytes; });
  } catch (const std::exception& e) {
    fatal = Error{.code = Errc::kInternal, .message = std::string("ingest: ") + e.what()};
  }
  if (!fatal) commit();
  if (fatal) return *fatal;
  if (Result<void> r = (*writer)->commit(); !r) return r.error();
  report.bytes = progress.bytes_read;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace chancery::archive
