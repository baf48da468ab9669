// fuzz_cablegate_html: parse::read_cablegate_html on arbitrary pages.
#include <cstddef>
#include <cstdint>

#include "chancery/parse.h"

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chancery;
  const std::string_view input = fuzz::as_text(data, size);
  const parse::ReadOptions options = fuzz::options_for(size);
  Result<Cable> cable = parse::read_cablegate_html(input, options);
  fuzz::check_not_internal(cable);
  if (!cable) return 0;
  fuzz::check_cable(*cable, input, options.first_line, "cablegate-html");
  fuzz::check(input.empty() || !(cable->raw->header + cable->raw->body).empty(),
              "html raw text kept");
  return 0;
}
