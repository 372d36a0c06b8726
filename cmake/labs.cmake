# The labs check (CTest label labs): for every stage that has a lab (chNN-*/lab.toml), in a copy
# of this source tree: stubbing each lab region alone fails at least one of the tests that grade
# it, the student's tree (every region stubbed) builds, and the tree as it is scores full marks.
# It reads the markers and the bodies as they are, so a student's tree with solved labs passes
# it too. tools/lab.py does the work; make chN-lab-check runs one stage's check by hand.

# First, with no build: every stage's markers parse and its lab.toml grades each region.
add_test(NAME labs.markers COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/lab.py verify)
set_tests_properties(labs.markers PROPERTIES LABELS labs TIMEOUT 60)

# A stub in a header (axstd/io.h) keeps lab.h's warning settings to that header.
add_test(NAME labs.header_scope
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/lab_header_test.py --cxx ${CMAKE_CXX_COMPILER}
          --include ${AX_ROOT}/ch01-boot/axlog/include)
set_tests_properties(labs.header_scope PROPERTIES LABELS labs TIMEOUT 60)

# The solutions check tells a student's lab tree (an unsolved exercise whose patch meets the
# student's own lab code: skipped) from the course's own tree (a stale patch: failed).
add_test(NAME labs.solutions_in_lab_tree
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/solutions_lab_test.py)
set_tests_properties(labs.solutions_in_lab_tree PROPERTIES LABELS labs TIMEOUT 120)

# make handout: a new repository without history, chapters 1 to N's regions stubbed (no build).
add_test(NAME labs.handout COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/handout_test.py)
set_tests_properties(labs.handout PROPERTIES LABELS labs TIMEOUT 120)

file(GLOB ax_lab_manifests RELATIVE ${AX_ROOT} CONFIGURE_DEPENDS ${AX_ROOT}/ch[0-9][0-9]-*/lab.toml)
# About 40-110 s of CPU per stage from a fresh copy (stage 5, with lwIP, the most; a few
# seconds when nothing changed); the timeout leaves room for a machine where many builds run at
# once.
foreach(manifest ${ax_lab_manifests})
  string(SUBSTRING ${manifest} 2 2 nn)
  add_test(NAME labs.ch${nn}
    COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/lab.py check --stage ${nn}
            --build ${CMAKE_BINARY_DIR} --jobs 2)
  set_tests_properties(labs.ch${nn} PROPERTIES LABELS labs TIMEOUT 1800)
endforeach()
