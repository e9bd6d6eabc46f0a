# The libraries of this project are layers (docs/ARCHITECTURE.md). Each folder's CMakeLists declares
# its library with insolepose_layer(), naming the layers it may use; insolepose_check_layers() (run
# at the end of the top-level CMakeLists) fails the configuration when a library links a layer it
# did not declare, or when anything but the model layer links LibTorch or anything but widgets
# links VTK or Qt Widgets. tests/check_layering.cmake checks the same rules on #include lines.

# insolepose_layer(<name> USES <layers...> SOURCES <files...>
#                  [PUBLIC_LIBS <libs...>] [PRIVATE_LIBS <libs...>] [MAY_LINK_TORCH] [MAY_LINK_GUI] [MAY_PAINT])
# MAY_PAINT: may link Qt6::Gui (painting on images and PDF) but not Qt Widgets, OpenGL or VTK.
# Creates the shared library insolepose_<name> (alias InsolePose::<name>) with the public headers in
# <folder>/include and private sources in <folder>/src.
function(insolepose_layer name)
  cmake_parse_arguments(L "MAY_LINK_TORCH;MAY_LINK_GUI;MAY_PAINT" "" "USES;SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  set(target insolepose_${name})
  add_library(${target} SHARED ${L_SOURCES})
  add_library(InsolePose::${name} ALIAS ${target})
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  set(uses "")
  foreach(u IN LISTS L_USES)
    list(APPEND uses insolepose_${u})
  endforeach()
  target_link_libraries(${target} PUBLIC ${uses} ${L_PUBLIC_LIBS} PRIVATE ${L_PRIVATE_LIBS} insolepose_options)
  set_target_properties(${target} PROPERTIES
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
    OUTPUT_NAME insolepose-${name}
    INSOLEPOSE_USES "${uses}"
    INSOLEPOSE_MAY_LINK_TORCH "${L_MAY_LINK_TORCH}"
    INSOLEPOSE_MAY_LINK_GUI "${L_MAY_LINK_GUI}"
    INSOLEPOSE_MAY_PAINT "${L_MAY_PAINT}")
  set_property(GLOBAL APPEND PROPERTY INSOLEPOSE_LAYERS ${target})
  install(TARGETS ${target} LIBRARY NAMELINK_SKIP)
endfunction()

function(insolepose_check_layers)
  get_property(layers GLOBAL PROPERTY INSOLEPOSE_LAYERS)
  set(failures "")
  foreach(target IN LISTS layers)
    get_target_property(uses ${target} INSOLEPOSE_USES)
    get_target_property(torch ${target} INSOLEPOSE_MAY_LINK_TORCH)
    get_target_property(gui ${target} INSOLEPOSE_MAY_LINK_GUI)
    get_target_property(paint ${target} INSOLEPOSE_MAY_PAINT)
    get_target_property(linked ${target} LINK_LIBRARIES)
    foreach(lib IN LISTS linked)
      if(lib MATCHES "^insolepose_" AND NOT lib STREQUAL "insolepose_options" AND NOT lib IN_LIST uses)
        list(APPEND failures "${target} links ${lib}, which its CMakeLists does not list in USES")
      endif()
      if(NOT torch AND (lib MATCHES "torch|c10" OR lib IN_LIST TORCH_LIBRARIES))
        list(APPEND failures "${target} links LibTorch (${lib}); only the model layer may")
      endif()
      if(NOT gui AND lib MATCHES "^VTK::|^vtk|Qt6::(Widgets|OpenGLWidgets|OpenGL)$")
        list(APPEND failures "${target} links ${lib}; only widgets may link Qt Widgets, OpenGL or VTK")
      endif()
      if(NOT gui AND NOT paint AND lib STREQUAL "Qt6::Gui")
        list(APPEND failures "${target} links ${lib}; only widgets and report may link Qt GUI")
      endif()
    endforeach()
  endforeach()
  if(failures)
    list(JOIN failures "\n  " text)
    message(FATAL_ERROR "Layering violations:\n  ${text}")
  endif()
endfunction()
