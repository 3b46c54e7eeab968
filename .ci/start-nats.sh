#!/usr/bin/env bash
# NATS JetStream for the cluster tests (packages/server/test/two-worlds.test.ts,
# packages/cli/test/cluster.test.ts): when nothing listens on 127.0.0.1:4222, installs Debian's
# nats-server if missing and starts it with JetStream in the background. Safe to run repeatedly.
set -euo pipefail

PORT="${NATS_PORT:-4222}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

if listening; then
  echo "start-nats: something already listens on 127.0.0.1:$PORT"
  exit 0
fi
if ! command -v nats-server >/dev/null; then
  echo "start-nats: installing nats-server from Debian's packages"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq nats-server >/dev/null
fi
STORE="${NATS_STORE_DIR:-${TMPDIR:-/tmp}/jiefang-ci-nats}"
mkdir -p "$STORE"
echo "start-nats: nats-server -js on 127.0.0.1:$PORT (store $STORE)"
nohup nats-server -js -a 127.0.0.1 -p "$PORT" -sd "$STORE" >"$STORE/nats-server.log" 2>&1 &
for _ in $(seq 1 30); do listening && exit 0; sleep 0.5; done
echo "start-nats: nats-server did not start; its log:" >&2
cat "$STORE/nats-server.log" >&2
exit 1
