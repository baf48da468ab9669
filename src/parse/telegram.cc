// STUB: being written (the telegram reader). Returns the text as body only.
#include "parse/telegram.h"
namespace chancery::parse {
Cable read_telegram_text(const TelegramText& input, const ArchiveMetadata& metadata) {
  Cable c;
  c.id = metadata.id; c.origin = metadata.origin; c.created = metadata.created;
  c.released = metadata.released; c.classification = metadata.classification;
  c.body = std::string(input.text);
  return c;
}
bool looks_like_telegram(std::string_view text) { return !text.empty(); }
}  // namespace chancery::parse
