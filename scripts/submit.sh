#!/usr/bin/env bash
# Runs an infospark job on a cluster through spark-submit.
#
#   scripts/submit.sh <job|jobfile> [--key value ...]
#   scripts/submit.sh [spark-submit options ...] -- <job|jobfile> [--key value ...]
#
#   SPARK_MASTER=yarn SPARK_DEPLOY_MODE=cluster SPARK_EXECUTOR_MEMORY=8g \
#     scripts/submit.sh jobs/daily-profile.properties --input hdfs:///events/date=2026-01-31 --run-id 2026-01-31
#   scripts/submit.sh --master 'local[4]' --conf spark.sql.shuffle.partitions=64 -- profile --input data/penguins.csv
#
# Environment (each optional): SPARK_SUBMIT (default $SPARK_HOME/bin/spark-submit, else
# spark-submit on PATH, else -- no Spark installed -- Spark's SparkSubmit class run with java on the
# Maven-resolved classpath, target/classpath.txt, built like scripts/infospark does), INFOSPARK_JAR
# (the application jar; default target/infospark-*.jar, rebuilt when older than the sources),
# SPARK_MASTER, SPARK_DEPLOY_MODE (client|cluster), SPARK_DRIVER_MEMORY, SPARK_EXECUTOR_MEMORY,
# SPARK_EXECUTOR_CORES, SPARK_NUM_EXECUTORS. Options before '--' go to spark-submit unchanged.
# Spark settings come from conf/spark-defaults.conf (--properties-file). A job file is read by
# path in client mode and shipped with --files in cluster mode.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# spark_opens, quiet_opts (terminal or not, warnings hidden or not) and quiet_stderr
# shellcheck source=scripts/java-module-options
source "$root/scripts/java-module-options"

usage() {
  echo "usage: scripts/submit.sh [spark-submit options --] <job|jobfile> [--key value ...]" >&2
  exit 2
}

submit_opts=()
has_separator=false
for arg in "$@"; do
  if [[ "$arg" == "--" ]]; then
    has_separator=true
    break
  fi
done
if [[ "$has_separator" == true ]]; then
  while [[ "$1" != "--" ]]; do
    submit_opts+=("$1")
    shift
  done
  shift
fi
[[ $# -ge 1 ]] || usage
job="$1"
shift

# The thin library jar: Spark is provided by the cluster (see pom.xml).
if [[ -n "${INFOSPARK_JAR:-}" ]]; then
  jar="$INFOSPARK_JAR"
  [[ -f "$jar" ]] || { echo "infospark: INFOSPARK_JAR: no such file: $jar" >&2; exit 2; }
else
  # the default build's jar (Spark 4.x); a Spark 3.5 build's jar has a classifier and is picked by INFOSPARK_JAR
  jar="$(find "$root/target" -maxdepth 1 -name 'infospark-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' ! -name '*-spark3*.jar' 2>/dev/null | head -n 1)"
  if [[ -z "$jar" || -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -print -quit)" ]]; then
    echo "infospark: building the jar (mvn package) ..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package) >&2
    jar="$(find "$root/target" -maxdepth 1 -name 'infospark-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' ! -name '*-spark3*.jar' | head -n 1)"
  fi
fi

submit="${SPARK_SUBMIT:-}"
if [[ -z "$submit" ]]; then
  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
    submit="$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit >/dev/null 2>&1; then
    submit="spark-submit"
  fi
fi

opts=(--class io.infospark.job.Main --properties-file "$root/conf/spark-defaults.conf")
[[ -n "${SPARK_MASTER:-}" ]] && opts+=(--master "$SPARK_MASTER")
[[ -n "${SPARK_DEPLOY_MODE:-}" ]] && opts+=(--deploy-mode "$SPARK_DEPLOY_MODE")
[[ -n "${SPARK_DRIVER_MEMORY:-}" ]] && opts+=(--driver-memory "$SPARK_DRIVER_MEMORY")
[[ -n "${SPARK_EXECUTOR_MEMORY:-}" ]] && opts+=(--executor-memory "$SPARK_EXECUTOR_MEMORY")
[[ -n "${SPARK_EXECUTOR_CORES:-}" ]] && opts+=(--executor-cores "$SPARK_EXECUTOR_CORES")
[[ -n "${SPARK_NUM_EXECUTORS:-}" ]] && opts+=(--num-executors "$SPARK_NUM_EXECUTORS")

# The application's name on the cluster: infospark-<job> (spark-submit would use the main class),
# unless given (--name, or --app-name after the job)
job_name="$job"
if [[ -f "$job" ]]; then
  job_name="$(sed -n 's/^[[:space:]]*job[[:space:]]*[=:][[:space:]]*\([^[:space:]]*\).*/\1/p' "$job" | head -n 1)"
fi
has_name=false
for arg in ${submit_opts[@]+"${submit_opts[@]}"} "$@"; do
  [[ "$arg" == "--name" || "$arg" == "--app-name" ]] && has_name=true
done
[[ "$has_name" == false && -n "$job_name" ]] && opts+=(--name "infospark-$job_name")

# Where to watch the run: in client mode the driver prints its Spark UI's address
# ("infospark: Spark UI at http://…:4040"); in cluster mode the driver runs on the cluster.
if [[ "${SPARK_DEPLOY_MODE:-client}" == "cluster" ]]; then
  echo "infospark: the driver runs on the cluster; its Spark UI is linked from the cluster manager's page (YARN: the application's tracking URL below; standalone: the master's web UI, port 8080)" >&2
fi

job_arg="$job"
if [[ -f "$job" && "${SPARK_DEPLOY_MODE:-client}" == "cluster" ]]; then
  # the driver runs on the cluster: ship the job file into its working directory
  opts+=(--files "$job")
  job_arg="$(basename "$job")"
else
  opts+=(--driver-java-options "-Dlog4j2.configurationFile=file:$root/conf/log4j2.properties ${quiet_opts[*]}")
fi

if [[ -n "$submit" ]]; then
  exec "$submit" "${opts[@]}" ${submit_opts[@]+"${submit_opts[@]}"} "$jar" "$job_arg" "$@" 2> >(quiet_stderr >&2)
fi

# No Spark installed: run spark-submit's own class (client mode) with java on the Maven classpath.
# The driver is this JVM, so its memory, module options and logging are set here.
classpath_file="$root/target/classpath.txt"
if [[ ! -f "$classpath_file" || -n "$(find "$root/pom.xml" -newer "$classpath_file" -print -quit)" ]]; then
  echo "infospark: no spark-submit found; resolving Spark's classpath with Maven ..." >&2
  (cd "$root" && mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
  touch "$classpath_file"
fi
java_bin="java"
[[ -n "${JAVA_HOME:-}" ]] && java_bin="$JAVA_HOME/bin/java"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "$java_bin" "${spark_opens[@]}" "${quiet_opts[@]}" -Xmx"${SPARK_DRIVER_MEMORY:-1g}" \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$(cat "$classpath_file")" org.apache.spark.deploy.SparkSubmit \
  "${opts[@]}" ${submit_opts[@]+"${submit_opts[@]}"} "$jar" "$job_arg" "$@" 2> >(quiet_stderr >&2)
