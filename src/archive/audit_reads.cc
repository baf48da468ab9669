// Which reads are audited: every one that returns classified text, for
// every viewer (the custodian included). Text is classified for a viewer
// when its level is above UNCLASSIFIED and has not lapsed for it; the entry
// names the cable and the portions returned.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "archive/impl.h"
#include "chancery/archive.h"

namespace chancery::archive {
namespace {

std::string reader_name(const access::Reader& reader) {
  if (reader.everything) return reader.name.empty() ? "(custodian)" : reader.name;
  if (reader.anonymous) return "(reading room)";
  return reader.name;
}

// One AuditLog per file in a process, shared by every Archive open on it:
// a server holds several handles on one archive, and separate connections
// would queue for SQLite's write lock (its busy handler sleeps, up to tens
// of milliseconds) where one AuditLog serialises appends with a mutex.
Result<std::shared_ptr<audit::AuditLog>> shared_audit_log(const std::filesystem::path& file) {
  static std::mutex mu;
  static std::map<std::filesystem::path, std::weak_ptr<audit::AuditLog>> open_logs;
  std::lock_guard lock(mu);
  std::weak_ptr<audit::AuditLog>& slot = open_logs[file];
  if (std::shared_ptr<audit::AuditLog> log = slot.lock()) return log;
  Result<audit::AuditLog> opened = audit::AuditLog::open(file);
  if (!opened) return opened.error();
  auto log = std::make_shared<audit::AuditLog>(std::move(opened).value());
  slot = log;
  return log;
}

}  // namespace

Result<void> Archive::Impl::audit(const Sight& sight, std::string_view action, std::string_view target,
                                  std::string_view portions) {
  if (portions.empty()) return {};
  if (!audit_log) {
    Result<std::shared_ptr<audit::AuditLog>> opened = shared_audit_log(dir / "audit.sqlite");
    if (!opened) return opened.error();
    audit_log = std::move(opened).value();
  }
  Result<std::int64_t> appended = audit_log->append(reader_name(sight.reader), action, target, portions);
  if (!appended) return appended.error();
  return {};
}

Result<void> Archive::Impl::audit_read(const Sight& sight,
                                       std::string_view action, const StoredCable& cable,
                                       const access::CableAccess& access,
                                       const std::vector<bool>& visible) {
  const std::string id = cable.record.id.value_or("");
  std::string portions;
  for (std::size_t i = 0; i < access.portions.size(); ++i) {
    const access::Portion& p = access.portions[i];
    if (!visible[i] || !sight.classified(p.visibility, id)) continue;
    portions += portions.empty() ? "" : ",";
    switch (p.kind) {
      case access::Portion::Kind::kSubject: portions += "subject"; break;
      case access::Portion::Kind::kText: portions += "text"; break;
      case access::Portion::Kind::kParagraph: portions += cable.record.paragraphs[p.paragraph].number; break;
    }
  }
  if (portions.empty()) return {};
  const std::string target = id + " " + cable.record.origin.value_or("") + " v" + std::to_string(cable.version);
  return audit(sight, action, target, id + ": " + portions);
}

Result<std::int64_t> Archive::generation() { return impl_->store.max_seq(); }

Result<void> Archive::record_disclosure(const Viewer& viewer, std::string_view action, std::string_view target,
                                        std::string_view portions) {
  return impl_->audit(impl_->sight(viewer), action, target, portions);
}

}  // namespace chancery::archive
