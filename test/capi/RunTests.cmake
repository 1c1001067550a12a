# cmake -DBUILD_DIR=... -DSOURCE=... -DWORK=... -DWAT2WASM=... -DCC=...
#       -DGENERATOR=... -DTESTS="a;b;..." [-DSANITIZE=address,...]
#       -P RunTests.cmake
# Installs the Development component of BUILD_DIR into a fresh prefix, then
# builds each test program against that prefix alone, as any outside user
# would (`cc prog.c -I<prefix>/include -L<prefix>/lib -lwasm2so`), checks
# that the header declares the upstream examples' API (upstream_api.c),
# builds hello.c once more through find_package(wasm2so), and runs every
# program in a directory holding the modules, expecting "Done." last.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/run)
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE RC OUTPUT_VARIABLE OUT
    ERROR_VARIABLE OUT WORKING_DIRECTORY ${WORK}/run)
  if(NOT RC EQUAL 0)
    message(FATAL_ERROR "failed (${RC}): ${ARGN}\n${OUT}")
  endif()
  set(OUT "${OUT}" PARENT_SCOPE)
endfunction()

set(PREFIX ${WORK}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
    --component Development)
foreach(F include/wasm.h lib/libwasm2so.so lib/cmake/wasm2so/wasm2soConfig.cmake)
  if(NOT EXISTS ${PREFIX}/${F})
    message(FATAL_ERROR "the install has no ${F}")
  endif()
endforeach()

set(FLAGS -std=c11 -Wall -Wextra -Wno-unused-parameter -Werror)
# A sanitized library needs sanitized programs (the runtime comes first).
set(PACKAGE_FLAGS "")
if(SANITIZE)
  list(APPEND FLAGS -fsanitize=${SANITIZE})
  set(PACKAGE_FLAGS -DCMAKE_C_FLAGS=-fsanitize=${SANITIZE})
endif()
run(${CC} ${FLAGS} -pedantic -I${PREFIX}/include -c ${SOURCE}/upstream_api.c
    -o ${WORK}/upstream_api.o)

foreach(T ${TESTS})
  run(${WAT2WASM} ${SOURCE}/${T}.wat ${WORK}/run/${T}.wasm)
  run(${CC} ${FLAGS} ${SOURCE}/${T}.c -I${PREFIX}/include -L${PREFIX}/lib
      -lwasm2so -Wl,-rpath,${PREFIX}/lib -lpthread -o ${WORK}/run/${T})
endforeach()

# The same hello program, built by an outside CMake project.
file(WRITE ${WORK}/package/CMakeLists.txt "
cmake_minimum_required(VERSION 3.20)
project(capi_package LANGUAGES C)
find_package(wasm2so REQUIRED)
add_executable(hello_package ${SOURCE}/hello.c)
target_link_libraries(hello_package PRIVATE wasm2so::wasm2so)
")
run(${CMAKE_COMMAND} -S ${WORK}/package -B ${WORK}/package/build
    -G ${GENERATOR} -DCMAKE_C_COMPILER=${CC} -DCMAKE_PREFIX_PATH=${PREFIX}
    -DCMAKE_BUILD_TYPE=Release ${PACKAGE_FLAGS})
run(${CMAKE_COMMAND} --build ${WORK}/package/build)
file(COPY ${WORK}/package/build/hello_package DESTINATION ${WORK}/run)

foreach(T ${TESTS} hello_package)
  run(${WORK}/run/${T})
  string(STRIP "${OUT}" STRIPPED)
  if(NOT STRIPPED MATCHES "Done\\.$")
    message(FATAL_ERROR "${T} did not end with Done.:\n${OUT}")
  endif()
  message("${T}: ok")
endforeach()
