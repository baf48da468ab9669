// How the renderer letters REF entries (render.cc), shared with the tests
// that check the reader gives the same letters back.
#pragma once

#include <string>
#include <vector>

#include "chancery/compose.h"
#include "parse/telegram_internal.h"

namespace chancery::compose {

// The citing cable as the reader will see it in the rendered telegram: the
// DTG's year, the post's station code and the serial (format §6.2).
parse::detail::CitingCable citing_of(const Numbering& numbering);

// The bullet letter ('a', 'b', ...; 0 for none) each entry is written with:
// a lone entry none, several a, b, c ... That is checked against the
// reader's own cutting of the block (parse_references), and when an entry's
// text holds what would pass for the next letter's bullet, the first entry
// goes unlettered (then a, b ... follow) if that reads right; a lone entry
// that would read as several is lettered.
std::vector<char> reference_bullets(const std::vector<std::string>& texts,
                                    const parse::detail::CitingCable& citing);

}  // namespace chancery::compose
