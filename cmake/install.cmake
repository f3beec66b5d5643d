# Install rules: headers, the exported target, a package config with find_dependency for
# Eigen3 and Boost, an arch-independent version file and a pkg-config file.
include(CMakePackageConfigHelpers)

install(DIRECTORY include/gandyn DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS gandyn EXPORT gandynTargets)
set(GANDYN_CMAKE_DIR ${CMAKE_INSTALL_DATADIR}/cmake/gandyn)
install(EXPORT gandynTargets NAMESPACE gandyn:: DESTINATION ${GANDYN_CMAKE_DIR})

configure_package_config_file(cmake/gandynConfig.cmake.in ${PROJECT_BINARY_DIR}/gandynConfig.cmake
  INSTALL_DESTINATION ${GANDYN_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gandynConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/gandynConfig.cmake ${PROJECT_BINARY_DIR}/gandynConfigVersion.cmake
  DESTINATION ${GANDYN_CMAKE_DIR})

configure_file(cmake/gandyn.pc.in ${PROJECT_BINARY_DIR}/gandyn.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/gandyn.pc DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)
