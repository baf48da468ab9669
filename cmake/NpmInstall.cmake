# Installs the web UI's npm packages (npm ci) when node_modules is missing or
# older than package-lock.json. Run with -DWEB=<web dir> -DNPM=<npm>.
cmake_minimum_required(VERSION 3.25)
set(stamp ${WEB}/node_modules/.package-lock.json)
if(NOT EXISTS ${stamp} OR ${WEB}/package-lock.json IS_NEWER_THAN ${stamp})
  execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
                  WORKING_DIRECTORY ${WEB} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${WEB} (exit ${rc}); the web UI needs its npm packages")
  endif()
endif()
