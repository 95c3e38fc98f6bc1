# Sourced by local/run, local/test, bench/run, deploy and .ci/run (from the project root): picks a JDK
# for the release the root pom compiles for (maven.compiler.release) and exports it as JAVA_HOME, with
# its bin first on PATH, so Maven and every java started after it use it.
#   1. JAVA_HOME, when it is new enough;
#   2. else the newest JDK new enough under /usr/lib/jvm (Debian's and Temurin's packages put theirs there);
#   3. else the java on the PATH, when it is new enough;
#   4. else it stops with what to install.
jdk_release=$(sed -n 's:.*<maven.compiler.release>\([0-9]*\)</maven.compiler.release>.*:\1:p' pom.xml | head -1)
[ -n "$jdk_release" ] || { echo "pom.xml names no maven.compiler.release" >&2; exit 1; }

# The feature release of the JDK at $1 (from its release file), or nothing if it is not a JDK.
jdk_feature() {
  [ -x "$1/bin/javac" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -1
}

jdk_pick() {
  local home version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(jdk_feature "$JAVA_HOME")
    if [ -n "$version" ] && [ "$version" -ge "$jdk_release" ]; then echo "$JAVA_HOME"; return; fi
  fi
  for home in /usr/lib/jvm/*; do
    [ -L "$home" ] && continue
    version=$(jdk_feature "$home")
    if [ -n "$version" ] && [ "$version" -ge "$jdk_release" ] && [ "$version" -gt "$best_version" ]; then
      best="$home"; best_version="$version"
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return; fi
  if command -v javac >/dev/null; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    version=$(jdk_feature "$home")
    if [ -n "$version" ] && [ "$version" -ge "$jdk_release" ]; then echo "$home"; return; fi
  fi
}

jdk_home=$(jdk_pick)
if [ -z "$jdk_home" ]; then
  echo "A JDK $jdk_release or newer is needed (pom.xml compiles for release $jdk_release): set JAVA_HOME to one," >&2
  echo "or install one under /usr/lib/jvm, e.g. temurin-$jdk_release-jdk from Adoptium's apt repository (README.md)." >&2
  exit 1
fi
export JAVA_HOME="$jdk_home"
export PATH="$JAVA_HOME/bin:$PATH"
unset jdk_home
