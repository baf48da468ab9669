// fuzz_access: the access model's readers of hostile text. Any input is
// read as a portion mark or classification line (parse_marking: a marking
// or kInvalidInput; a marking's canonical form reads back to itself and
// dominates itself), as a policy (Policy::from_json: a policy or an error; a
// policy's JSON reads back to itself), and as a cable body whose lines are
// paragraphs (access_of and portion_text never throw; every portion of a
// cable is at least as restricted as the caption rules make it).
#include <cstddef>
#include <cstdint>
#include <string>

#include "chancery/access.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view text = fuzz::as_text(data, size);

  if (Result<access::Marking> m = access::parse_marking(text)) {
    const std::string canonical = access::format_marking(*m);
    Result<access::Marking> back = access::parse_marking(canonical);
    fuzz::check(back.has_value(), "a canonical marking reads back");
    fuzz::check(back && *back == *m, "a canonical marking reads back to itself");
    fuzz::check(access::dominates(*m, *m), "a marking dominates itself");
  } else {
    fuzz::check(m.error().code == Errc::kInvalidInput, "a marking is refused as invalid input");
  }

  if (Result<access::Policy> p = access::Policy::from_json(text)) {
    Result<access::Policy> back = access::Policy::from_json(p->to_json());
    fuzz::check(back.has_value(), "a policy's JSON reads back");
    fuzz::check(back && back->controls == p->controls && back->holds == p->holds,
                "a policy's JSON reads back to itself");
  }

  // A cable: the first line its classification, the rest its body, each
  // line starting "(X)" a paragraph marked X.
  Cable cable;
  const std::size_t eol = text.find('\n');
  cable.classification = std::string(text.substr(0, eol));
  cable.body = eol == std::string_view::npos ? std::string() : std::string(text.substr(eol + 1));
  std::size_t at = 0;
  while (at < cable.body.size() && cable.paragraphs.size() < 64) {
    std::size_t end = cable.body.find('\n', at);
    if (end == std::string::npos) end = cable.body.size();
    const std::string line = cable.body.substr(at, end - at);
    if (line.size() > 2 && line[0] == '(') {
      const std::size_t close = line.find(')');
      if (close != std::string::npos) {
        cable.paragraphs.push_back(Paragraph{.number = std::to_string(cable.paragraphs.size() + 1),
                                             .marking = line.substr(1, close - 1),
                                             .text = line.substr(close + 1)});
      }
    }
    at = end + 1;
  }
  const access::CableAccess access = access::access_of(cable);
  for (const access::Portion& portion : access.portions) {
    (void)access::portion_text(cable, portion);
    fuzz::check(!portion.inherited || portion.marking == access.overall ||
                    access::dominates(portion.marking, access.overall),
                "an unmarked portion is never less restricted than the cable");
  }
  std::vector<bool> none(access.portions.size(), false);
  const Cable redacted = access::redact(cable, access, none);
  for (const Paragraph& p : redacted.paragraphs) fuzz::check(p.text.empty(), "a withheld paragraph has no text");
  return 0;
}
