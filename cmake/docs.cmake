# `make docs`: one Doxygen site with the chapters and the API reference of every stage, and
# the docs test (label docs): the site builds with no Doxygen warning.
find_program(DOXYGEN doxygen REQUIRED)

set(AX_DOCS_OUT ${CMAKE_BINARY_DIR}/docs)
# Public headers of every stage's modules: <stage>/<module>/include.
file(GLOB AX_DOC_INCLUDE_DIRS LIST_DIRECTORIES true ${AX_ROOT}/ch0*/*/include)
string(JOIN " " AX_DOC_HEADERS ${AX_DOC_INCLUDE_DIRS})
set(AX_DOC_INCLUDE_ROOTS ${AX_DOC_HEADERS})
configure_file(${AX_ROOT}/book/Doxyfile.in ${AX_DOCS_OUT}/Doxyfile @ONLY)

add_custom_target(docs
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/docs_check.py ${DOXYGEN} ${AX_DOCS_OUT}
  COMMENT "Generating the course site with Doxygen")

add_test(NAME docs.doxygen_no_warnings
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/docs_check.py ${DOXYGEN} ${AX_DOCS_OUT})
set_tests_properties(docs.doxygen_no_warnings PROPERTIES LABELS docs TIMEOUT 300)
