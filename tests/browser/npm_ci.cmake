# Run by the ctest fixture browser.npm_ci: copies the browser tests' package files and scripts
# into DEST and installs the pinned packages there (node_modules never lands in the source tree).
# cmake -DSRC=<tests/browser> -DDEST=<build dir> -DNPM=<npm> -P npm_ci.cmake
foreach(var SRC DEST NPM)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "npm_ci.cmake: -D${var}=... missing")
    endif()
endforeach()
file(MAKE_DIRECTORY "${DEST}")
foreach(name package.json package-lock.json common.mjs report_test.mjs serve_test.mjs)
    file(COPY_FILE "${SRC}/${name}" "${DEST}/${name}" ONLY_IF_DIFFERENT)
endforeach()
execute_process(COMMAND "${NPM}" ci --no-audit --no-fund
                WORKING_DIRECTORY "${DEST}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "npm ci in ${DEST} failed (${result})")
endif()
