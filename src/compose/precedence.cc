// Precedence names and their order (docs/telegram-format.md section 2).

#include "chancery/compose.h"

namespace chancery::compose {

std::optional<int> precedence_rank(std::string_view precedence) {
  for (int i = 0; i < static_cast<int>(std::size(kPrecedences)); ++i) {
    if (kPrecedences[i] == precedence) return i;
  }
  return std::nullopt;
}

}  // namespace chancery::compose
