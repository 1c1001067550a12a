# Sanitizer and fuzzer builds; included by the top CMakeLists.txt before any
# target so that the flags reach every one of them.
#
#   -DW2S_SANITIZE=address,undefined   ASan + UBSan everywhere (clang or gcc)
#   -DW2S_FUZZ=ON                      libFuzzer targets in fuzz/ (clang only),
#                                      with coverage on all of our code and
#                                      address,undefined unless W2S_SANITIZE
#                                      names others
#
# LLVM itself (the shared libLLVM) and the code inside compiled .so files
# are not instrumented.
set(W2S_SANITIZE "" CACHE STRING
  "sanitizers to build everything with, e.g. address,undefined")
option(W2S_FUZZ "build the libFuzzer targets in fuzz/ (clang only)" OFF)

if(W2S_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES Clang)
    message(FATAL_ERROR "W2S_FUZZ needs clang (CMAKE_CXX_COMPILER=clang++-19)")
  endif()
  if(NOT W2S_SANITIZE)
    set(W2S_SANITIZE address,undefined)
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(W2S_SANITIZE)
  message(STATUS "sanitizers: ${W2S_SANITIZE}")
  add_compile_options(-fsanitize=${W2S_SANITIZE} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${W2S_SANITIZE})
  if(W2S_SANITIZE MATCHES undefined AND CMAKE_CXX_COMPILER_ID MATCHES Clang)
    # vptr needs RTTI, which LLVM's classes lack; function checks the
    # callee's prologue, and compiled .so code has none.
    add_compile_options(-fno-sanitize=vptr,function)
  elseif(W2S_SANITIZE MATCHES undefined)
    add_compile_options(-fno-sanitize=vptr)
  endif()
endif()
