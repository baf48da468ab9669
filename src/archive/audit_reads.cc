// Which reads are audited: every one that returns classified text, for
// every viewer (the custodian included). Text is classified for a viewer
// when its level is above UNCLASSIFIED and has not lapsed for it; the entry
// names the cable and the portions returned.

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

}  // namespace

Result<void> Archive::Impl::audit(const Sight& sight, std::string_view action, std::string_view target,
                                  std::string_view portions) {
  if (portions.empty()) return {};
  if (!audit_log) {
    Result<audit::AuditLog> opened = audit::AuditLog::open(dir / "audit.sqlite");
    if (!opened) return opened.error();
    audit_log.emplace(std::move(opened).value());
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

}  // namespace chancery::archive
