#!/usr/bin/env bash
# SMTP submission throughput: N messages pushed with smtp-source (16 sessions, from a server
# token's allowed network, so without AUTH) through Postject's submission port to a local smtp-sink,
# against the same N messages pushed with smtp-source through a local Postfix relay (durable queue)
# to the same sink, measured in one run. Prints accepted/s (smtp-source done: every message
# answered 250) and delivered/s (end to end) for both, their ratio, and Postject's CPU per email.
#
#   bench/smtp.sh                  # N=2000, 1 KB messages, 16 sessions each side, 16 relay connections
#   N=5000 SESSIONS=32 bench/smtp.sh
#   WARMUP=0 bench/smtp.sh         # time a cold JVM (by default 2 untimed rounds of N first)
#
# The Postfix relay is an instance of its own in a scratch directory (Debian's postfix is installed
# when missing); /etc/postfix and the system's Postfix are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

N=${N:-2000}
WARMUP=${WARMUP:-2}
SESSIONS=${SESSIONS:-16}
CONCURRENCY=${CONCURRENCY:-16}
SINK_PORT=${SINK_PORT:-2526}
PORT=${PORT:-18280}
ADMIN_PORT=${ADMIN_PORT:-18281}
SUBMISSION_PORT=${SUBMISSION_PORT:-18287}
RELAY_PORT=${RELAY_PORT:-18225}

ensure_tools
for p in "$SINK_PORT" "$PORT" "$ADMIN_PORT" "$SUBMISSION_PORT" "$RELAY_PORT"; do refuse_busy_port "$p"; done

work=$(mktemp -d)
chmod 777 "$work"
service_pid=
cleanup() {
  status=$?
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  for p in "${sink_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  postfix_relay_stop "$work/postfix"
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "kept $work (service.log) for a look" >&2; fi
  exit "$status"
}
trap cleanup EXIT

# ---------------------------------------------------------------- Postject
POSTJECT_SUBMISSION_BIND=127.0.0.1 POSTJECT_SUBMISSION_PORT=$SUBMISSION_PORT POSTJECT_SUBMISSION_TLS_PORT=0 \
  POSTJECT_SUBMISSION_MAX_CONNECTIONS_PER_IP=$((SESSIONS + 4)) POSTJECT_SMTP_CONCURRENCY=$CONCURRENCY \
  start_postject "$PORT" "$ADMIN_PORT" "$SINK_PORT"
api="http://127.0.0.1:$PORT"
read -r token key <<<"$(sandbox_account "$api" "$SINK_PORT" bench@example.com sender@bench.test receiver@bench.test)"
curl -sf -X POST "$api/v1/server-tokens" -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  -d '{"name":"bench","allowedNetworks":["127.0.0.1/32"]}' >/dev/null

start_sink "$SINK_PORT"
# One round: N messages from SESSIONS smtp-source sessions, then wait until Postject delivered them.
send_round() {
  smtp-source -s "$SESSIONS" -m "$N" -l 1024 -f sender@bench.test -t receiver@bench.test \
    "127.0.0.1:$SUBMISSION_PORT"
  t_accepted=$(now)
  t_delivered=$(await_postject "$api" "$key")
}
submitted() { curl -sf "$api/v1/emails?limit=100" -H "Authorization: Bearer $key" | jq '.data | length'; }
for _ in $(seq 1 "$WARMUP"); do send_round; done
cpu0=$(cpu_ticks)
t0=$(now)
send_round
cpu1=$(cpu_ticks)
pj_accept=$(rate "$N" "$t0" "$t_accepted")
pj_deliver=$(rate "$N" "$t0" "$t_delivered")
[ "$(submitted)" = 100 ] # the messages were accepted as emails, not refused
stop_sinks "$SINK_PORT"

# ---------------------------------------------------------------- Postfix
postfix_relay "$work/postfix" "$RELAY_PORT" "$SINK_PORT" "$CONCURRENCY"
start_counting_sink "$SINK_PORT" "$N"
t0=$(now)
smtp-source -s "$SESSIONS" -m "$N" -l 1024 -f sender@bench.test -t receiver@bench.test "127.0.0.1:$RELAY_PORT"
t_accepted=$(now)
t_delivered=$(await_sink)
pf_accept=$(rate "$N" "$t0" "$t_accepted")
pf_deliver=$(rate "$N" "$t0" "$t_delivered")

echo
echo "N=$N messages of ~1 KB, $SESSIONS smtp-source sessions, $CONCURRENCY relay connections, same smtp-sink, one run"
[ "$WARMUP" -gt 0 ] && echo "(Postject timed after $WARMUP untimed rounds of N that warmed the JVM)"
printf '%-52s accepted %6s/s   delivered %6s/s\n' "Postject (SMTP submission -> PostgreSQL -> SMTP)" "$pj_accept" "$pj_deliver"
printf '%-52s accepted %6s/s   delivered %6s/s\n' "Postfix (smtp-source -> relay queue -> SMTP)" "$pf_accept" "$pf_deliver"
awk -v a="$pj_deliver" -v b="$pf_deliver" 'BEGIN { printf "delivered/s ratio Postject/Postfix: %.2f\n", a / b }'
awk -v a="$pj_accept" -v b="$pf_accept" 'BEGIN { printf "accepted/s ratio Postject/Postfix:  %.2f\n", a / b }'
echo "CPU per email, submitted and delivered: $(cpu_per_email "$N" "$cpu0" "$cpu1")"
