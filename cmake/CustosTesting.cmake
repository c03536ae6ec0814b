include(GoogleTest)

# custos_add_unit_test(NAME name SOURCES a.cc b.cc LIBS custos::x ...)
# One GoogleTest executable; each TEST becomes its own ctest entry, labelled "unit".
function(custos_add_unit_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  # Tests find checked-in data and the shared test vectors through these.
  target_compile_definitions(${ARG_NAME} PRIVATE
    CUSTOS_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    CUSTOS_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared"
    CUSTOS_BINARY_DIR="${CMAKE_BINARY_DIR}")
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  set(labels unit ${ARG_LABELS})
  gtest_discover_tests(${ARG_NAME}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${labels}"
    EXTRA_ARGS --gtest_color=no)
endfunction()

# custos_add_library(name SOURCES ... DEPS ...): static library custos_<name>, alias custos::<name>.
# Include root is src/, so headers are included as "<lib>/<file>.h".
function(custos_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(custos_${name} STATIC ${ARG_SOURCES})
  add_library(custos::${name} ALIAS custos_${name})
  target_include_directories(custos_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(custos_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()
