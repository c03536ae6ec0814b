# Build options, warnings and sanitizers.
option(CUSTOS_BENCH "Build Google Benchmark targets in bench/" OFF)
option(CUSTOS_FUZZ "Build libFuzzer targets in fuzz/ (requires clang)" OFF)
option(CUSTOS_WERROR "Treat warnings as errors" OFF)
option(CUSTOS_INTEROP "Register the Node.js interop tests (tests/interop)" ON)
set(CUSTOS_SANITIZE "" CACHE STRING "Comma-separated sanitizers, e.g. address,undefined")

add_compile_options(-Wall -Wextra -Wpedantic)
if(CUSTOS_WERROR)
  add_compile_options(-Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12's -O3 flow analysis reports false positives inside libstdc++ itself (std::string
    # concatenation: -Wrestrict, GCC bug 105329; std::pair / small arrays: -Warray-bounds,
    # -Wstringop-overflow). They stay visible as warnings but do not fail the Release build.
    add_compile_options(-Wno-error=restrict -Wno-error=array-bounds -Wno-error=stringop-overflow)
  endif()
endif()

if(CUSTOS_SANITIZE)
  add_compile_options(-fsanitize=${CUSTOS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CUSTOS_SANITIZE})
  if(CUSTOS_WERROR AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC's flow analysis over ASan-instrumented code reports -Wmaybe-uninitialized inside
    # std::variant / tl::expected moves (json::Value through value_or) that the unsanitized
    # -Werror builds do not: warnings, not errors, in sanitizer builds only. The sanitizers
    # themselves check the real thing at run time.
    add_compile_options(-Wno-error=maybe-uninitialized)
  endif()
endif()

if(CUSTOS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CUSTOS_FUZZ=ON needs clang (e.g. CXX=clang++-14 CC=clang-14)")
  endif()
  # Every library is instrumented for coverage; only fuzz targets link the libFuzzer main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
