// The archive's access policy: access.json in the archive directory, or the
// defaults (access.h). Written whole to a temporary file and renamed, so a
// reader never sees half a policy.

#include <fstream>
#include <sstream>
#include <system_error>

#include "archive/impl.h"
#include "chancery/archive.h"

namespace chancery::archive {

namespace fs = std::filesystem;

fs::path policy_path(const fs::path& dir) { return dir / "access.json"; }

Result<void> Archive::Impl::load_policy() {
  std::error_code ec;
  if (!fs::exists(policy_path(dir), ec)) {
    policy = access::Policy::defaults();
    return {};
  }
  std::ifstream in(policy_path(dir), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    return Error{.code = Errc::kIo, .message = "cannot read the access policy", .where = policy_path(dir).string()};
  }
  Result<access::Policy> read = access::Policy::from_json(text.str());
  if (!read) {
    read.error().where = policy_path(dir).string();
    return read.error();
  }
  policy = std::move(read).value();
  return {};
}

const access::Policy& Archive::policy() const { return impl_->policy; }

Result<void> Archive::set_policy(const access::Policy& policy) {
  if (impl_->read_only) {
    return Error{.code = Errc::kDenied, .message = "the archive was opened read-only"};
  }
  const fs::path path = policy_path(impl_->dir);
  fs::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << policy.to_json() << '\n';
    out.flush();
    if (!out) {
      return Error{.code = Errc::kIo, .message = "cannot write the access policy", .where = temporary.string()};
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    return Error{.code = Errc::kIo, .message = "cannot replace the access policy: " + ec.message(),
                 .where = path.string()};
  }
  impl_->policy = policy;
  return {};
}

}  // namespace chancery::archive
