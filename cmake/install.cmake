# Installs sealog for embedders: the static library, the public headers and a
# CMake package, so that another project can write
#
#   find_package(sealog 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE sealog::sealog)
#
# Layout under the prefix:
#   include/sealog/*.h                       the public API (engine/ and ingest/ headers stay private)
#   lib/libsealog.a
#   lib/cmake/sealog/sealogConfig.cmake      finds the dependencies, includes the targets
#   lib/cmake/sealog/sealogConfigVersion.cmake
#   lib/cmake/sealog/sealogTargets*.cmake    the imported target sealog::sealog
#
# sealog is static, so its PRIVATE link dependencies travel with it as
# $<LINK_ONLY:...>: the system libraries uring, xxhash and sodium by plain name
# (the linker finds them in its default paths) and the imported targets
# simdjson::simdjson and fmt::fmt, which sealogConfig.cmake finds again.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SEALOG_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/sealog)

install(TARGETS sealog
  EXPORT sealogTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/sealog
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

install(EXPORT sealogTargets
  NAMESPACE sealog::
  DESTINATION ${SEALOG_INSTALL_CMAKEDIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/sealogConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sealogConfig.cmake
  INSTALL_DESTINATION ${SEALOG_INSTALL_CMAKEDIR})
# find_package(sealog X.Y) accepts an installed version with major X, not older than X.Y.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/sealogConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/sealogConfig.cmake
  ${PROJECT_BINARY_DIR}/sealogConfigVersion.cmake
  DESTINATION ${SEALOG_INSTALL_CMAKEDIR})
