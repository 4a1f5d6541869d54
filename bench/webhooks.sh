#!/usr/bin/env bash
# Webhook latency: how long from Postject's SMTP delivery of an email (the relay's 250, recorded
# as EmailDelivered) to its email.delivered webhook arriving at a local receiver, at a steady rate.
# Prints p50/p99 and, measured in the same run against the same receiver, a plain HTTP POST.
#
#   bench/webhooks.sh                      # 20 emails/s for 30 s
#   RATE=50 DURATION=20 bench/webhooks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18280}
ADMIN_PORT=${ADMIN_PORT:-18281}
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
if [ ! -f service/target/postject.jar ]; then
  mvn -q -B -DskipTests package
fi
work=$(mktemp -d)
# shellcheck source=bench/lib.sh
. bench/lib.sh
cleanup() {
  status=$?
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "kept $work (service.log) for a look" >&2; fi
}
trap cleanup EXIT
# No SMTP host: Postject delivers over SMTP to its embedded server (the dev inbox).
POSTJECT_DATA_DIR="$work/data" POSTJECT_HTTP_PORT=$PORT POSTJECT_ADMIN_PORT=$ADMIN_PORT \
  POSTJECT_WEBHOOKS_ALLOW_PRIVATE=true POSTJECT_SANDBOX_DAILY_LIMIT=100000000 \
  POSTJECT_REQUEST_LOG_THRESHOLD=OFF POSTJECT_LOG_LEVEL=WARN \
  java ${JAVA_OPTS:-} -jar service/target/postject.jar server config.yml >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/v1/ping" >/dev/null && break; sleep 0.5; done
API="http://127.0.0.1:$PORT" python3 bench/webhook_latency.py
