// Heavy tests do less under ASan/UBSan, which run them 3-10x slower: they
// check a sample of the corpus there (the release run checks all of it).
// Sanitized: CHANCERY_SANITIZED=1 in the environment, or an ASan binary.
#pragma once

#include <cstdlib>
#include <string_view>

namespace chancery::test {

inline bool sanitized() {
  const char* env = std::getenv("CHANCERY_SANITIZED");
  if (env != nullptr && *env != '\0' && std::string_view(env) != "0") return true;
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace chancery::test
