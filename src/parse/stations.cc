// Station codes and the archive's names for originating offices. The tables
// are generated from the development corpus (tools/gen_stations.py) so that
// the product knows them without the corpus.
#include <algorithm>
#include <string_view>

#include "core/text.h"
#include "parse/telegram_internal.h"

namespace chancery::parse::detail {
namespace {

struct StationName {
  std::string_view key;
  std::string_view origin;
};
#include "parse/stations.inc"

std::optional<std::string> lookup(const StationName* begin, const StationName* end,
                                  std::string_view key) {
  const StationName* it = std::lower_bound(
      begin, end, key, [](const StationName& s, std::string_view k) { return s.key < k; });
  if (it != end && it->key == key) return std::string(it->origin);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> origin_for_from(std::string_view plad) {
  const std::string key = text::squeeze_spaces(text::upper(plad));
  return lookup(std::begin(kFromOrigins), std::end(kFromOrigins), key);
}

std::optional<std::string> origin_for_station(std::string_view code) {
  return lookup(std::begin(kStationOrigins), std::end(kStationOrigins), code);
}

bool is_known_station(std::string_view code) { return origin_for_station(code).has_value(); }

}  // namespace chancery::parse::detail
