#!/usr/bin/env bash
# The entropy-profile benchmark (see BENCHMARKS.md and io.infospark.bench.ProfileBenchmark).
#
#   scripts/bench.sh                          # everything: sets all+small (-Xmx6g), then unique (-Xmx1g)
#   scripts/bench.sh --rows 100000 --runs 1   # a quick end-to-end check
#   scripts/bench.sh --only unique            # only the near-unique column, in its -Xmx1g JVM
#   scripts/bench.sh --only compare           # compare with and without its significance fields
#   scripts/bench.sh --spark 3.5 --rows 100000 --runs 1   # the same on the Spark 3.5 build (Scala 2.12)
#   scripts/bench.sh --help                   # every option of the harness
#
# Builds the test classes, then runs the harness in plain `java` (Spark is `provided`, so it is on the
# test classpath). Arguments pass through to the harness; `--only` picks the sets, and this script
# runs the `all`/`small` sets in one JVM with -Xmx6g and the `unique` set in a JVM of its own with
# -Xmx1g (local mode: that heap is the driver's and the executors' together). Relative paths in
# arguments (--data, --summary) are relative to the project root. Works from any directory.
# With --summary FILE.json and both JVMs, the -Xmx1g JVM writes FILE.unique.json.
# --spark 4 (default: the default build, Spark 4.2), 3.5 (the spark-3.5-scala-2.12 build) or 3.5_2.13
# (the spark-3.5 build) picks the Spark line: the harness is built and run against it, in its own
# build folder. Environment: BENCH_SKIP_BUILD=1 skips the Maven step; MVN overrides the maven
# command (e.g. "mvn -o").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# --spark picks the build; it is taken out of the arguments here
SPARK_LINE=4
ARGS=()
while (($#)); do
  case "$1" in
    --spark) [[ $# -ge 2 ]] || { echo "bench.sh: --spark: expected 4, 3.5 or 3.5_2.13" >&2; exit 2; }
             SPARK_LINE="$2"; shift 2 ;;
    --spark=*) SPARK_LINE="${1#--spark=}"; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
set -- ${ARGS[@]+"${ARGS[@]}"}
case "$SPARK_LINE" in
  4) PROFILE=(); BUILD=target ;;
  3.5|3.5_2.12) PROFILE=(-P spark-3.5-scala-2.12); BUILD=target/spark3.5_2.12 ;;
  3.5_2.13) PROFILE=(-P spark-3.5); BUILD=target/spark3.5_2.13 ;;
  *) echo "bench.sh: --spark: expected 4, 3.5 or 3.5_2.13 but got '$SPARK_LINE'" >&2; exit 2 ;;
esac

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ${MVN:-mvn} -q -B -Dstyle.color=never ${PROFILE[@]+"${PROFILE[@]}"} -DskipTests test-compile \
    dependency:build-classpath -Dmdep.outputFile="$ROOT/$BUILD/classpath.txt"
fi

# Spark's module options: a copy of the spark.module.opens property in pom.xml (keep them equal).
SPARK_OPENS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)
CP="$BUILD/classes:$BUILD/test-classes:$(cat "$BUILD/classpath.txt")"
export SPARK_LOCAL_IP=127.0.0.1

# Split --only out of the arguments; the rest pass through unchanged.
ONLY="all,small,unique"
SUMMARY=""
PASS=()
while (($#)); do
  case "$1" in
    --only) [[ $# -ge 2 ]] || { echo "bench.sh: --only: expected a value" >&2; exit 2; }
            ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#--only=}"; shift ;;
    --summary) [[ $# -ge 2 ]] || { echo "bench.sh: --summary: expected a file" >&2; exit 2; }
               SUMMARY="$2"; shift 2 ;;
    --summary=*) SUMMARY="${1#--summary=}"; shift ;;
    -h|--help)
      echo "usage: scripts/bench.sh [harness options]; without --only it runs the sets all,small in one"
      echo "JVM (-Xmx6g) and the set unique in another (-Xmx1g). Harness options:"
      PASS+=("$1"); ONLY="all"; shift ;;
    *) PASS+=("$1"); shift ;;
  esac
done
MAIN_SETS=()
UNIQUE=0
IFS=',' read -r -a REQUESTED <<<"$ONLY"
for s in "${REQUESTED[@]}"; do
  case "$s" in
    all|small|compare) MAIN_SETS+=("$s") ;;
    unique) UNIQUE=1 ;;
    *) echo "bench.sh: --only: expected a comma-separated list of all, small, unique, compare but got '$ONLY'" >&2; exit 2 ;;
  esac
done

harness() { # heap, one extra JVM option, then the harness arguments
  local heap="$1" extra="$2"; shift 2
  java "-Xmx$heap" "$extra" "${SPARK_OPENS[@]}" -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "$CP" io.infospark.bench.ProfileBenchmark "$@"
}

STATUS=0
if ((${#MAIN_SETS[@]})); then
  MAIN_ONLY="$(IFS=','; echo "${MAIN_SETS[*]}")"
  set +e
  harness 6g -XX:+UseG1GC --only "$MAIN_ONLY" ${SUMMARY:+--summary "$SUMMARY"} ${PASS[@]+"${PASS[@]}"}
  rc=$?
  set -e
  ((rc == 0)) || { echo "bench.sh: the $MAIN_ONLY JVM exited with code $rc (1: a case failed, see ERROR above)" >&2; STATUS=$rc; }
fi
if ((UNIQUE)); then
  echo
  echo "== separate JVM: near-unique column with -Xmx1g (an OutOfMemoryError ends this JVM at once) =="
  start=$(date +%s)
  set +e
  # with both JVMs, the unique one writes its summary beside the other's: x.json -> x.unique.json
  UNIQUE_SUMMARY="$SUMMARY"
  if [[ -n "$SUMMARY" ]] && ((${#MAIN_SETS[@]})); then UNIQUE_SUMMARY="${SUMMARY%.json}.unique.json"; fi
  harness 1g -XX:+ExitOnOutOfMemoryError --only unique ${UNIQUE_SUMMARY:+--summary "$UNIQUE_SUMMARY"} ${PASS[@]+"${PASS[@]}"}
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  if ((rc == 0)); then
    echo "unique -Xmx1g JVM: finished normally in ${secs} s of wall time (see its table above)"
  else
    case "$rc" in
      1) why="a case failed with an error (see ERROR above)" ;;
      3) why="OutOfMemoryError" ;;
      *) why="exit code $rc" ;;
    esac
    echo "unique -Xmx1g JVM: FAILED after ${secs} s: $why" >&2
    ((STATUS != 0)) || STATUS=$rc
  fi
fi
exit "$STATUS"
