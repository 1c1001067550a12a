# How the compiler library reaches LLVM and lld.
#
# Debian's LLVM is one shared library, libLLVM-19.so. A process linked
# against it spends about 12 ms of every start binding symbols and applying
# relocations before main() runs; for the small modules most people compile
# that is a third of wasm2so's time. So the wasm2so tool links LLVM's and
# lld's static archives instead, as a position-dependent executable (no
# relocations to apply at start). Everything else (wasmrun, the spec
# runner, the unit tests) keeps the shared library, which links faster.
#
# A target opts in with the W2S_STATIC_LLVM target property; w2s_compiler's
# link interface picks w2s_llvm_static or w2s_llvm_shared from it.
#
# -DW2S_STATIC_LLVM=OFF turns it off (sanitizer builds do).

if(W2S_SANITIZE)
  set(W2S_STATIC_LLVM_DEFAULT OFF)
else()
  set(W2S_STATIC_LLVM_DEFAULT ON)
endif()
option(W2S_STATIC_LLVM
  "Link the wasm2so tool against LLVM's and lld's static libraries"
  ${W2S_STATIC_LLVM_DEFAULT})

add_library(w2s_llvm_shared INTERFACE)
target_link_libraries(w2s_llvm_shared INTERFACE
  lldELF lldCommon LLVM ZLIB::ZLIB ${ZSTD_LIBRARY})

if(W2S_STATIC_LLVM)
  foreach(W2S_LIB LLVMCore LLVMX86CodeGen LLVMLTO)
    if(NOT TARGET ${W2S_LIB})
      message(FATAL_ERROR "W2S_STATIC_LLVM: LLVM's static library ${W2S_LIB} "
        "is not installed (llvm-19-dev ships them); configure with "
        "-DW2S_STATIC_LLVM=OFF to use the shared libLLVM")
    endif()
  endforeach()
  # LLVMExtensions names Polly, whose static library Debian does not ship;
  # LTO's pass builder references Polly's plugin entry point only through
  # it, and wasm2so never runs LTO (tools/StaticLLVMStubs.cpp).
  set_property(TARGET LLVMExtensions PROPERTY INTERFACE_LINK_LIBRARIES
    LLVMSupport)
  # What lld's ELF driver needs (it initializes every target, for LTO) and
  # what the compiler uses. The archives' own link interfaces add the rest.
  llvm_map_components_to_libnames(W2S_STATIC_LLVM_LIBS
    ${LLVM_TARGETS_TO_BUILD} analysis bitreader bitwriter codegen core debuginfodwarf
    demangle irreader lto mc object option passes support target
    targetparser transformutils)
  add_library(w2s_llvm_static INTERFACE)
  # lld's imported targets link the shared libLLVM; take their archives.
  target_link_libraries(w2s_llvm_static INTERFACE
    $<TARGET_FILE:lldELF> $<TARGET_FILE:lldCommon> ${W2S_STATIC_LLVM_LIBS}
    ZLIB::ZLIB ${ZSTD_LIBRARY} Threads::Threads ${CMAKE_DL_LIBS})
  target_sources(w2s_llvm_static INTERFACE
    ${CMAKE_SOURCE_DIR}/tools/StaticLLVMStubs.cpp)
  target_include_directories(w2s_llvm_static SYSTEM INTERFACE
    ${LLVM_INCLUDE_DIRS})
  target_link_options(w2s_llvm_static INTERFACE -no-pie -Wl,--gc-sections)
endif()

# Marks TARGET (an executable) as linked against the static libraries.
function(w2s_link_llvm_statically TARGET)
  if(W2S_STATIC_LLVM)
    # (-no-pie comes with w2s_llvm_static's link options.)
    set_property(TARGET ${TARGET} PROPERTY W2S_STATIC_LLVM ON)
  endif()
endfunction()
