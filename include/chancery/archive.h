// The archive: every version of every cable, kept and searchable.
//
// An archive is one directory: `store.sqlite` (SQLite in WAL mode), the system
// of record holding for each version the raw input verbatim (zstd) and the
// parsed record, and `index/` (Xapian), the search index, which is derived
// from the store and can always be rebuilt from it (reindex()). Opening an
// archive whose index lags the store (a crash between the two commits)
// catches the index up before anything reads it.
//
// Identity: a cable is (id, origin). Canonical ids are not unique across
// origins (the embassy and the mission to the EU both yield xxBRUSSELSnnnn),
// so both are kept and `origin` tells them apart. The same (id, origin) with
// different content is a new version; the same content again changes nothing.
//
// Threads: an Archive is used from one thread at a time; ingest() runs its
// own workers inside. Several processes may read while one writes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/access.h"
#include "chancery/cable.h"
#include "chancery/parse.h"
#include "chancery/result.h"
#include "chancery/source.h"

namespace chancery::archive {

// Who reads, and as of when. Every read of the archive is made for a viewer:
// search, cables, versions and diffs, references, statistics and exports
// show only the portions the viewer may see (access.h), and each read that
// returns classified text is written to the audit log. The default viewer is
// the archive's custodian (the local command line, which owns the files):
// it sees everything, and its reads are audited too.
struct Viewer {
  access::Reader reader = access::Reader::custodian();
  std::string as_of;  // "YYYY-MM-DD" the clock reads; "" for today
};

// Where the archive lives when nothing is said: $CHANCERY_ARCHIVE, else ./archive.
std::filesystem::path default_archive_dir();

// One stored version of a cable.
struct VersionInfo {
  int version = 1;       // 1, 2, ... in order of arrival
  std::string digest;    // hex digest of the record's content (what makes a version)
  std::string ingested;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string source;    // the input it came from, "cables.csv:1042"
  std::string format;    // the reader that read it
};

// One portion of a cable as a viewer gets it.
struct PortionView {
  access::Portion::Kind kind = access::Portion::Kind::kText;
  std::string number;   // the paragraph's number ("" for the subject and the text)
  std::string marking;  // its effective marking, canonical ("SECRET//NOFORN")
  bool inherited = false;  // unmarked: the cable's marking
  bool withheld = false;   // the viewer may not see it
};

// A cable as stored: its record (of the version asked for) and its history.
// For a viewer who may not see every portion the record is redacted: a
// withheld paragraph keeps its number and mark with empty text, a withheld
// subject is null, the body is rebuilt from the portions shown (placeholders
// for the others), and summary, signatures, warnings and raw input (which
// may hold any portion) are left out.
struct StoredCable {
  std::int64_t key = 0;  // the archive's own number for (id, origin); stable
  int version = 1;       // the version `record` is
  std::vector<VersionInfo> versions;
  Cable record;                    // raw is filled only when asked for
  std::vector<PortionView> portions;  // subject (if any), paragraphs, text outside them
  bool redacted = false;              // some portion is withheld
  std::string overall;                // the cable's overall marking, canonical
};

// What one cable of an ingest became.
enum class Outcome : std::uint8_t { kNew, kNewVersion, kUnchanged, kFailed };

struct IngestProgress {
  std::uint64_t bytes_read = 0;   // input bytes consumed so far
  std::uint64_t bytes_total = 0;  // sum of the sizes known in advance (0: unknown)
  std::uint64_t cables = 0;       // cables filed (any outcome but kFailed)
  std::uint64_t failed = 0;
};

// A cable made durable: reported after the store's transaction commits.
struct Committed {
  std::string id;
  std::string origin;
  int version = 1;
  Outcome outcome = Outcome::kNew;
};

struct IngestOptions {
  parse::Format format = parse::Format::kAuto;
  unsigned threads = 0;  // parsing threads; 0: one per core
  std::size_t max_record_bytes = parse::ReadOptions{}.max_record_bytes;
  // Cables per store transaction: bigger is faster, smaller loses less to a crash.
  std::size_t batch = 2000;
  std::function<void(const IngestProgress&)> on_progress;        // from the calling thread
  std::function<void(const std::vector<Committed>&)> on_commit;  // after each store commit
};

// One input to ingest; opened when its turn comes, so thousands of files do
// not hold thousands of descriptors.
struct IngestInput {
  std::string name;  // path, or "-" for standard input
  std::uint64_t size = 0;  // bytes when known in advance (for the ETA), else 0
  std::function<Result<std::unique_ptr<ByteSource>>()> open;
};

struct IngestReport {
  std::uint64_t added = 0;         // new cables
  std::uint64_t new_versions = 0;  // new versions of cables already there
  std::uint64_t unchanged = 0;     // content already stored
  std::uint64_t failed = 0;        // records or inputs that could not be filed
  std::vector<Error> failures;     // each with its file and line
  std::uint64_t bytes = 0;         // input bytes read (decompressed)
  double seconds = 0;
};

// What refs() finds around one cable.
struct RefEntry {
  std::string id;
  std::optional<std::string> origin;   // null when the cable is not in the archive (for the viewer)
  std::optional<std::string> subject;  // of the cable in the archive (null when withheld)
  std::optional<std::string> created;
  std::string text;                    // how the citing cable wrote the reference ("" for cited-by)
};

struct RefGraph {
  std::string id;
  std::string origin;
  std::vector<RefEntry> cites;     // references resolved to cable ids, in the order written
  std::vector<RefEntry> cited_by;  // cables whose references name this one, by date
  std::vector<RefEntry> missing;   // cited cables that are not in the archive
  std::vector<RefEntry> series;    // other parts of its series "(cable 2 of 4)", by part
};

// Counts over the current version of every cable.
struct Stats {
  std::uint64_t cables = 0;
  std::uint64_t versions = 0;
  std::vector<std::pair<std::string, std::uint64_t>> by_year;            // by year
  std::vector<std::pair<std::string, std::uint64_t>> by_origin;          // most first
  std::vector<std::pair<std::string, std::uint64_t>> by_classification;  // most first
  std::vector<std::pair<std::string, std::uint64_t>> by_tag;             // most first
};

// The result of check(): empty `problems` means consistent.
struct CheckReport {
  std::uint64_t cables = 0;
  std::uint64_t indexed = 0;
  std::vector<std::string> problems;
};

// A cable whose classification lapses in a period (declassifications()).
struct Declassified {
  std::string id;
  std::string origin;
  std::string classification;  // the overall marking, canonical
  std::string release;         // "YYYY-MM-DD"
  std::string instruction;     // the DECL instruction as written ("" for none: the 25-year rule)
  std::size_t portions = 0;    // classified portions that lapse
  // Controls that still keep lapsed portions from the public (NOFORN,
  // OFFICIAL, EXDIS...: they never lapse by themselves and need review);
  // empty when the cable becomes public.
  std::vector<std::string> review;
  bool held = false;           // held for review by the policy: nothing lapses
};

struct SearchRequest;
struct SearchResult;

class Archive {
 public:
  // Creates an empty archive in `dir` (made if missing; must be empty or absent).
  static Result<Archive> create(const std::filesystem::path& dir);
  // How open() treats an index behind the store.
  enum class IndexUpkeep : std::uint8_t {
    kCatchUp,  // index what the store has and the index lacks; rebuild an index
               // of an older vocabulary (reindex())
    kNone,     // leave it (the caller reindexes, or only reads)
  };
  // Opens an existing archive; catches its index up with the store unless
  // `read_only` (a read-only open searches what the index has).
  static Result<Archive> open(const std::filesystem::path& dir, bool read_only = false,
                              IndexUpkeep upkeep = IndexUpkeep::kCatchUp);

  Archive(Archive&&) noexcept;
  Archive& operator=(Archive&&) noexcept;
  ~Archive();

  const std::filesystem::path& dir() const;

  // Reads the inputs (records parsed in parallel, filed by one writer) and
  // indexes what changed. Bad records are reported in the report and skipped;
  // the call fails only when the archive itself cannot be written.
  Result<IngestReport> ingest(const std::vector<IngestInput>& inputs, const IngestOptions& options);

  // The cables with this id (case-insensitive) the viewer may see, one per origin.
  Result<std::vector<StoredCable>> find(std::string_view id, const Viewer& viewer = {});
  // One cable: `origin` chooses among several with the id (kConflict when
  // needed but missing), `version` among its versions (default: the latest).
  // A cable the viewer may see no portion of is kNotFound, as if absent.
  // `with_raw` is kDenied unless the viewer may see every portion.
  Result<StoredCable> get(std::string_view id, std::optional<std::string_view> origin = {},
                          std::optional<int> version = {}, bool with_raw = false,
                          const Viewer& viewer = {});
  // A unified diff of the cable text of two versions (as the viewer sees them).
  Result<std::string> diff(std::string_view id, std::optional<std::string_view> origin, int from,
                           int to, const Viewer& viewer = {});

  // Cables the viewer may not see are, for it, not in the archive.
  Result<RefGraph> refs(std::string_view id, std::optional<std::string_view> origin = {},
                        const Viewer& viewer = {});
  Result<Stats> stats(const Viewer& viewer = {});
  Result<SearchResult> search(const SearchRequest& request, const Viewer& viewer = {});

  // The cables whose classification lapses after `since` and on or before
  // `until` ("YYYY-MM-DD"), by release date: what becomes public, what still
  // needs review for its controls, and what the policy holds back. Reads
  // every cable's current version.
  Result<std::vector<Declassified>> declassifications(std::string_view since, std::string_view until);
  // Records a declassification review in the audit log (the act, with the
  // ids that became public).
  Result<void> record_declassification(std::string_view officer, std::string_view until,
                                       const std::vector<Declassified>& released);

  // A number that changes whenever the archive's content does (a cable or
  // version filed): what a cache of search results is keyed by.
  Result<std::int64_t> generation();
  // Appends an audit entry for a disclosure made again without a read: a
  // search result served from a cache (SearchResult::disclosed).
  Result<void> record_disclosure(const Viewer& viewer, std::string_view action, std::string_view target,
                                 std::string_view portions);

  // What the archive's access policy is (access.json in the archive, or the
  // defaults), and setting it.
  const access::Policy& policy() const;
  Result<void> set_policy(const access::Policy& policy);

  // Indexes what the store holds and the index lacks (cables filed by a
  // send, or by another process): what open() does, on demand. Errors:
  // kDenied on a read-only archive.
  Result<void> catch_up();

  // Rebuilds the index from the store.
  Result<void> reindex(const std::function<void(std::uint64_t done, std::uint64_t total)>& progress = {});
  // Rewrites the index shards compactly (Xapian's compaction: full B-tree
  // blocks, 30-50% smaller after an ingest) and checkpoints and vacuums the
  // store. Returns the archive's size in bytes afterwards.
  Result<std::uint64_t> compact();
  // PRAGMA integrity_check, and the index against the store: one document per
  // cable, of its current version, and nothing else.
  Result<CheckReport> check();

  struct Impl;  // the store and the index (src/archive/)

 private:
  explicit Archive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::archive
