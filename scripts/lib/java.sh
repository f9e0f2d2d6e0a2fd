# Sourced by the scripts: finds a JDK 25 or newer and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, any /usr/lib/jvm/*, `java` on PATH.

INFERGATE_MIN_JAVA=25

# Prints the feature version (25 for "25.0.3") of the java binary given, or nothing.
infergate_java_version() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

# True when this JDK home has a java binary of the minimum version or newer.
infergate_jdk_ok() {
  local home="$1" version
  [[ -n "${home}" && -x "${home}/bin/java" ]] || return 1
  version="$(infergate_java_version "${home}/bin/java")"
  [[ -n "${version}" && "${version}" -ge "${INFERGATE_MIN_JAVA}" ]]
}

infergate_find_jdk() {
  local candidate on_path
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if infergate_jdk_ok "${candidate}"; then
      echo "${candidate}"
      return 0
    fi
  done
  on_path="$(command -v java || true)"
  if [[ -n "${on_path}" ]]; then
    candidate="$(dirname "$(dirname "$(readlink -f "${on_path}")")")"
    if infergate_jdk_ok "${candidate}"; then
      echo "${candidate}"
      return 0
    fi
  fi
  return 1
}

if ! JAVA_HOME="$(infergate_find_jdk)"; then
  echo "error: Infergate needs a JDK ${INFERGATE_MIN_JAVA} or newer; set JAVA_HOME to one" >&2
  echo "       (for example: apt-get install temurin-25-jdk)" >&2
  exit 1
fi
export JAVA_HOME
export PATH="${JAVA_HOME}/bin:${PATH}"
