#!/usr/bin/env bash
# A single Elasticsearch node on 127.0.0.1 for the search tests, built from Elasticsearch's Maven Central artifacts
# (tests/elasticsearch_node/). Usage:
#   bash scripts/elasticsearch.sh start        # build if needed, start, wait until ready; last line: the URL
#   bash scripts/elasticsearch.sh stop [--keep] # stop cleanly; --keep keeps the data for a later start
#   bash scripts/elasticsearch.sh url          # the URL of the running node (exit 1 if none)
# Environment: ELASTICSEARCH_NODE_DIR (state: pid, URL, data; default var/elasticsearch-node) lets several nodes
# run side by side; ELASTICSEARCH_PORT fixes the HTTP port (default: a free one); ELASTICSEARCH_HEAP (512m);
# ELASTICSEARCH_JAVA_HOME picks the JDK (default: the first Java 21+ found).
# Exit status 3 means "cannot run here" (no Java 21+, no Maven): callers skip the live tier and say why.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
module="$root/tests/elasticsearch_node"
state="${ELASTICSEARCH_NODE_DIR:-$root/var/elasticsearch-node}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"

say() { echo "elasticsearch.sh: $*" >&2; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }

# Elasticsearch 9 needs Java 21 or later: ELASTICSEARCH_JAVA_HOME alone if set; else JAVA_HOME if it is one, else
# `java` on PATH, else the newest JDK in /usr/lib/jvm.
find_java_home() {
  local candidate candidates
  if [ -n "${ELASTICSEARCH_JAVA_HOME:-}" ]; then
    candidates=("$ELASTICSEARCH_JAVA_HOME")
  else
    candidates=("${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")")
    candidates+=($(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV))
  fi
  for candidate in "${candidates[@]}"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

running_pid() {
  local pid
  pid="$(cat "$state/pid" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

build() {
  local jar="$module/target/elasticsearch-node-1.jar"
  if [ -f "$jar" ] && [ -f "$module/target/classpath.txt" ] \
    && [ -z "$(find "$module/pom.xml" "$module/src" -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || { say "Maven (mvn) is not installed: cannot build the node"; exit 3; }
  say "building tests/elasticsearch_node (first time: downloads ~80 MB from Maven Central into ~/.m2)"
  local started=$SECONDS
  # Maven runs on the same JDK (the node's classes target Java 21); its own warnings are noise.
  JAVA_HOME="$java_home" MAVEN_OPTS="${MAVEN_OPTS:-} -XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow" \
    mvn -q -B -f "$module/pom.xml" package >"$state/build.log" 2>&1 \
    || { cat "$state/build.log" >&2; say "the build failed"; exit 1; }
  say "built in $((SECONDS - started)) s"
}

start() {
  local pid
  if pid="$(running_pid)"; then
    say "already running (pid $pid)"
    cat "$state/url"
    return 0
  fi
  java_home="$(find_java_home)" || { say "no Java 21 or later found (Elasticsearch 9 needs it)"; exit 3; }
  build
  local home
  home="$(cat "$state/home" 2>/dev/null || true)"
  if [ -z "$home" ] || [ ! -d "$home" ]; then
    home="$(mktemp -d "${TMPDIR:-/tmp}/cms-elasticsearch.XXXXXX")"
    echo "$home" >"$state/home"
  fi
  mkdir -p "$home/tmp"
  rm -f "$state/url" "$home/url"
  local started=$SECONDS
  # setsid: the node outlives the shell that started it (stop it with `stop`), and a Ctrl-C there does not kill it.
  setsid "$java_home/bin/java" -Xms"${ELASTICSEARCH_HEAP:-512m}" -Xmx"${ELASTICSEARCH_HEAP:-512m}" \
    -XX:+UseSerialGC -Djava.io.tmpdir="$home/tmp" -Dfile.encoding=UTF-8 \
    -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$module/target/elasticsearch-node-1.jar:$(cat "$module/target/classpath.txt")" \
    cms.esnode.NodeLauncher "$home" "$home/url" "${ELASTICSEARCH_PORT:-0}" \
    >"$home/node.log" 2>&1 </dev/null &
  echo $! >"$state/pid"
  for _ in $(seq 1 240); do
    [ -f "$home/url" ] && break
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      tail -n 40 "$home/node.log" >&2
      say "the node exited while starting (log: $home/node.log)"
      rm -f "$state/pid"
      exit 1
    fi
    sleep 0.5
  done
  [ -f "$home/url" ] || { tail -n 40 "$home/node.log" >&2; say "no URL after 120 s"; stop; exit 1; }
  local url
  url="$(cat "$home/url")"
  if ! curl -fsS -o /dev/null "$url/_cluster/health?wait_for_status=yellow&timeout=60s"; then
    say "the node at $url did not become ready"
    stop
    exit 1
  fi
  echo "$url" >"$state/url"
  say "ready in $((SECONDS - started)) s (pid $(cat "$state/pid"), data $home)"
  echo "$url"
}

stop() {
  local pid keep="${1:-}"
  if pid="$(running_pid)"; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not stop in 30 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  rm -f "$state/pid" "$state/url"
  if [ "$keep" != "--keep" ]; then
    local home
    home="$(cat "$state/home" 2>/dev/null || true)"
    case "$home" in
      */cms-elasticsearch.*) rm -rf "$home" ;;
    esac
    rm -f "$state/home"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  url) running_pid >/dev/null && cat "$state/url" ;;
  *)
    echo "usage: bash scripts/elasticsearch.sh start|stop [--keep]|url" >&2
    exit 2
    ;;
esac
