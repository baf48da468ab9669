// fuzz_telegram: parse::read_telegram on arbitrary bytes.
// Beyond the shared checks, a bare telegram's raw text is the input itself.
#include <cstddef>
#include <cstdint>
#include <string>

#include "chancery/parse.h"

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view input = fuzz::as_text(data, size);
  const parse::ReadOptions options = fuzz::options_for(size);
  Result<Cable> cable = parse::read_telegram(input, options);
  fuzz::check_not_internal(cable);
  if (!cable) return 0;
  fuzz::check_cable(*cable, input, options.first_line, "telegram");
  fuzz::check(cable->raw->header + cable->raw->body == input,
              "telegram raw.header + raw.body is the input verbatim");
  return 0;
}
