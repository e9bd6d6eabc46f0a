cmake_minimum_required(VERSION 3.24)
# Fails when a C++ file of the project is not formatted as .clang-format says (clang-format
# --dry-run --Werror). Run `scripts/format` to format the tree.
find_program(CLANG_FORMAT NAMES clang-format clang-format-14 REQUIRED)
file(GLOB_RECURSE files
  ${SOURCE_DIR}/core/*.h ${SOURCE_DIR}/core/*.cpp
  ${SOURCE_DIR}/widgets/*.h ${SOURCE_DIR}/widgets/*.cpp
  ${SOURCE_DIR}/app/*.h ${SOURCE_DIR}/app/*.cpp
  ${SOURCE_DIR}/tests/*.h ${SOURCE_DIR}/tests/*.cpp
  ${SOURCE_DIR}/benchmarks/*.h ${SOURCE_DIR}/benchmarks/*.cpp)
list(FILTER files EXCLUDE REGEX "/layering_fixture/")
list(LENGTH files count)
if(count LESS 50)
  message(FATAL_ERROR "found only ${count} source files under ${SOURCE_DIR}")
endif()
execute_process(COMMAND ${CLANG_FORMAT} --style=file --dry-run --Werror ${files}
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  string(REGEX MATCHALL "[^\n]*: error: code should be clang-formatted[^\n]*" hits "${out}")
  list(JOIN hits "\n  " text)
  message(FATAL_ERROR "not formatted (run scripts/format):\n  ${text}")
endif()
message(STATUS "${count} files formatted as .clang-format says")
