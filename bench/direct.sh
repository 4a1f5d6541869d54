#!/usr/bin/env bash
# Direct delivery against relay delivery, one run. 50 destination domains (d0..d49.bench.test),
# each with an MX record (dnsmasq) naming a host on a loopback address of its own (127.0.1.N),
# where a local smtp-sink answers; d0's host accepts TCP connections and never says a word.
# Postject in direct mode (POSTJECT_DELIVERY=direct) gets one ~1 KB email per POST /v1/emails to
# recipients spread over the 50 domains (wrk, 16 connections), from a production account with a
# verified, DKIM-signing domain; then the same load in relay mode into one smtp-sink. Prints
# delivered/s to the 49 live domains against the relay's rate and their ratio (goal >= 0.8), and
# the proof that the dead domain held nothing up: the live mail's last delivery against the end of
# the load, how many connections the dead host holds, and its mail still waiting.
#
#   bench/direct.sh                      # 20 s of load per mode after a 10 s warm-up round
#   DURATION=30s CONCURRENCY=16 bench/direct.sh
#
# Needs postfix (smtp-sink), dnsmasq-base, wrk, jq, curl, python3; installs the Debian packages
# when missing. Touches no system configuration; every process it starts is stopped by its id.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONCURRENCY=${CONCURRENCY:-16}
DOMAINS=${DOMAINS:-50}
MX_PORT=${MX_PORT:-2725}
RELAY_PORT=${RELAY_PORT:-2726}
DNS_PORT=${DNS_PORT:-5396}
PORT=${PORT:-18380}
ADMIN_PORT=${ADMIN_PORT:-18381}
# scratch space, and the embedded PostgreSQL's binaries (-Dot.epg.working-dir), on WORK_ROOT
WORK_ROOT=${WORK_ROOT:-/tmp}
work=$(mktemp -d "$WORK_ROOT/postject-direct.XXXXXX")
JAVA_OPTS="${JAVA_OPTS:-} -Dot.epg.working-dir=$WORK_ROOT/postject-direct-pg"
# shellcheck source=bench/lib.sh
. bench/lib.sh

if ! need smtp-sink || ! need dnsmasq || ! need wrk || ! need jq || ! need curl; then
  echo "Installing postfix, dnsmasq-base, wrk, jq, curl (Debian packages)..." >&2
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix dnsmasq-base wrk jq curl) >/dev/null
fi
[ -f service/target/postject.jar ] || mvn -q -B -DskipTests package
for port in "$PORT" "$ADMIN_PORT" "$RELAY_PORT"; do refuse_busy_port "$port"; done

pids=()
kill_pids=()
cleanup() {
  status=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${kill_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "kept $work (service-*.log) for a look" >&2; fi
}
trap cleanup EXIT

mx_address() { echo "127.0.1.$(($1 + 1))"; } # d0 -> 127.0.1.1 (the dead one) ... d49 -> 127.0.1.50
inbox_address=127.0.2.1                      # inbox.bench.test: the sandbox address's sink, dumping

# ---------------------------------------------------------------- the destinations
mkdir -p "$work/dump" && chmod 777 "$work" "$work/dump"
for n in $(seq 1 $((DOMAINS - 1))); do
  smtp-sink -a -u nobody "$(mx_address "$n"):$MX_PORT" 1024 >>"$work/sink.log" 2>&1 &
  kill_pids+=($!)
done
smtp-sink -a -u nobody -d "$work/dump/%H%M%S." "$inbox_address:$MX_PORT" 1024 >>"$work/sink.log" 2>&1 &
kill_pids+=($!)
# the dead host: accepts every connection and holds it open in silence
python3 -c '
import socket, sys, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1024)
held = []
while True:
    c, _ = s.accept(); held.append(c)
    print(len(held), flush=True)
' "$(mx_address 0)" "$MX_PORT" >"$work/dead.log" 2>&1 &
pids+=($!)
for n in $(seq 0 $((DOMAINS - 1))) inbox; do
  address=$([ "$n" = inbox ] && echo $inbox_address || mx_address "$n")
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/$address/$MX_PORT") 2>/dev/null && break; sleep 0.1; done
done

# the MX and address records (dnsmasq answers for bench.test alone: NXDOMAIN for any other name
# there, such as _mta-sts.<domain>); the sending domain's TXT records are added per service run
echo "local=/bench.test/" >"$work/mx.conf"
for n in $(seq 0 $((DOMAINS - 1))); do
  echo "mx-host=d$n.bench.test,mx.d$n.bench.test,10"
  echo "address=/mx.d$n.bench.test/$(mx_address "$n")"
done >>"$work/mx.conf"
echo "mx-host=inbox.bench.test,mx.inbox.bench.test,10" >>"$work/mx.conf"
echo "address=/mx.inbox.bench.test/$inbox_address" >>"$work/mx.conf"

dns_pid=
start_dns() { # the MX records and the TXT records of $work/dns.conf
  [ -n "$dns_pid" ] && { kill "$dns_pid" 2>/dev/null || true; wait "$dns_pid" 2>/dev/null || true; }
  dnsmasq --keep-in-foreground --port="$DNS_PORT" --listen-address=127.0.0.1 --bind-interfaces \
    --no-resolv --no-hosts --conf-file="$work/mx.conf" --conf-file="$work/dns.conf" 2>>"$work/dns.log" &
  dns_pid=$!
  pids+=("$dns_pid")
  sleep 0.5
}

# ---------------------------------------------------------------- one Postject per mode
start_service() { # MODE [environment...]: on the data directory of MODE (created if new)
  local mode=$1
  shift
  env "$@" POSTJECT_DATA_DIR="$work/data-$mode" POSTJECT_HTTP_PORT=$PORT POSTJECT_ADMIN_PORT=$ADMIN_PORT \
    POSTJECT_DNS_SERVERS=127.0.0.1:$DNS_PORT POSTJECT_SUBMISSION_ENABLED=false \
    POSTJECT_REQUEST_LOG_THRESHOLD=OFF POSTJECT_LOG_LEVEL=WARN \
    java ${JAVA_OPTS:-} -jar service/target/postject.jar server config.yml >"$work/service-$mode.log" 2>&1 &
  service_pid=$!
  api="http://127.0.0.1:$PORT"
  for _ in $(seq 1 240); do curl -sf "$api/v1/ping" >/dev/null && return; sleep 0.5; done
  echo "the service did not start; see $work/service-$mode.log" >&2; exit 1
}
stop_service() {
  kill "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
}

# A production account sending from a verified domain (DKIM-signed): sign up, verify the domain
# against dnsmasq, confirm a sandbox address through the link mailed to DUMP, deliver one email in
# sandbox mode, ask, and have an admin (create-admin) approve. Sets $key.
production_account() { # MODE DUMP_DIR SANDBOX_ADDRESS [service environment...]
  local J='Content-Type: application/json' token domain_json domain_id link account admin mode=$1 dump=$2 sandbox=$3
  shift 3
  token=$(curl -sf -X POST "$api/v1/auth/signup" -H "$J" \
    -d '{"email":"bench@example.com","password":"benchmark password","accountName":"Bench"}' | jq -r .token)
  key=$(curl -sf -X POST "$api/v1/auth/api-keys" -H "$J" -H "Authorization: Bearer $token" -d '{}' | jq -r .key)
  domain_json=$(curl -sf -X POST "$api/v1/domains" -H "$J" -H "Authorization: Bearer $key" -d '{"name":"sender.bench.test"}')
  domain_id=$(echo "$domain_json" | jq -r .id)
  echo "$domain_json" | jq -r '.records[] | select(.type == "TXT") | "txt-record=\(.name),\(.value | [scan(".{1,255}")] | map("\"" + . + "\"") | join(","))"' >"$work/dns.conf"
  start_dns
  [ "$(curl -sf -X POST "$api/v1/domains/$domain_id/verify" -H "Authorization: Bearer $key" | jq -r .status)" = verified ]
  rm -f "$dump"/*
  curl -sf -X POST "$api/v1/account/sandbox-emails" -H "$J" -H "Authorization: Bearer $key" -d "{\"email\":\"$sandbox\"}" >/dev/null
  for _ in $(seq 1 200); do [ "$(ls "$dump" | wc -l)" -ge 1 ] && break; sleep 0.1; done
  link=$(cat "$dump"/* | tr -d '\r' | sed -e ':a' -e '/=$/N; s/=\n//; ta' | grep -o 'http://[^ ]*token=[A-Za-z0-9]*' | head -1)
  curl -sf "$api/v1/sandbox/confirm" -d "token=${link##*token=}" >/dev/null # the page's button posts the token
  curl -sf -X POST "$api/v1/emails" -H "$J" -H "Authorization: Bearer $key" \
    -d "{\"from\":\"app@sender.bench.test\",\"to\":\"$sandbox\",\"subject\":\"First\",\"text\":\"Sandbox.\"}" >/dev/null
  for _ in $(seq 1 100); do
    [ "$(curl -sf "$api/v1/account/production-access" -H "Authorization: Bearer $token" | jq -r .prerequisites.sandboxDelivery)" = true ] && break
    sleep 0.1
  done
  curl -sf -X POST "$api/v1/account/production-access" -H "$J" -H "Authorization: Bearer $token" \
    -d '{"useCase":"Benchmark receipts","website":"https://sender.bench.test"}' >/dev/null
  # the admin is created with the service stopped (create-admin starts and stops the data
  # directory's PostgreSQL itself), then the service starts again on the same data
  stop_service
  POSTJECT_DATA_DIR="$work/data-$mode" java ${JAVA_OPTS:-} -jar service/target/postject.jar create-admin \
    --email ops@bench.test --password 'operator password' config.yml >>"$work/admin.log" 2>&1
  start_service "$mode" "$@"
  admin=$(curl -sf -X POST "$api/v1/auth/login" -H "$J" \
    -d '{"email":"ops@bench.test","password":"operator password"}' | jq -r .token)
  account=$(curl -sf "$api/v1/account" -H "Authorization: Bearer $key" | jq -r .id)
  curl -sf -X POST "$api/v1/admin/production-requests/$account/approve" -H "Authorization: Bearer $admin" >/dev/null
  [ "$(curl -sf "$api/v1/account" -H "Authorization: Bearer $key" | jq -r .mode)" = production ]
}

# wrk posting one ~1 KB email per request; the n-th to r<n>@d<n mod DOMAINS>.bench.test
body=$(head -c 1024 </dev/zero | tr '\0' 'x')
write_wrk_script() { # ROUND: each round's recipients are its own
  cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
local n = 0
request = function()
  n = n + 1
  local body = '{"from":"Bench <app@sender.bench.test>","to":"r$1-' .. n .. '@d' .. (n % $DOMAINS) .. '.bench.test","subject":"Bench","text":"$body"}'
  return wrk.format(nil, "/v1/emails", nil, body)
end
LUA
}
wrk_post() { # DURATION: prints the 2xx answers
  wrk -t2 -c"$CONCURRENCY" -d"$1" -s "$work/post.lua" "$api" >"$work/wrk.out"
  awk '/ requests in / { r = $1 } /Non-2xx/ { bad = $NF } END { print r - bad }' "$work/wrk.out"
}

# The recipients of the account's emails still queued or deferred (every page).
pending() {
  local status after page
  for status in queued deferred; do
    after=""
    while :; do
      page=$(curl -sf "$api/v1/emails?status=$status&limit=100${after:+&after=$after}" -H "Authorization: Bearer $key")
      echo "$page" | jq -r '.data[].to[]'
      [ "$(echo "$page" | jq -r .hasMore)" = true ] || break
      after=$(echo "$page" | jq -r .nextCursor)
    done
  done
}
# Until no email is waiting but the dead domain's; prints the time it was so.
await_live() {
  for _ in $(seq 1 3000); do
    [ "$(pending | grep -vc '@d0\.bench\.test$')" = 0 ] && now && return
    sleep 0.2
  done
  echo "Postject did not deliver in 600 s" >&2; exit 1
}

# One round: a warm-up, then the timed load. Prints "accepted live t0 t_accepted t_delivered".
measure() { # MODE
  local accepted dead0 dead1 t0 t1 t2
  write_wrk_script "warm-$1"
  wrk_post "$WARMUP" >/dev/null
  await_live >/dev/null
  dead0=$(pending | grep -c '@d0\.bench\.test$' || true)
  write_wrk_script "timed-$1"
  t0=$(now)
  accepted=$(wrk_post "$DURATION")
  t1=$(now)
  t2=$(await_live)
  dead1=$(pending | grep -c '@d0\.bench\.test$' || true)
  # in relay mode nothing waits: every email counts
  echo "$accepted $((accepted - dead1 + dead0)) $t0 $t1 $t2"
}

# ---------------------------------------------------------------- direct
direct_env=(POSTJECT_DELIVERY=direct POSTJECT_MX_PORT=$MX_PORT POSTJECT_MX_ALLOW_PRIVATE=true
  POSTJECT_MX_ADDRESS_PREFERENCE=ipv4_only POSTJECT_HELO_NAME=bench.postject.test)
start_service direct "${direct_env[@]}"
production_account direct "$work/dump" "tester@inbox.bench.test" "${direct_env[@]}"
read -r _ d_live d_t0 d_t1 d_t2 <<<"$(measure direct)"
dead_connections=$(($(tail -1 "$work/dead.log") - 1)) # the first was the start-up probe
dead_pending=$(pending | wc -l)
stop_service
kill "$dns_pid" 2>/dev/null || true

# ---------------------------------------------------------------- relay, into one smtp-sink
mkdir -p "$work/relay-dump" && chmod 777 "$work/relay-dump"
smtp-sink -a -u nobody -d "$work/relay-dump/%H%M%S." "127.0.0.1:$RELAY_PORT" 1024 >>"$work/sink.log" 2>&1 &
relay_dump_pid=$!
kill_pids+=("$relay_dump_pid")
for _ in $(seq 1 50); do port_busy "$RELAY_PORT" && break; sleep 0.1; done
relay_env=(POSTJECT_SMTP_HOST=127.0.0.1 POSTJECT_SMTP_PORT=$RELAY_PORT POSTJECT_SMTP_TLS=off
  POSTJECT_SMTP_CONCURRENCY=$CONCURRENCY)
start_service relay "${relay_env[@]}"
production_account relay "$work/relay-dump" "tester@inbox.bench.test" "${relay_env[@]}"
kill -9 "$relay_dump_pid"; wait "$relay_dump_pid" 2>/dev/null || true
for _ in $(seq 1 50); do port_busy "$RELAY_PORT" || break; sleep 0.1; done
smtp-sink -a -u nobody "127.0.0.1:$RELAY_PORT" 1024 >>"$work/sink.log" 2>&1 & # no dump: as fast as the live sinks
kill_pids+=($!)
for _ in $(seq 1 50); do port_busy "$RELAY_PORT" && break; sleep 0.1; done
read -r r_accepted _ r_t0 r_t1 r_t2 <<<"$(measure relay)"
stop_service

# ---------------------------------------------------------------- results
d_rate=$(rate "$d_live" "$d_t0" "$d_t2")
r_rate=$(rate "$r_accepted" "$r_t0" "$r_t2")
echo
echo "One ~1 KB DKIM-signed email per POST /v1/emails, production account, $CONCURRENCY connections, $DURATION per mode"
echo "(after an untimed $WARMUP round each); $DOMAINS destination domains, d0's mail server dead (accepts TCP, never answers)"
printf '%-52s %6s emails   delivered %5s/s   last delivery %5.1f s after the load ended\n' \
  "direct (49 live destinations, each its own smtp-sink)" "$d_live" "$d_rate" "$(awk -v a="$d_t1" -v b="$d_t2" 'BEGIN { print b - a }')"
printf '%-52s %6s emails   delivered %5s/s   last delivery %5.1f s after the load ended\n' \
  "relay (one smtp-sink)" "$r_accepted" "$r_rate" "$(awk -v a="$r_t1" -v b="$r_t2" 'BEGIN { print b - a }')"
awk -v d="$d_rate" -v r="$r_rate" 'BEGIN { printf "direct / relay: %.2f (goal >= 0.80)\n", d / r }'
echo "the dead destination: ${dead_connections:-0} connections held open (at most POSTJECT_MX_CONNECTIONS_PER_HOST, and half the workers);"
echo "  $dead_pending of its emails still waiting (queued or deferred) when the live mail was all delivered"
