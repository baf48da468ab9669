// Readers and the decision: may this reader see this portion today?
#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "chancery/access.h"

#include "core/text.h"

namespace chancery::access {

Reader Reader::reading_room() {
  Reader r;
  r.anonymous = true;
  return r;
}

Reader Reader::custodian() {
  Reader r;
  r.name = "custodian";
  r.clearance = Level::kTopSecret;
  r.nationality = "USA";
  r.everything = true;
  return r;
}

bool satisfies(const Reader& reader, const Policy& policy, std::string_view control,
               const std::vector<std::string>& rel_to) {
  if (reader.everything) return true;
  const Policy::ControlRule rule = policy.rule_for(control);
  if (rule.rule == Policy::Rule::kOpen) return true;
  // The reading room is the public: nothing beyond open controls.
  if (reader.anonymous) return false;
  const std::string nationality = text::upper(text::trim(reader.nationality));
  switch (rule.rule) {
    case Policy::Rule::kOpen:
      return true;
    case Policy::Rule::kOfficial:
      return true;
    case Policy::Rule::kUsOnly:
      return nationality == "USA";
    case Policy::Rule::kReleasable: {
      if (nationality == "USA") return true;
      for (const std::string& name : releasable_names(nationality)) {
        if (std::find(rel_to.begin(), rel_to.end(), name) != rel_to.end()) return true;
      }
      return false;
    }
    case Policy::Rule::kGroup: {
      const std::string group = text::lower(rule.group);
      if (group.empty()) return false;
      return std::any_of(reader.groups.begin(), reader.groups.end(),
                         [&](const std::string& g) { return text::lower(g) == group; });
    }
  }
  return false;
}

bool released(const Visibility& visibility, std::string_view as_of) {
  return !visibility.release.empty() && !as_of.empty() && visibility.release <= as_of;
}

bool may_see(const Reader& reader, const Policy& policy, const Visibility& visibility,
             std::string_view as_of, bool held) {
  if (reader.everything) return true;
  const bool level_ok =
      visibility.level <= reader.clearance || (released(visibility, as_of) && !held);
  if (!level_ok) return false;
  // Controls never lapse (format spec §5.4 item 7).
  return std::all_of(
      visibility.controls.begin(), visibility.controls.end(),
      [&](const std::string& c) { return satisfies(reader, policy, c, visibility.rel_to); });
}

std::string today() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace chancery::access
