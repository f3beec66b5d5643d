# Installs gandyn into a scratch prefix (package mode), then configures, builds and runs
# examples/cmake-project against it. Arguments: MODE, SOURCE_DIR, WORK_DIR, CXX.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

if(MODE STREQUAL "package")
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/gandyn-build -DCMAKE_CXX_COMPILER=${CXX}
      -DGANDYN_BUILD_TESTS=OFF -DGANDYN_BUILD_EXAMPLES=OFF -DGANDYN_BUILD_BENCHMARKS=OFF -DGANDYN_BUILD_APPS=OFF
      -DCMAKE_INSTALL_PREFIX=${prefix})
  run(${CMAKE_COMMAND} --install ${WORK_DIR}/gandyn-build)
  foreach(f include/gandyn/gandyn.hpp share/cmake/gandyn/gandynConfig.cmake
            share/cmake/gandyn/gandynConfigVersion.cmake share/pkgconfig/gandyn.pc)
    if(NOT EXISTS ${prefix}/${f})
      message(FATAL_ERROR "not installed: ${f}")
    endif()
  endforeach()
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/cmake-project -B ${WORK_DIR}/consumer-build
    -DCMAKE_CXX_COMPILER=${CXX} -DGANDYN_CONSUMER_MODE=${MODE} -DGANDYN_SOURCE_DIR=${SOURCE_DIR}
    -DCMAKE_PREFIX_PATH=${prefix} -DGANDYN_BUILD_TESTS=OFF)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer-build)
run(${WORK_DIR}/consumer-build/consumer)
