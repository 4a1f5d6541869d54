#!/usr/bin/env bash
# Delivery throughput, the case users have: one email per request. An account in production mode
# sending from a verified domain (every message DKIM-signed), wrk with 16 connections posting one
# ~1 KB email per POST /v1/emails, delivered into a local smtp-sink; in the same run, smtp-source
# with 16 sessions through a local Postfix relay (durable queue) into the same sink. Prints
# delivered/s for both and their ratio, accept latency (wrk's p50/p99), CPU per email (JVM, JIT,
# PostgreSQL), the batch endpoint as a second figure, and one connection's median latency per
# email against GET /v1/account of the same process.
#
#   bench/delivery.sh                  # 20 s of load at 16 connections, timed after a warm-up
#   DURATION=30s CONCURRENCY=16 bench/delivery.sh
#   WARMUP=0 bench/delivery.sh         # time a cold JVM (by default 12 or more untimed rounds first)
#   MODE=latency bench/delivery.sh     # constant 100 requests/s for 30 s (p50/p99/p99.9), then the
#                                      # SMTP peer down: the accept rate and heap with 10,000 waiting
#   MODE=statements bench/delivery.sh  # SQL statements per email (pg_stat_statements) and their execution time, after a warm-up
#   PROFILE=/tmp/send.jfr bench/delivery.sh   # a JFR profile (settings=profile) of the timed round;
#                                      # python3 bench/jfr_top.py /tmp/send.jfr sums it up
#   CPU_PROFILE=/tmp/send.txt bench/delivery.sh  # async-profiler (from Maven Central) on the timed
#                                      # round: CPU samples of every thread, native code too, collapsed
#
# It installs Debian's postfix, wrk and dnsmasq-base when missing. The Postfix relay is an instance
# of its own in a scratch directory (bench/lib.sh); /etc/postfix is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${MODE:-throughput}
[ "$MODE" = statements ] && WARMUP=0
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-12}
CONCURRENCY=${CONCURRENCY:-16}
BATCH=${BATCH:-100}
BATCH_N=${BATCH_N:-4000}
RATE=${RATE:-100}
RATE_SECONDS=${RATE_SECONDS:-30}
BACKLOG=${BACKLOG:-10000}
SINK_PORT=${SINK_PORT:-2525}
DNS_PORT=${DNS_PORT:-5399}
PORT=${PORT:-18180}
ADMIN_PORT=${ADMIN_PORT:-18181}
RELAY_PORT=${RELAY_PORT:-18125}
work=$(mktemp -d)
chmod 777 "$work"
# shellcheck source=bench/send_setup.sh
. bench/send_setup.sh

# JFR records from the start (started later, it deoptimized the whole JVM for minutes); the timed
# round is dumped from it
[ -n "${PROFILE:-}" ] && JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=name=bench,settings=profile,maxage=15m"
if [ "$MODE" = latency ]; then
  # deferred mail is not retried during the run: the backlog waits, as behind a peer that is down
  start_service POSTJECT_RETRY_INITIAL_SECONDS=3600
else
  start_service
fi
production_account
write_wrk_script
sink

# A service runs for days: untimed rounds first warm the JVM, at least WARMUP of them and more
# (up to 4 more) while the JIT compiler still takes over a tenth of the JVM's CPU. Fewer than 8
# left it short here: after 3 rounds a build used 6.6 ms of JVM CPU per email, after 8 4.8 ms; and
# after 8 the JIT compiler could still take 0.4-0.7 ms per email in the timed round, after 12 under 0.1.
rounds=0
while [ "$WARMUP" != 0 ] && [ "$rounds" -lt $((WARMUP + 4)) ]; do
  read -r j0 c0 _ <<<"$(cpu_ticks)"
  wrk_post "$CONCURRENCY" 15s >/dev/null
  await_delivered >/dev/null
  rounds=$((rounds + 1))
  read -r j1 c1 _ <<<"$(cpu_ticks)"
  [ "$rounds" -ge "$WARMUP" ] && [ $((10 * (c1 - c0))) -le $((j1 - j0)) ] && break
done

psql_pg() { # SQL on the service's embedded PostgreSQL, as its superuser
  psql -qAtX -h 127.0.0.1 -p "$(sed -n 4p "$work/data/postgres/postmaster.pid")" -U postgres -d postgres -c "$1"
}
if [ "$MODE" = statements ]; then
  # pg_stat_statements is loaded at start: restart the service on the same data directory
  psql_pg "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
  kill "$service_pid"; wait "$service_pid" 2>/dev/null || true
  no_sink
  start_service
  no_sink
  sink
  psql_pg "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  wrk_post "$CONCURRENCY" 15s >/dev/null
  await_delivered >/dev/null
  await_rest
  psql_pg "SELECT pg_stat_statements_reset()" >/dev/null
  read -r requests non2xx _ <<<"$(wrk_post "$CONCURRENCY" 10s)"
  t_delivered=$(await_delivered)
  await_rest # the stats and audit log processors' statements on these emails too
  t_rest=$(now)
  n=$((requests - non2xx))
  echo "SQL statements per email ($n emails, one per request, accepted and delivered), each with its share of execution time and its execution time per email:"
  psql_pg "SELECT to_char(calls::numeric / $n, 'FM990.00') || '  ' || to_char(100 * total_exec_time / sum(total_exec_time) OVER (), 'FM990.0') || '%  ' || to_char(total_exec_time / $n, 'FM0.000') || ' ms  ' || left(regexp_replace(query, '\s+', ' ', 'g'), 150)
    FROM pg_stat_statements WHERE calls >= $n / 10 ORDER BY calls DESC"
  psql_pg "SELECT 'total: ' || to_char(sum(calls)::numeric / $n, 'FM990.00') || ' statements, ' || to_char(sum(total_exec_time) / $n, 'FM0.000') || ' ms of execution per email' FROM pg_stat_statements"
  awk -v a="$t_delivered" -v b="$t_rest" 'BEGIN { printf "the service was at rest %.1f s after the last delivery\n", b - a }'
  exit 0
fi

heap_used() { # MB used after a full GC
  jcmd "$service_pid" GC.run >/dev/null
  jcmd "$service_pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%.0f", v / 1024; exit } }'
}

if [ "$MODE" = latency ]; then
  command -v node >/dev/null || { echo "node (20 or later) is needed for the constant-rate client" >&2; exit 1; }
  steady=$(API="$api" KEY="$key" FROM="sender@$domain" RATE=$RATE DURATION=$RATE_SECONDS node bench/constant_rate.mjs)
  await_delivered >/dev/null
  # the SMTP peer down: nothing is delivered, every attempt deferred
  no_sink
  heap0=$(heap_used)
  read -r r0 bad0 _ <<<"$(wrk_post "$CONCURRENCY" 10s)"
  waiting=$((r0 - bad0))
  while [ "$waiting" -lt "$BACKLOG" ]; do
    read -r r bad _ <<<"$(wrk_post "$CONCURRENCY" 10s)"
    waiting=$((waiting + r - bad))
  done
  read -r r1 bad1 _ <<<"$(wrk_post "$CONCURRENCY" 10s)"
  waiting=$((waiting + r1 - bad1))
  heap1=$(heap_used)
  echo
  echo "Production account, DKIM-signed ~1 KB emails, one per POST /v1/emails; $rounds warm-up rounds"
  echo "$steady" | jq -r '"constant \('"$RATE"')/s for '"$RATE_SECONDS"' s: accept latency p50 \(.p50) ms, p99 \(.p99) ms, p99.9 \(.p999) ms, max \(.max) ms (\(.ok) of \(.sent) accepted; goal p99 < 50 ms)"'
  awk -v a="$((r0 - bad0))" -v b="$((r1 - bad1))" -v w="$waiting" -v h0="$heap0" -v h1="$heap1" 'BEGIN {
    printf "SMTP peer down, %d connections: accept %.0f/s with an empty queue, %.0f/s with %d waiting: ratio %.2f (goal >= 0.80)\n", '"$CONCURRENCY"', a / 10, b / 10, w - b, b / a
    printf "heap after a full GC: %s MB before the backlog, %s MB with %d emails waiting\n", h0, h1, w
  }'
  exit 0
fi

# ---------------------------------------------------------------- Postject, one email per request
profile_begin=$(date -u +%Y-%m-%dT%H:%M:%S)
if [ -n "${CPU_PROFILE:-}" ]; then
  profiler=$(async_profiler)
  jcmd "$service_pid" JVMTI.agent_load "$profiler" "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
fi
read -r jvm0 jit0 pg0 <<<"$(cpu_ticks)"
t0=$(now)
read -r requests non2xx p50 p99 <<<"$(wrk_post "$CONCURRENCY" "$DURATION")"
t_accepted=$(now)
accepted=$((requests - non2xx))
t_delivered=$(await_delivered)
await_rest
read -r jvm1 jit1 pg1 <<<"$(cpu_ticks)"
[ -n "${CPU_PROFILE:-}" ] && jcmd "$service_pid" JVMTI.agent_load "$profiler" "\"stop,collapsed,file=$CPU_PROFILE\"" >/dev/null
[ -n "${PROFILE:-}" ] && jcmd "$service_pid" JFR.dump name=bench filename="$PROFILE" begin="$profile_begin" >/dev/null
pj_accept=$(rate "$accepted" "$t0" "$t_accepted")
pj_deliver=$(rate "$accepted" "$t0" "$t_delivered")
pj_cpu=$(cpu_per_email "$accepted" "$jvm0 $jit0 $pg0" "$jvm1 $jit1 $pg1")
metrics=$(curl -sf "http://127.0.0.1:$ADMIN_PORT/metrics.json")
timer() { echo "$metrics" | jq -r --arg t "$1" '.timers[$t] | "\(.mean * 1000000 | floor / 1000) ms mean, \(.p99 * 1000000 | floor / 1000) ms p99"'; }

# One connection: per-email latency against GET /v1/account of the same process (at rest: the
# timed round's CPU above was read once it was)
read -r _ _ one_post _ <<<"$(wrk_post 1 10s)"
wrk -t1 -c1 -d10s --latency -H "Authorization: Bearer $key" "$api/v1/account" >"$work/wrk.out"
read -r _ _ one_get _ <<<"$(wrk_summary)"
await_delivered >/dev/null

# The batch endpoint: BATCH_N emails in batches of BATCH, 4 requests in flight
item="{\"from\":\"sender@$domain\",\"to\":\"receiver@bench.test\",\"subject\":\"Bench\",\"text\":\"$(head -c 1024 </dev/zero | tr '\0' 'x')\"}"
echo "[$(printf '%s,' $(for _ in $(seq 1 "$BATCH"); do echo "$item"; done) | sed 's/,$//')]" >"$work/batch.json"
read -r bj0 bc0 bp0 <<<"$(cpu_ticks)"
tb0=$(now)
seq 1 $((BATCH_N / BATCH)) | xargs -P 4 -I{} curl -sf -o /dev/null -X POST "$api/v1/emails/batch" \
  -H "Content-Type: application/json" -H "Authorization: Bearer $key" --data-binary "@$work/batch.json"
tb_accepted=$(now)
tb_delivered=$(await_delivered)
await_rest
read -r bj1 bc1 bp1 <<<"$(cpu_ticks)"
batch_accept=$(rate "$BATCH_N" "$tb0" "$tb_accepted")
batch_deliver=$(rate "$BATCH_N" "$tb0" "$tb_delivered")
batch_cpu=$(cpu_per_email "$BATCH_N" "$bj0 $bc0 $bp0" "$bj1 $bc1 $bp1")
no_sink

# ---------------------------------------------------------------- Postfix, the same count
N=$accepted
postfix_relay "$work/postfix" "$RELAY_PORT" "$SINK_PORT" "$CONCURRENCY"
start_counting_sink "$SINK_PORT" "$N"
t0=$(now)
smtp-source -s "$CONCURRENCY" -m "$N" -l 1024 -f sender@bench.test -t receiver@bench.test "127.0.0.1:$RELAY_PORT"
t_pf_accepted=$(now)
t_pf_delivered=$(await_sink)
pf_accept=$(rate "$N" "$t0" "$t_pf_accepted")
pf_deliver=$(rate "$N" "$t0" "$t_pf_delivered")

echo
echo "One ~1 KB email per request, production account, DKIM-signed, $CONCURRENCY connections, $DURATION, same smtp-sink, one run"
[ "$rounds" -gt 0 ] && echo "(Postject timed after $rounds untimed warm-up rounds of 15 s)"
printf '%-46s accepted %6s/s   delivered %6s/s\n' "Postject (POST /v1/emails -> PostgreSQL -> SMTP)" "$pj_accept" "$pj_deliver"
printf '%-46s accepted %6s/s   delivered %6s/s   (N=%d)\n' "Postfix (smtp-source -> relay queue -> SMTP)" "$pf_accept" "$pf_deliver" "$N"
awk -v a="$pj_deliver" -v b="$pf_deliver" 'BEGIN { printf "delivered/s ratio Postject/Postfix: %.2f (goal >= 1.0)\n", a / b }'
echo "accept latency (wrk): p50 $p50 ms, p99 $p99 ms; $non2xx answers not 2xx"
echo "CPU per email, accepted and delivered: $pj_cpu"
echo "one connection: POST /v1/emails p50 $one_post ms, GET /v1/account p50 $one_get ms: $(awk -v a="$one_post" -v b="$one_get" 'BEGIN { printf "%.1fx", a / b }') (goal <= 3x)"
echo "batch endpoint ($BATCH_N emails, $BATCH per request, 4 in flight): accepted $batch_accept/s, delivered $batch_deliver/s; CPU $batch_cpu"
echo "per worker round (up to 16 deliveries through one relay connection): lease $(timer postject.delivery.lease); SMTP $(timer postject.delivery.smtp); record $(timer postject.delivery.record)"
