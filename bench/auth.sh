#!/usr/bin/env bash
# What authentication costs: requests/s of GET /v1/account with an API key against the
# unauthenticated GET /v1/ping of the same running service, measured alternately in one run.
# Prints both rates and their ratio; the target is a ratio of 0.90 or more (auth < 10%).
#
#   bench/auth.sh                  # defaults: 3 rounds of 4 x 10 s, wrk -t2 -c32
#   ROUNDS=5 DURATION=20s bench/auth.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
ADMIN_PORT=${ADMIN_PORT:-18081}

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)..." >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
if [ ! -f service/target/postject.jar ]; then
  mvn -q -B -DskipTests package
fi

work=$(mktemp -d)
# shellcheck source=bench/lib.sh
. bench/lib.sh
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
POSTJECT_DATA_DIR="$work/data" POSTJECT_HTTP_PORT=$PORT POSTJECT_ADMIN_PORT=$ADMIN_PORT \
  POSTJECT_REQUEST_LOG_THRESHOLD=OFF POSTJECT_LOG_LEVEL=WARN \
  java -jar service/target/postject.jar server config.yml >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/v1/ping" >/dev/null && break
  sleep 0.5
done

base="http://127.0.0.1:$PORT"
token=$(curl -sf -X POST "$base/v1/auth/signup" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"benchmark password","accountName":"Bench"}' |
  sed -E 's/.*"token":"([^"]+)".*/\1/')
key=$(curl -sf -X POST "$base/v1/auth/api-keys" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" -d '{"name":"bench"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/account" -H "Authorization: Bearer $key")" = 200 ]

rate() { # url [header]
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" ${2:+-H "$2"} "$1" | awk '/Requests\/sec/ {print $2}'
}

echo "warming up..." >&2
wrk -t2 -c"$CONNECTIONS" -d20s "$base/v1/ping" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer $key" "$base/v1/account" >/dev/null

ping_total=0
account_total=0
for round in $(seq 1 "$ROUNDS"); do
  # ping, account, account, ping: a machine getting faster or slower favours neither side
  p1=$(rate "$base/v1/ping")
  a1=$(rate "$base/v1/account" "Authorization: Bearer $key")
  a2=$(rate "$base/v1/account" "Authorization: Bearer $key")
  p2=$(rate "$base/v1/ping")
  p=$(awk -v x="$p1" -v y="$p2" 'BEGIN {print (x + y) / 2}')
  a=$(awk -v x="$a1" -v y="$a2" 'BEGIN {print (x + y) / 2}')
  printf 'round %d: GET /v1/ping %9.0f req/s   GET /v1/account (API key) %9.0f req/s\n' "$round" "$p" "$a"
  ping_total=$(awk -v t="$ping_total" -v x="$p" 'BEGIN {print t + x}')
  account_total=$(awk -v t="$account_total" -v x="$a" 'BEGIN {print t + x}')
done

awk -v p="$ping_total" -v a="$account_total" -v n="$ROUNDS" 'BEGIN {
  printf "\nmean GET /v1/ping:             %9.0f req/s (unauthenticated baseline)\n", p / n
  printf "mean GET /v1/account with key: %9.0f req/s\n", a / n
  printf "ratio authenticated/baseline:  %9.3f (target >= 0.90)\n", a / p
}'
