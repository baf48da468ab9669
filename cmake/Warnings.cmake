# Project-wide compile flags: warnings for everything we build, -Werror in CI,
# and the sanitizer and fuzzer instrumentation when asked for.
add_library(chancery_flags INTERFACE)
target_compile_options(chancery_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wcast-align -Wimplicit-fallthrough)
if(CHANCERY_WERROR)
  target_compile_options(chancery_flags INTERFACE -Werror)
endif()
if(CHANCERY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(CHANCERY_FUZZ)
  # Every object gets coverage instrumentation; only fuzz targets link the
  # libFuzzer driver (-fsanitize=fuzzer) and provide no main().
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
