// fuzz_draft: the draft's JSON form (what POST /api/drafts reads from any
// client) and what is done with a draft. Any input is read as a draft
// (draft_from_json: a draft or kInvalidInput); a draft's JSON reads back to
// itself; validate() never throws and names a field for every problem; and a
// draft rendered as a telegram reads back (parse::read_telegram) without
// throwing, whatever its text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "chancery/compose.h"
#include "chancery/parse.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view text = fuzz::as_text(data, size);
  Result<compose::Draft> d = compose::draft_from_json(text);
  if (!d) {
    fuzz::check(d.error().code == Errc::kInvalidInput, "a bad draft is refused as invalid input");
    return 0;
  }
  Result<compose::Draft> back = compose::draft_from_json(compose::to_json(*d));
  fuzz::check(back.has_value(), "a draft's JSON reads back");
  fuzz::check(back && *back == *d, "a draft's JSON reads back to itself");

  const compose::Context context{.today = "2026-11-29"};
  for (const compose::Problem& p : compose::validate(*d, context)) {
    fuzz::check(!p.field.empty() && !p.message.empty(), "every problem names a field and says what is wrong");
  }

  compose::Numbering n{.id = "26TELAVIV1", .post = "TEL AVIV", .serial = 1, .station = "RUEHTV",
                       .dtg = "2026-11-29T12:00Z", .transmission = "VZCZCXRO0001", .routes = {}, .mcns = {}};
  for (std::size_t i = 0; i < d->to.size() + d->info.size(); ++i) {
    n.routes.emplace_back("RUEHC");
    n.mcns.emplace_back("0001");
  }
  const std::string telegram = compose::render_telegram(*d, n);
  (void)parse::read_telegram(telegram);
  return 0;
}
