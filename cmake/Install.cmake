# Installs the library, its public headers and the MultiLabelHead CMake package, so that a C++ app
# only needs find_package(MultiLabelHead) and target_link_libraries(app MultiLabelHead::multilabel_head).
include(CMakePackageConfigHelpers)
set(MLH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/MultiLabelHead)

install(TARGETS multilabel_head EXPORT MultiLabelHeadTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY csrc/include/multilabel_head DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT MultiLabelHeadTargets NAMESPACE MultiLabelHead:: DESTINATION ${MLH_CMAKE_DIR})

configure_package_config_file(cmake/MultiLabelHeadConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/MultiLabelHeadConfig.cmake INSTALL_DESTINATION ${MLH_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/MultiLabelHeadConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/MultiLabelHeadConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/MultiLabelHeadConfigVersion.cmake
        DESTINATION ${MLH_CMAKE_DIR})
