// What the directory and validation start from: the shipped routing
// indicators (posts and collectives), example collective memberships, and
// the TAGS list. Pure functions over the shipped bytes; the post office
// writes them into its tables (post_office.cc).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chancery/post_office.h"
#include "chancery/result.h"

namespace chancery::post {

// A PLAD as the directory keys it: upper case, trimmed, single spaces.
std::string normalize_plad(std::string_view plad);

// How a post's cables name it on the classification line and in their ids:
// "AMEMBASSY TEL AVIV" -> "TEL AVIV", "AMCONSUL RECIFE" -> "RECIFE",
// "USMISSION USUN NEW YORK" -> "USUN NEW YORK", "USEU BRUSSELS" ->
// "BRUSSELS", "SECSTATE WASHDC" -> "STATE"; any other PLAD names itself
// (the archive's convention, telegram-format.md 6.1).
std::string text_name_of(std::string_view plad);

// A PLAD that names a collective ("... COLLECTIVE").
bool is_collective_plad(std::string_view plad);

struct DirectorySeed {
  std::vector<Post> posts;              // by PLAD
  std::vector<Collective> collectives;  // by PLAD; members only for the examples
};

// Reads routing-indicators.tsv (route, plad, count; a header line): one
// entry per PLAD, with the route most often seen for it. Collectives get the
// example members of example_collectives() (those that are seeded posts).
// Errors: kInvalidInput naming the line of a malformed row.
Result<DirectorySeed> read_directory_seed(std::string_view tsv);

// Example memberships of a few collectives seen in the corpus. The archive
// holds no membership lists (telegram-format.md 3), so these are plausible
// examples for a fresh directory, to be replaced by the real lists with
// `chancery directory`.
const std::vector<Collective>& example_collectives();

// The TAGS list (tags.tsv: tag, kind, meaning; a header line).
class TagList {
 public:
  // Errors: kInvalidInput naming the line of a malformed row.
  static Result<TagList> read(std::string_view tsv);
  // The list shipped with chancery.
  static const TagList& shipped();

  bool known(std::string_view tag) const;
  // A subject or program tag (what a cable needs at least one of).
  bool subject(std::string_view tag) const;
  std::size_t size() const { return kinds_.size(); }

 private:
  std::unordered_map<std::string, std::string> kinds_;  // tag -> kind
};

}  // namespace chancery::post
