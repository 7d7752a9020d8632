# Sourced by scripts/test.sh: the live Elasticsearch tier (tests/search/test_elastic.py's live class, which runs
# every engine behaviour test, and tests/search/test_elastic_faults.py) against a real node.
# ELASTICSEARCH_URL set: that node is used. Otherwise scripts/elasticsearch.sh starts one (and stops it after),
# unless ELASTICSEARCH_NODE=off. Without Java 21+ or Maven the tier is skipped, and the reason printed (a failure
# instead when ELASTICSEARCH_REQUIRED=1, as in CI).
live_tests=(tests/search/test_elastic.py tests/search/test_elastic_faults.py
  tests/search/test_engines.py::test_a_failed_rebuild_leaves_the_shared_elasticsearch_engine_writing_to_the_alias)
own_node=""
if [ -z "${ELASTICSEARCH_URL:-}" ]; then
  if [ "${ELASTICSEARCH_NODE:-on}" = "off" ]; then
    echo "SKIPPED the live Elasticsearch tier: ELASTICSEARCH_NODE=off" >&2
  else
    # A state folder of this run's own: a node someone started by hand (var/elasticsearch-node) is left alone.
    export ELASTICSEARCH_NODE_DIR="$PWD/var/elasticsearch-test-run-$$"
    set +e
    node_output="$(bash scripts/elasticsearch.sh start)"
    status=$?
    set -e
    if [ "$status" = 3 ] && [ "${ELASTICSEARCH_REQUIRED:-0}" = "1" ]; then
      echo "The live Elasticsearch tier is required here (ELASTICSEARCH_REQUIRED=1) but scripts/elasticsearch.sh" \
        "cannot run (see above: it needs Java 21+ and Maven)" >&2
      exit 1
    elif [ "$status" = 3 ]; then
      rm -rf "$ELASTICSEARCH_NODE_DIR"
      echo "SKIPPED the live Elasticsearch tier: scripts/elasticsearch.sh cannot run here (see above: it needs" \
        "Java 21+ and Maven)" >&2
    elif [ "$status" != 0 ]; then
      echo "The test Elasticsearch node did not start (scripts/elasticsearch.sh start failed; build log and state in" \
        "$ELASTICSEARCH_NODE_DIR)" >&2
      exit 1
    else
      own_node=1
      ELASTICSEARCH_URL="$(echo "$node_output" | tail -n 1)"
    fi
  fi
fi
if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  [ -n "$own_node" ] && trap 'bash scripts/elasticsearch.sh stop; rm -rf "$ELASTICSEARCH_NODE_DIR"' EXIT
  echo "Live Elasticsearch tier against $ELASTICSEARCH_URL" >&2
  # One process: the fault tests start and stop nodes of their own, which two workers would only slow down.
  ELASTICSEARCH_URL="$ELASTICSEARCH_URL" .venv/bin/python -m pytest -p no:xdist "${live_tests[@]}"
  if [ -n "$own_node" ]; then
    bash scripts/elasticsearch.sh stop
    rm -rf "$ELASTICSEARCH_NODE_DIR"
    trap - EXIT
  fi
fi
