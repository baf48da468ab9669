// Shared by the compose tests: comparing the record a telegram reads back to
// the record it should give, field by field, with messages that name the
// field and both values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "chancery/cable.h"
#include "chancery/compose.h"
#include "chancery/parse.h"
#include "core/text.h"

namespace chancery::compose::test {

// Paragraph texts are compared with every run of white space (line breaks
// included) taken as one space, and trimmed: the renderer wraps text at its
// own width and the reader keeps a paragraph's line breaks as written, so
// the same words come back on other lines. Nothing else is normalised.
inline std::string words(std::string_view s) { return text::squeeze_spaces(s); }

inline std::string show(const std::optional<std::string>& s) {
  return s ? "\"" + *s + "\"" : "null";
}

inline std::string show(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const std::string& s : v) out += (out.size() > 1 ? ", \"" : "\"") + s + "\"";
  return out + "]";
}

inline void compare_recipients(std::string_view block, const std::vector<Recipient>& want,
                               const std::vector<Recipient>& got, std::vector<std::string>& out) {
  if (want.size() != got.size()) {
    out.push_back(fmt::format("{}: {} addressees, read back {}", block, want.size(), got.size()));
    return;
  }
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Recipient& w = want[i];
    const Recipient& g = got[i];
    if (w.route != g.route || w.name != g.name || w.precedence != g.precedence || w.mcn != g.mcn ||
        w.excluded != g.excluded) {
      out.push_back(fmt::format("{}[{}]: want {} {} {} {} {}, read back {} {} {} {} {}", block, i,
                                show(w.route), w.name, show(w.precedence), show(w.mcn),
                                show(w.excluded), show(g.route), g.name, show(g.precedence),
                                show(g.mcn), show(g.excluded)));
    }
  }
}

// The fields of the round trip: id, from, to, info, subject, tags,
// references, classification, handling, paragraphs, created, declassify_on,
// classified_by, reasons and the signature. Empty when all agree.
inline std::vector<std::string> differences(const Cable& want, const Cable& got) {
  std::vector<std::string> out;
  auto field = [&](std::string_view name, const auto& w, const auto& g) {
    if (!(w == g)) out.push_back(fmt::format("{}: want {}, read back {}", name, show(w), show(g)));
  };
  field("id", want.id, got.id);
  field("from", want.from, got.from);
  compare_recipients("to", want.to, got.to, out);
  compare_recipients("info", want.info, got.info, out);
  field("subject", want.subject, got.subject);
  field("tags", want.tags, got.tags);
  if (want.references.size() != got.references.size()) {
    out.push_back(fmt::format("references: {} entries, read back {}", want.references.size(),
                              got.references.size()));
  } else {
    for (std::size_t i = 0; i < want.references.size(); ++i) {
      const Reference& w = want.references[i];
      const Reference& g = got.references[i];
      if (!(w == g)) {
        out.push_back(fmt::format("references[{}]: want {} {} \"{}\", read back {} {} \"{}\"", i,
                                  show(w.bullet), show(w.id), w.text, show(g.bullet), show(g.id),
                                  g.text));
      }
    }
  }
  field("classification", want.classification, got.classification);
  field("handling", want.handling, got.handling);
  if (want.paragraphs.size() != got.paragraphs.size()) {
    out.push_back(fmt::format("paragraphs: {}, read back {}", want.paragraphs.size(),
                              got.paragraphs.size()));
  } else {
    for (std::size_t i = 0; i < want.paragraphs.size(); ++i) {
      const Paragraph& w = want.paragraphs[i];
      const Paragraph& g = got.paragraphs[i];
      const std::string wt = words(w.text);
      const std::string gt = words(g.text);
      if (w.number != g.number || w.marking != g.marking || wt != gt) {
        // Where the texts part, with some context.
        std::size_t at = 0;
        while (at < wt.size() && at < gt.size() && wt[at] == gt[at]) ++at;
        const std::size_t from = at > 60 ? at - 60 : 0;
        out.push_back(fmt::format(
            "paragraphs[{}]: want {} {} ...\"{}\", read back {} {} ...\"{}\"", i, w.number,
            show(w.marking), wt.substr(from, 160), g.number, show(g.marking), gt.substr(from, 160)));
      }
    }
  }
  field("created", want.created, got.created);
  field("declassify_on", want.declassify_on, got.declassify_on);
  field("classified_by", want.classified_by, got.classified_by);
  field("reasons", want.reasons, got.reasons);
  field("signed_by", want.signed_by, got.signed_by);
  return out;
}

}  // namespace chancery::compose::test
