// fuzz_jsonl: parse::read_jsonl_line and from_json.
// A record's fields are whatever the JSON says (ids and warning lines
// included), so the invariant here is the round trip: whatever is accepted
// is written back by to_json and read again to an equal Cable.
#include <cstddef>
#include <cstdint>
#include <string>

#include "chancery/cable.h"
#include "chancery/parse.h"

#include "fuzz_checks.h"

namespace {

void check_round_trip(const chancery::Cable& cable) {
  using namespace chancery;
  const std::string json = to_json(cable);
  fuzz::check(text::is_valid_utf8(json), "to_json writes valid UTF-8");
  fuzz::check(json.find('\n') == std::string::npos, "to_json writes one line");
  Result<Cable> again = from_json(json);
  fuzz::check(again.has_value(), "from_json reads what to_json wrote");
  fuzz::check(*again == cable, "from_json(to_json(c)) == c");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view input = fuzz::as_text(data, size);
  if (Result<Cable> cable = from_json(input)) check_round_trip(*cable);
  parse::ReadOptions options = fuzz::options_for(size);
  options.keep_raw = (size & 1) != 0;
  if (Result<Cable> cable = parse::read_jsonl_line(input, options)) check_round_trip(*cable);
  return 0;
}
