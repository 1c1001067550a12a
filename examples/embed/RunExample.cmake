# cmake -DWASM2SO=... -DEMBED=... -DSOURCE=... -DWORK=... -P RunExample.cmake
# Compiles embed.wat, runs the example embedder on it and checks its output.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${WASM2SO} ${SOURCE}/embed.wat -O0 -o ${WORK}/embed.so
  RESULT_VARIABLE RC)
if(NOT RC EQUAL 0)
  message(FATAL_ERROR "wasm2so failed: ${RC}")
endif()
execute_process(COMMAND ${EMBED} ${WORK}/embed.so
  RESULT_VARIABLE RC OUTPUT_VARIABLE OUT ERROR_VARIABLE ERR)
message("${OUT}${ERR}")
if(NOT RC EQUAL 0)
  message(FATAL_ERROR "embed failed: ${RC}")
endif()
foreach(EXPECTED
    "scaled_sum(2, 3) = 50\n"
    "divide(7, 1, 0) trapped: integer divide by zero\n"
    "  at embed!checked_div (+0x"
    "  at embed!divide (+0x"
    "divide(7, 1, 2) = 4\n")
  string(FIND "${OUT}" "${EXPECTED}" POS)
  if(POS EQUAL -1)
    message(FATAL_ERROR "missing from the output: ${EXPECTED}")
  endif()
endforeach()
