#!/usr/bin/env bash
# SMTP submission throughput: N messages pushed with smtp-source (16 sessions, from a server
# token's allowed network, so without AUTH) through Postject's submission port to a local smtp-sink,
# against the same N messages pushed with smtp-source through a local Postfix relay (durable queue)
# to the same sink, measured in one run. The main figure is an account in production mode sending
# from a verified domain (every message DKIM-signed, set up as bench/delivery.sh does); the second,
# on the same warm service, a sandbox account (its daily limit counted for every message). Prints
# accepted/s (smtp-source done: every message answered 250) and delivered/s (end to end) for each,
# their ratios to Postfix, and Postject's CPU per email.
#
#   bench/smtp.sh                  # N=2000, 1 KB messages, 16 sessions each side, 16 relay connections
#   N=5000 SESSIONS=32 bench/smtp.sh
#   WARMUP=0 bench/smtp.sh         # time a cold JVM (by default 12 untimed rounds of N first)
#   JAR=/tmp/other.jar bench/smtp.sh   # another build (one copied aside)
#
# The Postfix relay is an instance of its own in a scratch directory (Debian's postfix, wrk and
# dnsmasq-base are installed when missing); /etc/postfix and the system's Postfix are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-2000}
WARMUP=${WARMUP:-12}
SESSIONS=${SESSIONS:-16}
CONCURRENCY=${CONCURRENCY:-16}
SINK_PORT=${SINK_PORT:-2526}
DNS_PORT=${DNS_PORT:-5398}
PORT=${PORT:-18280}
ADMIN_PORT=${ADMIN_PORT:-18281}
SUBMISSION_PORT=${SUBMISSION_PORT:-18287}
RELAY_PORT=${RELAY_PORT:-18225}
work=$(mktemp -d)
chmod 777 "$work"
# shellcheck source=bench/send_setup.sh
. bench/send_setup.sh
refuse_busy_port "$SUBMISSION_PORT"
refuse_busy_port "$DNS_PORT"

# ---------------------------------------------------------------- Postject
start_service POSTJECT_SUBMISSION_ENABLED=true POSTJECT_SUBMISSION_BIND=127.0.0.1 \
  POSTJECT_SUBMISSION_PORT="$SUBMISSION_PORT" POSTJECT_SUBMISSION_TLS_PORT=0 \
  POSTJECT_SUBMISSION_MAX_CONNECTIONS_PER_IP=$((SESSIONS + 4)) POSTJECT_SANDBOX_DAILY_LIMIT=100000000 \
  POSTJECT_CONFIRMATIONS_PER_ADDRESS_PER_MINUTE=100000 POSTJECT_CONFIRMATIONS_PER_ADDRESS_PER_DAY=100000
production_account # sets $key, $domain
read -r sandbox_token sandbox_key <<<"$(sandbox_account "$api" "$SINK_PORT" sandbox@example.com \
  sender@sandbox.test receiver@sandbox.test)"
J='Content-Type: application/json'
production_token=$(curl -sf -X POST "$api/v1/auth/login" -H "$J" \
  -d '{"email":"bench@example.com","password":"benchmark password"}' | jq -r .token)
# the network of a server token: its clients submit as its account (one account's at a time)
server_token() { # DASHBOARD_TOKEN: prints the new token's id
  curl -sf -X POST "$api/v1/server-tokens" -H "$J" -H "Authorization: Bearer $1" \
    -d '{"name":"bench","allowedNetworks":["127.0.0.1/32"]}' | jq -r .id
}

sink
# One round: N messages from SESSIONS smtp-source sessions, then wait until Postject delivered them.
send_round() { # FROM TO API_KEY
  smtp-source -s "$SESSIONS" -m "$N" -l 1024 -f "$1" -t "$2" "127.0.0.1:$SUBMISSION_PORT" >&2
  t_accepted=$(now)
  t_delivered=$(await_postject "$api" "$3")
}
# the rounds' figures: "accepted/s delivered/s CPU-per-email"
timed_round() { # FROM TO API_KEY
  local cpu0 cpu1 t0
  cpu0=$(cpu_ticks)
  t0=$(now)
  send_round "$@"
  await_rest
  cpu1=$(cpu_ticks)
  # the messages were accepted as emails, not refused
  [ "$(curl -sf "$api/v1/emails?limit=100" -H "Authorization: Bearer $3" | jq '.data | length')" = 100 ]
  echo "$(rate "$N" "$t0" "$t_accepted") $(rate "$N" "$t0" "$t_delivered") $(cpu_per_email "$N" "$cpu0" "$cpu1")"
}

token_id=$(server_token "$production_token")
for _ in $(seq 1 "$WARMUP"); do send_round "sender@$domain" receiver@bench.test "$key"; done
read -r prod_accept prod_deliver prod_cpu <<<"$(timed_round "sender@$domain" receiver@bench.test "$key")"

curl -sf -X DELETE "$api/v1/server-tokens/$token_id" -H "Authorization: Bearer $production_token" >/dev/null
server_token "$sandbox_token" >/dev/null
[ "$WARMUP" -gt 0 ] && send_round sender@sandbox.test receiver@sandbox.test "$sandbox_key"
read -r sb_accept sb_deliver sb_cpu <<<"$(timed_round sender@sandbox.test receiver@sandbox.test "$sandbox_key")"
no_sink

# ---------------------------------------------------------------- Postfix
postfix_relay "$work/postfix" "$RELAY_PORT" "$SINK_PORT" "$CONCURRENCY"
start_counting_sink "$SINK_PORT" "$N"
t0=$(now)
smtp-source -s "$SESSIONS" -m "$N" -l 1024 -f sender@bench.test -t receiver@bench.test "127.0.0.1:$RELAY_PORT"
t_accepted=$(now)
t_delivered=$(await_sink)
pf_accept=$(rate "$N" "$t0" "$t_accepted")
pf_deliver=$(rate "$N" "$t0" "$t_delivered")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "N=$N messages of ~1 KB, $SESSIONS smtp-source sessions, $CONCURRENCY relay connections, same smtp-sink, one run"
[ "$WARMUP" -gt 0 ] && echo "(Postject timed after $WARMUP untimed rounds of N that warmed the JVM, and one more for the sandbox account)"
printf '%-58s accepted %6s/s   delivered %6s/s\n' \
  "Postject, production account (DKIM-signed)" "$prod_accept" "$prod_deliver" \
  "Postject, sandbox account (daily limit counted)" "$sb_accept" "$sb_deliver" \
  "Postfix (smtp-source -> relay queue -> SMTP)" "$pf_accept" "$pf_deliver"
echo "production: delivered/s ratio Postject/Postfix $(ratio "$prod_deliver" "$pf_deliver"), accepted/s $(ratio "$prod_accept" "$pf_accept")"
echo "sandbox:    delivered/s ratio Postject/Postfix $(ratio "$sb_deliver" "$pf_deliver"), accepted/s $(ratio "$sb_accept" "$pf_accept")"
echo "CPU per email, submitted and delivered: production $prod_cpu"
echo "                                        sandbox    $sb_cpu"
