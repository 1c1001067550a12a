# cmake --install: a package that outside CMake projects find with
# find_package(wasm2so) (docs/embedding.md). Two components:
#   Development  headers, libw2s_rt.a, wasm.h and libwasm2so.so, and the
#                CMake package (wasm2so::rt, wasm2so::wasm2so)
#   Tools        wasm2so, wasmrun, wasmspec
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(W2S_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wasm2so)

# compiler.h (and backtrace.h, implemented there too) belong to the
# compiler library, which needs LLVM and is not installed: the wasm2so tool
# is the compiler's installed form.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/wasm2so
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT Development
  PATTERN compiler.h EXCLUDE
  PATTERN backtrace.h EXCLUDE)
install(TARGETS w2s_rt EXPORT wasm2soTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT Development)
# The standard C API: wasm.h and libwasm2so.so (the C API, the runtime and
# the compiler; it needs the shared libLLVM).
install(FILES ${CMAKE_SOURCE_DIR}/include/wasm.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT Development)
install(TARGETS wasm2so_capi EXPORT wasm2soTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT Development)
install(EXPORT wasm2soTargets NAMESPACE wasm2so::
  DESTINATION ${W2S_CMAKE_DIR} COMPONENT Development)

configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/wasm2soConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/wasm2soConfig.cmake
  INSTALL_DESTINATION ${W2S_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(
  ${CMAKE_BINARY_DIR}/cmake/wasm2soConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/wasm2soConfig.cmake
  ${CMAKE_BINARY_DIR}/cmake/wasm2soConfigVersion.cmake
  DESTINATION ${W2S_CMAKE_DIR} COMPONENT Development)

foreach(W2S_TOOL wasm2so wasmrun wasmspec)
  if(TARGET ${W2S_TOOL})
    install(TARGETS ${W2S_TOOL} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
      COMPONENT Tools)
  endif()
endforeach()
