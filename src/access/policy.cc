// What each control asks of a reader, and the holds on declassification.
//
// The policy is data, not code: a change of policy needs no reindexing, since
// the index stores controls by name and the check happens at query time.
#include <string>
#include <string_view>
#include <utility>

#include "chancery/access.h"

#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/text.h"

namespace chancery::access {
namespace {

constexpr std::pair<Policy::Rule, std::string_view> kRuleNames[] = {
    {Policy::Rule::kOpen, "open"},      {Policy::Rule::kOfficial, "official"},
    {Policy::Rule::kUsOnly, "us_only"}, {Policy::Rule::kReleasable, "releasable"},
    {Policy::Rule::kGroup, "group"},
};

std::string_view rule_name(Policy::Rule rule) {
  for (const auto& [r, name] : kRuleNames) {
    if (r == rule) return name;
  }
  return "group";
}

std::optional<Policy::Rule> rule_from_name(std::string_view name) {
  for (const auto& [r, n] : kRuleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

std::string control_key(std::string_view control) {
  return text::squeeze_spaces(text::upper(control));
}

Error bad_policy(std::string message) {
  return Error{.code = Errc::kInvalidInput,
               .message = "access policy: " + std::move(message),
               .hint = R"(expected {"controls": {"EXDIS": {"rule": "group", "group": "exdis"}}, )"
                       R"("holds": {"07X1": "reason"}})"};
}

}  // namespace

Policy Policy::defaults() {
  Policy p;
  for (std::string_view c : {"SIPDIS", "CODEL", "TERREP"})
    p.controls[std::string(c)] = {Rule::kOpen, ""};
  p.controls["OFFICIAL"] = {Rule::kOfficial, ""};
  p.controls["NOFORN"] = {Rule::kUsOnly, ""};
  p.controls["REL"] = {Rule::kReleasable, ""};
  for (std::string_view c : {"EXDIS", "NODIS", "LIMDIS", "STADIS", "ORCON", "SPECAT"}) {
    p.controls[std::string(c)] = {Rule::kGroup, text::lower(c)};
  }
  return p;
}

Policy::ControlRule Policy::rule_for(std::string_view control) const {
  const std::string key = control_key(control);
  if (auto it = controls.find(key); it != controls.end()) return it->second;
  // Unknown controls restrict: only members of a group of that name pass.
  return {Rule::kGroup, text::lower(key)};
}

bool Policy::held(std::string_view id) const {
  return holds.find(text::upper(text::trim(id))) != holds.end();
}

std::string Policy::to_json() const {
  std::string out;
  json::Writer w(out);
  w.begin_object().key_literal("controls").begin_object();
  for (const auto& [name, rule] : controls) {
    w.key(name).begin_object().key_literal("rule").value(rule_name(rule.rule));
    if (rule.rule == Rule::kGroup) w.key_literal("group").value(rule.group);
    w.end_object();
  }
  w.end_object().key_literal("holds").begin_object();
  for (const auto& [id, reason] : holds) w.key(id).value(reason);
  w.end_object().end_object();
  return out;
}

Result<Policy> Policy::from_json(std::string_view text) {
  Result<json::Value> parsed = json::parse(text);
  if (!parsed) return bad_policy(parsed.error().message);
  const json::Value& root = *parsed;
  if (!root.is_object()) return bad_policy("expected an object");
  Policy p = defaults();
  // Unknown keys are refused: a misspelt "hold" must not silently drop holds.
  for (const json::Member& m : root.as_object()) {
    if (m.key == "controls") {
      if (!m.value.is_object()) return bad_policy("\"controls\" must be an object");
      for (const json::Member& c : m.value.as_object()) {
        const std::string name = control_key(c.key);
        if (name.empty()) return bad_policy("a control has an empty name");
        if (!c.value.is_object()) return bad_policy("control " + name + " must be an object");
        ControlRule rule;
        bool have_rule = false;
        std::optional<std::string> group;
        for (const json::Member& f : c.value.as_object()) {
          if (f.key == "rule" && f.value.is_string()) {
            std::optional<Rule> r = rule_from_name(f.value.as_string());
            if (!r)
              return bad_policy("control " + name + ": unknown rule \"" + f.value.as_string() +
                                "\"");
            rule.rule = *r;
            have_rule = true;
          } else if (f.key == "group" && f.value.is_string()) {
            group = text::lower(text::trim(f.value.as_string()));
          } else {
            return bad_policy("control " + name + ": unexpected or mistyped \"" + f.key + "\"");
          }
        }
        if (!have_rule) return bad_policy("control " + name + " has no \"rule\"");
        if (rule.rule == Rule::kGroup) {
          rule.group = group && !group->empty() ? *group : text::lower(name);
        }
        p.controls[name] = std::move(rule);
      }
    } else if (m.key == "holds") {
      if (!m.value.is_object()) return bad_policy("\"holds\" must be an object");
      for (const json::Member& h : m.value.as_object()) {
        if (!h.value.is_string())
          return bad_policy("the reason of hold " + h.key + " must be a string");
        const std::string id = text::upper(text::trim(h.key));
        if (id.empty()) return bad_policy("a hold has an empty id");
        p.holds[id] = h.value.as_string();
      }
    } else {
      return bad_policy("unexpected key \"" + m.key + "\"");
    }
  }
  return p;
}

}  // namespace chancery::access
