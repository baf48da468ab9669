// fuzz_plain: parse::read_plain (5 metadata lines, then the telegram).
#include <cstddef>
#include <cstdint>

#include "chancery/parse.h"

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view input = fuzz::as_text(data, size);
  const parse::ReadOptions options = fuzz::options_for(size);
  Result<Cable> cable = parse::read_plain(input, options);
  fuzz::check_not_internal(cable);
  if (!cable) return 0;
  fuzz::check_cable(*cable, input, options.first_line, "plain");
  fuzz::check(input.empty() || !(cable->raw->header + cable->raw->body).empty(),
              "plain raw text kept");
  return 0;
}
