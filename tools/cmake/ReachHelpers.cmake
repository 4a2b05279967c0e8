# reach_add_library(<module> SOURCES ... PUBLIC_DEPS ... PRIVATE_DEPS ...)
# Creates target reach_<module> (alias reach::<module>) with its own include folder, so a
# module can include only the headers of the modules it links (DESIGN.md, Modules).
function(reach_add_library module)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
    add_library(reach_${module} STATIC ${ARG_SOURCES})
    add_library(reach::${module} ALIAS reach_${module})
    target_include_directories(reach_${module} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                               PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_link_libraries(reach_${module} PUBLIC reach::flags ${ARG_PUBLIC_DEPS}
                                          PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# reach_add_test(<name> LABEL <label> SOURCES ... DEPS ...)
function(reach_add_test name)
    cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE reach::flags reach::test_support ${ARG_DEPS}
                                          GTest::gtest GTest::gtest_main)
    gtest_discover_tests(${name} PROPERTIES LABELS ${ARG_LABEL} DISCOVERY_TIMEOUT 60)
endfunction()
