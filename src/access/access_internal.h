// Pieces of the access model shared between its files and exposed for unit
// tests. Not part of the public API (include/chancery/access.h is).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chancery/access.h"
#include "chancery/cable.h"

namespace chancery::access::detail {

// The canonical name of one control word, upper case with single spaces:
// "NF"/"NOFORN" -> "NOFORN"; SBU, FOUO, LOU, SENSITIVE, EFTO, ... ->
// "OFFICIAL"; "FGI..." -> "" (informational, restricts nothing); anything else
// is kept by its own name ("ORCON", "SI", "EXDIS", "F").
std::string control_name(std::string_view word);

// One REL TO entry normalised: "UK"/"UNITED KINGDOM" -> "GBR", "FIVE EYES" ->
// "FVEY", "CHINA" -> "CHN"; unknown entries upper case as written ("ISAF").
std::string rel_entry(std::string_view entry);

// Appends the normalised entries of a REL TO list ("USA, FVEY", "NATO AND
// AUS") to `out` (not sorted).
void append_rel_list(std::string_view list, std::vector<std::string>& out);

void sort_unique(std::vector<std::string>& v);

// The cable's E.O. instruction as found in its body, and whether the body
// names a 25X/50X exemption there. `instruction` is cleaned for people
// ("25X1- HUMAN", "CLOSURE OF ICTY", "N/A"), `raw` is the line's text after
// the order number, for the date reader.
struct EoInstruction {
  std::string instruction;
  std::string raw;
  bool found = false;
  bool exempt = false;
};
EoInstruction find_eo_instruction(std::string_view body);

// The declassification of a cable whose portions reach at most `highest`.
Declassification declassification_of(const Cable& cable, Level highest);

}  // namespace chancery::access::detail
