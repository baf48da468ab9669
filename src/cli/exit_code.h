// Exit codes of the chancery command, and the one place an Errc becomes one.
//
// Scripts rely on these numbers; docs/cli.md lists them. A run that met
// several problems exits with the most severe (the highest) code.
#pragma once

#include "chancery/result.h"

namespace chancery::cli {

enum ExitCode : int {
  kExitOk = 0,         // every input and record was read
  kExitDataError = 1,  // some inputs or records had errors; the rest was still output
  kExitUsage = 2,      // bad option, unknown format, missing argument
  kExitInternal = 70,  // a bug (EX_SOFTWARE): an uncaught exception or a kInternal error
};

// The exit code a command returns when an operation failed with `code`.
int exit_code_for(Errc code);

// The more severe of two exit codes.
constexpr int worse_exit_code(int a, int b) { return a > b ? a : b; }

}  // namespace chancery::cli
