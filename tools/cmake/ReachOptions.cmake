# One INTERFACE target carries the language standard, warnings and sanitizer flags;
# every reach target links it (GEOS geos_cxx_flags style).
option(REACH_BUILD_TESTS "Build the unit and end-to-end tests" ON)
option(REACH_ENABLE_ASSERTS "Keep REACH_ASSERT active in Release builds" ON)
option(REACH_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(REACH_WERROR "Treat warnings as errors" OFF)
option(REACH_FUZZ "Build the libFuzzer targets (clang-16; tools/fuzz)" OFF)
option(REACH_TSAN "Build with ThreadSanitizer (tools/check-tsan)" OFF)
# `mpirun -n N reach batch ...` spreads the scenarios over N ranks (OpenMPI; tools/bench/README.md).
option(REACH_WITH_MPI "Build reach batch with MPI (Debian libopenmpi-dev)" OFF)
# The reach executable allocates through jemalloc (Debian libjemalloc-dev) unless a sanitizer
# brings its own allocator: GEOS, GDAL and SQLite allocate many small objects, and glibc's
# malloc took a tenth of the regional run's CPU (tools/bench/README.md).
option(REACH_JEMALLOC "Link the reach executable with jemalloc" ON)
if(REACH_JEMALLOC AND NOT (REACH_SANITIZE OR REACH_TSAN OR REACH_FUZZ))
    set(REACH_LINK_JEMALLOC ON)
else()
    set(REACH_LINK_JEMALLOC OFF)
endif()

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

add_library(reach_flags INTERFACE)
add_library(reach::flags ALIAS reach_flags)
target_compile_features(reach_flags INTERFACE cxx_std_20)
target_compile_options(reach_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(REACH_WERROR)
    target_compile_options(reach_flags INTERFACE -Werror)
endif()
if(REACH_ENABLE_ASSERTS)
    target_compile_definitions(reach_flags INTERFACE REACH_ENABLE_ASSERTS=1)
endif()
if(REACH_SANITIZE)
    target_compile_options(reach_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
    target_link_options(reach_flags INTERFACE -fsanitize=address,undefined)
endif()
if(REACH_TSAN)
    # Data races in the TBB loops (tools/check-tsan; TBB's own frames: tools/tsan.supp).
    if(REACH_SANITIZE OR REACH_FUZZ)
        message(FATAL_ERROR "REACH_TSAN cannot be combined with REACH_SANITIZE or REACH_FUZZ")
    endif()
    target_compile_options(reach_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer -O1)
    target_link_options(reach_flags INTERFACE -fsanitize=thread)
    # Debian's libtbb is not instrumented: TSan cannot see its task hand-offs. With profiling
    # level 2 the TBB headers report each spawn/wait to ITT, and tools/check-tsan loads an ITT
    # collector that turns these reports into TSan acquire/release.
    target_compile_definitions(reach_flags INTERFACE TBB_USE_PROFILING_TOOLS=2)
endif()
if(REACH_FUZZ)
    # Coverage for libFuzzer in every library, with ASan and UBSan; the targets add the
    # fuzzer runtime (tools/fuzz/CMakeLists.txt).
    target_compile_options(reach_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                 -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
    target_link_options(reach_flags INTERFACE -fsanitize=address,undefined)
endif()
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
