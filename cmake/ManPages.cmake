# Writes the man pages insolepose.1.gz and insolepose-studio.1.gz from the programs' own --help
# (run at build time by packaging/CMakeLists.txt), so that the pages cannot drift from the tools.
#   cmake -DCLI=<insolepose> -DSTUDIO=<insolepose-studio> -DOUT_DIR=<dir> -DVERSION=<x.y.z> -P ManPages.cmake
cmake_minimum_required(VERSION 3.24)

# Roff-escapes text shown verbatim (.nf): backslashes, and lines that start with a dot or quote.
function(roff_escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(help_of program args out)
  execute_process(COMMAND ${program} ${args} --help OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${program} ${args} --help failed (${rc}): ${err}")
  endif()
  # The usage line names the program by the path it was run from: name it as users type it.
  string(REGEX REPLACE "Usage: [^ \n]*/" "Usage: " text "${text}")
  roff_escape("${text}" text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

string(TIMESTAMP today "%Y-%m-%d" UTC)
set(header ".TH INSOLEPOSE 1 \"${today}\" \"InsolePose ${VERSION}\" \"User Commands\"\n")

# insolepose: the overview, then one section per command.
help_of(${CLI} "" overview)
string(REGEX MATCHALL "\n  [a-z][a-z-]+ " found "${overview}")
set(commands "")
foreach(c IN LISTS found)
  string(STRIP "${c}" c)
  if(NOT c IN_LIST commands)
    list(APPEND commands ${c})
  endif()
endforeach()
if(NOT commands)
  message(FATAL_ERROR "no commands found in `insolepose --help`")
endif()
set(page "${header}.SH NAME\ninsolepose \\- smart-insole sessions, synthetic data and the 40-frame pose model from the command line\n")
string(APPEND page ".SH SYNOPSIS\n.B insolepose\n.I command\n[\n.I options\n]\n.SH DESCRIPTION\n.nf\n${overview}.fi\n.SH COMMANDS\n")
foreach(c IN LISTS commands)
  help_of(${CLI} "${c}" text)
  string(APPEND page ".SS ${c}\n.nf\n${text}.fi\n")
endforeach()
string(APPEND page ".SH SEE ALSO\n.BR insolepose-studio (1)\n")
file(WRITE ${OUT_DIR}/insolepose.1 "${page}")

# insolepose-studio (its --help needs a QApplication, which the offscreen platform gives without a display).
set(ENV{QT_QPA_PLATFORM} offscreen)
help_of(${STUDIO} "" studio)
set(page "${header}.SH NAME\ninsolepose-studio \\- review, label and compare smart-insole sessions: pressure, video and 3D pose\n")
string(APPEND page ".SH SYNOPSIS\n.B insolepose-studio\n[\n.I options\n] [\n.I session\n]\n.SH DESCRIPTION\n.nf\n${studio}.fi\n")
string(APPEND page ".SH FILES\n.TP\n.I /usr/share/insolepose/demo-session\nThe bundled demo session.\n.TP\n.I /usr/share/insolepose/models\nThe bundled demo models.\n")
string(APPEND page ".SH SEE ALSO\n.BR insolepose (1)\n")
file(WRITE ${OUT_DIR}/insolepose-studio.1 "${page}")

foreach(p insolepose.1 insolepose-studio.1)
  execute_process(COMMAND gzip -9nf ${OUT_DIR}/${p} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${p} failed")
  endif()
endforeach()
