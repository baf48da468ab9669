// declassifications(): which cables' classification lapses in a period
// (format spec §5.4): a classified portion's level lapses on the cable's
// release date unless the cable is exempt or held; its controls stay, so a
// cable becomes public only when none of its lapsed portions carries a
// control that restricts the public.

#include <algorithm>
#include <set>

#include "archive/impl.h"
#include "chancery/archive.h"

namespace chancery::archive {

Result<std::vector<Declassified>> Archive::declassifications(std::string_view since, std::string_view until) {
  std::vector<Declassified> out;
  std::optional<Error> failure;
  const access::Reader public_reader = access::Reader::reading_room();
  const access::Policy& policy = impl_->policy;
  Result<void> walked = impl_->store.for_each_changed(
      0, [&](std::int64_t /*key*/, std::string_view json, std::string_view /*digest*/) {
        Result<Cable> cable = from_json(json);
        if (!cable) {
          failure = cable.error();
          return false;
        }
        const access::CableAccess access = access::access_of(*cable);
        const std::string& release = access.declassification.release;
        if (release.empty() || release <= since || release > until) return true;
        Declassified d{.id = cable->id.value_or(""),
                       .origin = cable->origin.value_or(""),
                       .classification = access::format_marking(access.overall),
                       .release = release,
                       .instruction = access.declassification.instruction,
                       .portions = 0,
                       .review = {},
                       .held = policy.held(cable->id.value_or(""))};
        std::set<std::string> review;
        for (const access::Portion& p : access.portions) {
          if (p.visibility.level == access::Level::kUnclassified) continue;
          ++d.portions;
          for (const std::string& control : p.visibility.controls) {
            if (!access::satisfies(public_reader, policy, control, p.visibility.rel_to)) review.insert(control);
          }
        }
        if (d.portions == 0) return true;
        d.review.assign(review.begin(), review.end());
        out.push_back(std::move(d));
        return true;
      });
  if (!walked) return walked.error();
  if (failure) return *failure;
  std::stable_sort(out.begin(), out.end(), [](const Declassified& a, const Declassified& b) {
    return a.release != b.release ? a.release < b.release : a.id < b.id;
  });
  return out;
}

Result<void> Archive::record_declassification(std::string_view officer, std::string_view until,
                                              const std::vector<Declassified>& released) {
  std::string ids;
  for (const Declassified& d : released) {
    if (d.held || !d.review.empty()) continue;
    ids += ids.empty() ? "" : ",";
    ids += d.id;
  }
  if (ids.empty()) return {};
  access::Reader reader = access::Reader::custodian();
  reader.name = std::string(officer);
  const Sight sight{.reader = reader, .policy = impl_->policy, .as_of = std::string(until)};
  return impl_->audit(sight, "declassify", "as of " + std::string(until), ids);
}

}  // namespace chancery::archive
