# cmake -DWASM2SO=... -DBUILD_DIR=... -DSOURCE=... -DWORK=... -P ...
# Installs the Development component of BUILD_DIR into a fresh prefix, then
# configures, builds and runs examples/embed as an outside project that
# finds it with find_package(wasm2so).
file(REMOVE_RECURSE ${WORK})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE RC OUTPUT_VARIABLE OUT
    ERROR_VARIABLE OUT)
  if(NOT RC EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${OUT}")
  endif()
  set(OUT "${OUT}" PARENT_SCOPE)
endfunction()
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK}/prefix
    --component Development)
run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${WORK}/prefix
    -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK}/build)
run(${WASM2SO} ${SOURCE}/embed.wat -O0 -o ${WORK}/embed.so)
run(${WORK}/build/embed ${WORK}/embed.so)
message("${OUT}")
string(FIND "${OUT}" "divide(7, 1, 0) trapped: integer divide by zero" POS)
if(POS EQUAL -1)
  message(FATAL_ERROR "the outside build did not report the trap")
endif()
