# Warning and sanitizer settings applied target by target (no global flags).
add_library(insolepose_options INTERFACE)
target_compile_options(insolepose_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local)
if(INSOLEPOSE_STRICT_WARNINGS)
  target_compile_options(insolepose_options INTERFACE -Werror)
endif()
if(INSOLEPOSE_SANITIZE)
  target_compile_options(insolepose_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(insolepose_options INTERFACE -fsanitize=address,undefined)
endif()
target_compile_definitions(insolepose_options INTERFACE QT_NO_KEYWORDS)
# LibTorch loads OpenCV highgui and with it Qt 5 into the process. Our libraries must not export
# the inline Qt 6 functions they instantiate, or Qt 5's own calls bind to them and crash.
target_compile_options(insolepose_options INTERFACE -fvisibility-inlines-hidden)
# GCC 12 raises false -Wrestrict / -Wmaybe-uninitialized warnings inside std::string at -O2/-O3
# (GCC bugs 105329, 105562) and a false -Warray-bounds inside Eigen's SSE code; they say nothing
# about this code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(insolepose_options INTERFACE -Wno-restrict -Wno-maybe-uninitialized -Wno-array-bounds)
endif()
