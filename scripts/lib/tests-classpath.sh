# Sourced by the scripts that run code of tests/ (scripts/perf, scripts/bench-stateful) from the
# repository root: builds what is out of date and writes the class path to an argument file,
# $INFERGATE_TESTS_ARGFILE, for `java @file`. ONNX Runtime crashes while creating its
# environment when the process's command line is long (see scripts/serve).

readonly INFERGATE_TESTS_MARKER=tests/target/runtime-classpath.txt
readonly INFERGATE_TESTS_ARGFILE=tests/target/tests.args

infergate_tests_need_build() {
  [[ ! -f "${INFERGATE_TESTS_MARKER}" || ! -d tests/target/classes ]] && return 0
  # Any source or pom newer than the last package run.
  [[ -n "$(find . -path ./examples -prune -o \( -path '*/src/*' -o -name pom.xml \) -type f \
      -newer "${INFERGATE_TESTS_MARKER}" -print -quit)" ]]
}

if infergate_tests_need_build; then
  echo "building (mvn -B -DskipTests package -pl tests -am)" >&2
  mvn -B -DskipTests package -pl tests -am >&2
  touch "${INFERGATE_TESTS_MARKER}"
fi
printf -- '-cp %s\n' \
  "tests/target/classes:gateway/target/classes:engine/target/classes:$(cat "${INFERGATE_TESTS_MARKER}")" \
  > "${INFERGATE_TESTS_ARGFILE}"
