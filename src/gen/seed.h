// The seed material: what generated cables are drawn from, collected from
// real cables. Pools are bounded (reservoir samples), so a seed of any size
// takes bounded memory.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "chancery/cable.h"
#include "chancery/gen.h"

namespace chancery::gen {

// An originating office as a telegram names it in each place.
struct Station {
  std::string code;    // station code of its ids: "TELAVIV"
  std::string origin;  // the archive's name: "Embassy Tel Aviv"
  std::string from;    // FM line: "AMEMBASSY TEL AVIV"
  std::string post;    // as the classification line writes it: "TEL AVIV"
  std::string route;   // routing indicator of the DE line: "RUEHTV"
};

// The six labels generated, from UNCLASSIFIED to SECRET//NOFORN (TOP SECRET
// is too rare in Cablegate to matter).
inline constexpr std::size_t kLevels = 6;
inline constexpr std::array<const char*, kLevels> kLabels = {
    "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONFIDENTIAL", "CONFIDENTIAL//NOFORN",
    "SECRET",       "SECRET//NOFORN"};
inline constexpr std::array<const char*, 4> kPrecedences = {"ROUTINE", "PRIORITY", "IMMEDIATE",
                                                            "FLASH"};

struct SeedData {
  std::size_t cables = 0;
  std::size_t skipped = 0;
  // Stations whose id, origin and FM line agree with the readers' tables,
  // so that every format reads back the same origin.
  std::vector<Station> stations;
  std::vector<double> station_weights;  // seed cables per station
  std::array<double, kLevels> level_weights{};
  std::array<double, 4> precedence_weights{};
  std::vector<Recipient> recipients;     // with a routing indicator
  std::vector<std::string> subjects;     // one line, single spaces
  std::vector<std::string> tags;         // with repeats: drawn by frequency
  std::vector<std::string> paragraphs;   // text only, single spaces
  std::vector<std::string> classifiers;  // "Ambassador Richard H. Jones"
  std::vector<std::string> signers;      // "JONES"
};

// Collects the material of cables one at a time. Deterministic: the same
// cables in the same order give the same SeedData.
class SeedCollector {
 public:
  SeedCollector();
  ~SeedCollector();
  void add(const Cable& cable);
  void skip() { ++data_.skipped; }
  // Errors: kInvalidInput when no usable cable was added.
  Result<SeedData> finish();

 private:
  struct Pools;
  SeedData data_;
  std::unique_ptr<Pools> pools_;
};

}  // namespace chancery::gen
