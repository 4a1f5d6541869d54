#!/usr/bin/env bash
# Delivery throughput: N emails through Postject's API to a local smtp-sink, against the same N
# messages pushed with smtp-source through a local Postfix relay (durable queue) to the same sink,
# measured in one run. Prints accepted/s and delivered/s (end to end: until the sink has received
# all N) for both, their ratio, and where Postject's delivery time goes.
#
#   bench/delivery.sh                   # N=2000, 1 KB messages, 16 SMTP connections each side
#   N=5000 CONCURRENCY=16 bench/delivery.sh
#   ACCOUNTS=4 bench/delivery.sh        # the N emails come from 4 sandbox accounts in parallel
#   WARMUP=0 bench/delivery.sh          # time a cold JVM (by default 2 or more untimed rounds first)
#   JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/postject.jfr bench/delivery.sh   # profile it
#
# One sandbox account's sends are serialized by its daily-limit lock; several accounts are not.
#
# It installs Debian's postfix when missing and REWRITES /etc/postfix/main.cf for a loopback-only
# relay to the sink: run it on a benchmark machine, not on a mail server.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-2000}
ACCOUNTS=${ACCOUNTS:-1}
WARMUP=${WARMUP:-2}
CONCURRENCY=${CONCURRENCY:-16}
BATCH=${BATCH:-100}
SINK_PORT=${SINK_PORT:-2525}
PORT=${PORT:-18180}
ADMIN_PORT=${ADMIN_PORT:-18181}

need() { command -v "$1" >/dev/null; }
if ! need smtp-sink || ! need postfix || ! need jq || ! need curl; then
  echo "Installing postfix, jq, curl (Debian packages)..." >&2
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix jq curl) >/dev/null
fi
if [ ! -f service/target/postject.jar ]; then
  mvn -q -B -DskipTests package
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null; then
  echo "Something already listens on 127.0.0.1:$SINK_PORT (a stale smtp-sink?); stop it first." >&2
  exit 1
fi

work=$(mktemp -d)
chmod 777 "$work"
pids=()
cleanup() {
  status=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  pkill -9 -f "smtp-sink -u nobody" 2>/dev/null || true
  postfix stop >/dev/null 2>&1 || true
  postsuper -d ALL >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "kept $work (service.log) for a look" >&2; fi
}
trap cleanup EXIT
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

# smtp-sink ignores SIGTERM, and several sinks can bind one port: stop them with SIGKILL and
# wait until the port is free, or a leftover sink takes some of the next run's messages.
stop_sinks() {
  pkill -9 -f "smtp-sink -u nobody" 2>/dev/null || true
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null || return 0
    sleep 0.1
  done
  echo "127.0.0.1:$SINK_PORT stays busy" >&2; exit 1
}

# A sink that exits after $1 messages and notes the time it did.
start_counting_sink() {
  for _ in 1 2 3 4 5; do
    rm -f "$work/sink.done"
    (smtp-sink -u nobody -M "$1" "127.0.0.1:$SINK_PORT" 1024 >>"$work/sink.log" 2>&1; now >"$work/sink.done") &
    sleep 0.5
    [ ! -f "$work/sink.done" ] && return # it listens
    echo "smtp-sink did not start (see below); trying again" >&2; tail -2 "$work/sink.log" >&2
  done
  exit 1
}
await_sink() {
  for _ in $(seq 1 1200); do [ -f "$work/sink.done" ] && cat "$work/sink.done" && return; sleep 0.1; done
  echo "the sink did not receive all messages in 120 s" >&2; exit 1
}
# Postject's stopwatch: its own record of a 250 from the relay for every email (smtp-sink -M
# occasionally undercounted Postject's long-lived connections here, so it only times Postfix).
await_postject() {
  for _ in $(seq 1 1200); do
    left=0
    for k in "${keys[@]}"; do
      for status in queued deferred; do
        n=$(curl -sf "$api/v1/emails?status=$status&limit=1" -H "Authorization: Bearer $k" | jq '.data | length')
        left=$((left + n))
      done
    done
    [ "$left" = 0 ] && now && return
    sleep 0.1
  done
  echo "Postject did not deliver all messages in 120 s" >&2; exit 1
}
# CPU time (user + system, in clock ticks) used so far by the service JVM and by PostgreSQL.
ticks() { cat "/proc/$1/stat" 2>/dev/null | awk '{ print $14 + $15 }' || echo 0; }
cpu_ticks() {
  local jvm=$(ticks "$service_pid") jit=0 pg=0 postmaster
  for t in /proc/"$service_pid"/task/*; do
    if grep -q Compiler "$t/comm" 2>/dev/null; then jit=$((jit + $(awk '{ print $14 + $15 }' "$t/stat"))); fi
  done
  postmaster=$(pgrep -f -- "-D $work/data" | head -1)
  for p in $postmaster $(pgrep -P "$postmaster"); do pg=$((pg + $(ticks "$p"))); done
  echo "$jvm $jit $pg"
}
body=$(head -c 1024 </dev/zero | tr '\0' 'x')

# ---------------------------------------------------------------- Postject
mkdir -p "$work/dump" && chmod 777 "$work/dump"
smtp-sink -u nobody -d "$work/dump/%H%M%S." "127.0.0.1:$SINK_PORT" 256 >/dev/null 2>&1 &
pids+=($!)
POSTJECT_DATA_DIR="$work/data" POSTJECT_HTTP_PORT=$PORT POSTJECT_ADMIN_PORT=$ADMIN_PORT \
  POSTJECT_SMTP_HOST=127.0.0.1 POSTJECT_SMTP_PORT=$SINK_PORT POSTJECT_SMTP_TLS=off \
  POSTJECT_SMTP_CONCURRENCY=$CONCURRENCY POSTJECT_SANDBOX_DAILY_LIMIT=100000000 \
  POSTJECT_CONFIRMATIONS_PER_ADDRESS_PER_MINUTE=100000 POSTJECT_CONFIRMATIONS_PER_ADDRESS_PER_DAY=100000 \
  POSTJECT_REQUEST_LOG_THRESHOLD=OFF POSTJECT_LOG_LEVEL=WARN \
  java ${JAVA_OPTS:-} -jar service/target/postject.jar server config.yml >"$work/service.log" 2>&1 &
pids+=($!)
service_pid=$!
api="http://127.0.0.1:$PORT"
for _ in $(seq 1 240); do curl -sf "$api/v1/ping" >/dev/null && break; sleep 0.5; done
keys=()
for a in $(seq 1 "$ACCOUNTS"); do
  token=$(curl -sf -X POST "$api/v1/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench$a@example.com\",\"password\":\"benchmark password\",\"accountName\":\"Bench $a\"}" | jq -r .token)
  key=$(curl -sf -X POST "$api/v1/auth/api-keys" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" -d '{}' | jq -r .key)
  keys+=("$key")
  for address in sender@bench.test receiver@bench.test; do
    curl -sf -X POST "$api/v1/account/sandbox-emails" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $key" -d "{\"email\":\"$address\"}" >/dev/null
  done
done
for _ in $(seq 1 100); do [ "$(ls "$work/dump" | wc -l)" -ge $((2 * ACCOUNTS)) ] && break; sleep 0.1; done
for link in $(cat "$work"/dump/* | tr -d '\r' | sed -e ':a' -e '/=$/N; s/=\n//; ta' | grep -o 'http://[^ ]*token=[A-Za-z0-9]*'); do
  link=${link/localhost:8080/127.0.0.1:$PORT}
  # the page only shows a button; its form post confirms
  curl -sf "$link" >/dev/null && curl -sf "${link%%\?*}" -d "token=${link##*token=}" >/dev/null
done
for key in "${keys[@]}"; do
  [ "$(curl -sf "$api/v1/account/sandbox-emails" -H "Authorization: Bearer $key" | jq '[.data[] | select(.status == "confirmed")] | length')" = 2 ]
done
stop_sinks

item="{\"from\":\"sender@bench.test\",\"to\":\"receiver@bench.test\",\"subject\":\"Bench\",\"text\":\"$body\"}"
batch="[$(printf '%s,' $(for _ in $(seq 1 "$BATCH"); do echo "$item"; done) | sed 's/,$//')]"
echo "$batch" >"$work/batch.json"
batches=$((N / BATCH))
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 1024 >/dev/null 2>&1 &
pids+=($!)
sleep 0.3
# One round: N emails through the batch API (4 requests in flight), then wait for delivery.
send_round() {
  rm -rf "$work/answers" && mkdir -p "$work/answers"
  for b in $(seq 0 $((batches - 1))); do echo "$b ${keys[$((b % ACCOUNTS))]}"; done |
    xargs -P 4 -L 1 sh -c 'curl -sf -o "$0/answers/$2.json" -X POST "$1/v1/emails/batch" \
      -H "Content-Type: application/json" -H "Authorization: Bearer $3" --data-binary "@$0/batch.json"' "$work" "$api"
  t_accepted=$(now)
  queued=$(cat "$work"/answers/*.json | jq '[.data[] | select(.status == "queued")] | length' | awk '{s += $1} END {print s}')
  if [ "$queued" != "$N" ]; then
    echo "Only $queued of $N emails were accepted; refusals:" >&2
    cat "$work"/answers/*.json | jq -c '[.data[] | .error.code // empty] | group_by(.) | map({(.[0]): length}) | add' | sort | uniq -c >&2
    exit 1
  fi
  t_delivered=$(await_postject)
}
# A service runs for days: untimed rounds first warm the JVM, at least WARMUP of them and more
# (up to 8) while the JIT compiler still takes over a tenth of the JVM's CPU.
rounds=0
while [ "$rounds" -lt 8 ]; do
  [ "$WARMUP" = 0 ] && break
  read -r j0 c0 _ <<<"$(cpu_ticks)"
  send_round
  rounds=$((rounds + 1))
  read -r j1 c1 _ <<<"$(cpu_ticks)"
  [ "$rounds" -ge "$WARMUP" ] && [ $((10 * (c1 - c0))) -le $((j1 - j0)) ] && break
done
read -r jvm0 jit0 pg0 <<<"$(cpu_ticks)"
t0=$(now)
send_round
read -r jvm1 jit1 pg1 <<<"$(cpu_ticks)"
pj_accept=$(rate "$N" "$t0" "$t_accepted")
pj_deliver=$(rate "$N" "$t0" "$t_delivered")
metrics=$(curl -sf "http://127.0.0.1:$ADMIN_PORT/metrics")
timer() { echo "$metrics" | jq -r --arg t "$1" '.timers[$t] | "\(.mean * 1000000 | floor / 1000) ms mean, \(.p99 * 1000000 | floor / 1000) ms p99, \(.count) calls"'; }

stop_sinks

# ---------------------------------------------------------------- Postfix
cat >/etc/postfix/main.cf <<CONF
compatibility_level = 3.6
queue_directory = /var/spool/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
data_directory = /var/lib/postfix
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = bench.postject.test
mydestination =
relayhost = [127.0.0.1]:$SINK_PORT
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
maillog_file = /var/log/postfix-bench.log
default_destination_concurrency_limit = $CONCURRENCY
CONF
postfix stop >/dev/null 2>&1 || true
postsuper -d ALL >/dev/null 2>&1 || true # a fresh, empty queue for each run
postfix start >/dev/null 2>&1
sleep 1
start_counting_sink "$N"
t0=$(now)
smtp-source -s "$CONCURRENCY" -m "$N" -l 1024 -f sender@bench.test -t receiver@bench.test 127.0.0.1:25
t_accepted=$(now)
t_delivered=$(await_sink)
pf_accept=$(rate "$N" "$t0" "$t_accepted")
pf_deliver=$(rate "$N" "$t0" "$t_delivered")

echo
echo "N=$N messages of ~1 KB from $ACCOUNTS sandbox account(s), $CONCURRENCY SMTP connections, same smtp-sink, one run"
[ "$rounds" -gt 0 ] && echo "(Postject timed after $rounds untimed rounds of N that warmed the JVM)"
printf '%-44s accepted %6s/s   delivered %6s/s\n' "Postject (API batch -> PostgreSQL -> SMTP)" "$pj_accept" "$pj_deliver"
printf '%-44s accepted %6s/s   delivered %6s/s\n' "Postfix (smtp-source -> relay queue -> SMTP)" "$pf_accept" "$pf_deliver"
awk -v a="$pj_deliver" -v b="$pf_deliver" 'BEGIN { printf "delivered/s ratio Postject/Postfix: %.2f (goal >= 1.0)\n", a / b }'
echo
echo "Where Postject's delivery time goes (per message, per worker):"
echo "  lease from the queue:   $(timer postject.delivery.lease)"
echo "  SMTP transaction:       $(timer postject.delivery.smtp)"
echo "  record outcome (tx):    $(timer postject.delivery.record)"
hz=$(getconf CLK_TCK)
awk -v j=$((jvm1 - jvm0)) -v c=$((jit1 - jit0)) -v p=$((pg1 - pg0)) -v n="$N" -v hz="$hz" \
  'BEGIN { printf "CPU per email, accepted and delivered: JVM %.2f ms (JIT compiler %.2f of it), PostgreSQL %.2f ms\n", 1000 * j / hz / n, 1000 * c / hz / n, 1000 * p / hz / n }'
