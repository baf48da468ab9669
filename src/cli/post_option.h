// What the post office commands (directory, draft, inbox) share: opening
// the post office, the user a command acts as, and printing problems.
#pragma once

#include <string>
#include <vector>

#include "chancery/compose.h"
#include "chancery/post_office.h"
#include "chancery/result.h"
#include "chancery/users.h"

namespace chancery::cli {

// Opens the post office of the archive in `dir`; `at` ("YYYY-MM-DDTHH:MMZ",
// "" for now) fixes its clock.
Result<post::PostOffice> open_post_office(const std::string& dir, const std::string& at);
// The enabled user `name` of the archive.
Result<users::User> user_named(const std::string& dir, const std::string& name);
// "error: paragraphs[2].marking: ..." lines, one per problem.
std::string format_problems(const std::vector<compose::Problem>& problems);
bool has_errors(const std::vector<compose::Problem>& problems);

}  // namespace chancery::cli
