#!/usr/bin/env bash
# A Spark standalone cluster without a Spark distribution: the master and the workers run from
# the Maven-resolved classpath (target/classpath.txt), with a SPARK_HOME whose jars/ links to it.
#
#   scripts/standalone-cluster.sh start [WORKERS]       # a master on this machine and WORKERS workers (default 1)
#   scripts/standalone-cluster.sh worker MASTER_URL     # one more worker, e.g. on another machine with this checkout
#   scripts/standalone-cluster.sh stop                  # stops what start and worker started here
#
# Environment (each optional): SPARK_MASTER_HOST (default 127.0.0.1; the address workers and
# drivers reach), SPARK_MASTER_PORT (7077), SPARK_MASTER_WEBUI_PORT (8080), SPARK_WORKER_CORES
# (every core), SPARK_WORKER_MEMORY (2g). Logs and process ids are in target/standalone/.
# Then: SPARK_MASTER=spark://127.0.0.1:7077 scripts/submit.sh <job> [--key value ...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/java-module-options
source "$root/scripts/java-module-options"
dir="$root/target/standalone"
host="${SPARK_MASTER_HOST:-127.0.0.1}"
port="${SPARK_MASTER_PORT:-7077}"
webui="${SPARK_MASTER_WEBUI_PORT:-8080}"

usage() {
  echo "usage: scripts/standalone-cluster.sh start [WORKERS] | worker MASTER_URL | stop" >&2
  exit 2
}

# SPARK_HOME with jars/ linking every jar of the classpath: the worker starts its executors from it
prepare() {
  local classpath_file="$root/target/classpath.txt"
  if [[ ! -f "$classpath_file" || -n "$(find "$root/pom.xml" -newer "$classpath_file" -print -quit)" ]]; then
    echo "infospark: resolving Spark's classpath with Maven ..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
    touch "$classpath_file"
  fi
  classpath="$(cat "$classpath_file")"
  # the project's logging, with the cluster's own lifecycle at INFO ("Starting Spark master at …")
  mkdir -p "$dir"
  { cat "$root/conf/log4j2.properties"; printf '%s\n' "logger.deploy.name = org.apache.spark.deploy" \
      "logger.deploy.level = info"; } >"$dir/log4j2.properties"
  rm -rf "$dir/spark-home"
  mkdir -p "$dir/spark-home/jars"
  local jar
  IFS=: read -r -a jars <<<"$classpath"
  for jar in "${jars[@]}"; do
    [[ "$jar" == *.jar ]] && ln -sf "$jar" "$dir/spark-home/jars/"
  done
}

launch() { # name, class, arguments...
  local name="$1"
  shift
  java_bin="java"
  [[ -n "${JAVA_HOME:-}" ]] && java_bin="$JAVA_HOME/bin/java"
  SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="$host" \
    nohup "$java_bin" "${spark_opens[@]}" -Xmx512m -Dlog4j2.configurationFile="$dir/log4j2.properties" \
    -cp "$classpath" "$@" >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

worker() { # master URL
  local n=1
  while [[ -f "$dir/worker-$n.pid" ]]; do n=$((n + 1)); done
  launch "worker-$n" org.apache.spark.deploy.worker.Worker "$1" --host "$host" \
    --cores "${SPARK_WORKER_CORES:-$(nproc)}" --memory "${SPARK_WORKER_MEMORY:-2g}" \
    --webui-port 0 --work-dir "$dir/work-$n"
  echo "infospark: worker $n for $1 (log: $dir/worker-$n.log)" >&2
}

case "${1:-}" in
  start)
    prepare
    launch master org.apache.spark.deploy.master.Master --host "$host" --port "$port" --webui-port "$webui"
    for _ in $(seq 1 60); do
      grep -q "Starting Spark master at" "$dir/master.log" 2>/dev/null && break
      sleep 1
    done
    grep -q "Starting Spark master at" "$dir/master.log" || { echo "infospark: the master did not start; see $dir/master.log" >&2; exit 1; }
    for _ in $(seq 1 "${2:-1}"); do
      worker "spark://$host:$port"
    done
    echo "infospark: master spark://$host:$port, web UI http://$host:$webui" >&2
    ;;
  worker)
    [[ $# -eq 2 ]] || usage
    prepare
    worker "$2"
    ;;
  stop)
    for pid_file in "$dir"/*.pid; do
      [[ -f "$pid_file" ]] || continue
      kill "$(cat "$pid_file")" 2>/dev/null || true
      rm -f "$pid_file"
    done
    ;;
  *)
    usage
    ;;
esac
