#!/usr/bin/env bash
# Two builds side by side, at the same time: each its own service, PostgreSQL, DNS and smtp-sink
# (bench/send_setup.sh: a production account, every message DKIM-signed), warmed up together (wrk,
# 16 connections, rounds in lockstep), then both posting one ~1 KB email per request at the same
# constant rate (bench/constant_rate.mjs) in lockstep timed rounds. Prints
# each build's CPU per email (JVM, its JIT compiler, PostgreSQL; counted until its service is at
# rest) and accept latency in each timed round, and B's CPU per email against A's. On a noisy
# machine a change of a few percent hides between runs of bench/delivery.sh; here both builds share
# the same seconds of the same cores, and whatever slows one slows the other.
#
#   A=/tmp/before.jar B=/tmp/after.jar bench/ab.sh
#   RATE=100 ROUND=15 WARMUP=12 TIMED=3 A=... B=... bench/ab.sh   # the defaults
#
# RATE is each service's rate: keep both together well under what the machine sustains, or the
# two only measure their contention.
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-100}
ROUND=${ROUND:-15}
WARMUP=${WARMUP:-12}
TIMED=${TIMED:-3}

if [ -n "${SIDE:-}" ]; then
  # one side: set up, then a round each time the file go.N appears; results in $sync/$SIDE.N
  work=$(mktemp -d)
  chmod 777 "$work"
  CONCURRENCY=16
  # shellcheck source=bench/send_setup.sh
  . bench/send_setup.sh
  start_service
  production_account
  write_wrk_script
  sink
  touch "$sync/$SIDE.ready"
  for r in $(seq 1 $((WARMUP + TIMED))); do
    while [ ! -f "$sync/go.$r" ]; do sleep 0.05; done
    if [ "$r" -le "$WARMUP" ]; then # warm-up: as fast as each goes (16 connections), for the JIT compiler
      wrk_post "$CONCURRENCY" "${ROUND}s" >/dev/null
      await_delivered >/dev/null
      touch "$sync/$SIDE.$r"
      continue
    fi
    t0=$(cpu_ticks)
    out=$(API="$api" KEY="$key" FROM="sender@$domain" RATE=$RATE DURATION=$ROUND node bench/constant_rate.mjs)
    await_delivered >/dev/null
    await_rest
    t1=$(cpu_ticks)
    ok=$(echo "$out" | jq .ok)
    echo "$(cpu_per_email "$ok" "$t0" "$t1" | awk '{ print $2, $6, $10 }') $(echo "$out" | jq -r '"\(.ok) \(.errors) \(.p50) \(.p99)"')" \
      >"$sync/$SIDE.$r.tmp"
    mv "$sync/$SIDE.$r.tmp" "$sync/$SIDE.$r"
  done
  exit 0
fi

: "${A:?A=path of build A's jar}" "${B:?B=path of build B's jar}"
sync=$(mktemp -d)
export sync RATE ROUND WARMUP TIMED
SIDE=A JAR=$A PORT=18280 ADMIN_PORT=18281 SINK_PORT=2625 DNS_PORT=5499 RELAY_PORT=18225 bench/ab.sh \
  >"$sync/A.log" 2>&1 &
a=$!
SIDE=B JAR=$B PORT=18380 ADMIN_PORT=18381 SINK_PORT=2725 DNS_PORT=5599 RELAY_PORT=18325 bench/ab.sh \
  >"$sync/B.log" 2>&1 &
b=$!
trap 'kill $a $b 2>/dev/null || true' EXIT
until [ -f "$sync/A.ready" ] && [ -f "$sync/B.ready" ]; do
  kill -0 $a 2>/dev/null && kill -0 $b 2>/dev/null || { cat "$sync"/*.log >&2; exit 1; }
  sleep 0.2
done
for r in $(seq 1 $((WARMUP + TIMED))); do
  touch "$sync/go.$r"
  until [ -f "$sync/A.$r" ] && [ -f "$sync/B.$r" ]; do
    kill -0 $a 2>/dev/null || [ -f "$sync/A.$r" ] || { cat "$sync/A.log" >&2; exit 1; }
    kill -0 $b 2>/dev/null || [ -f "$sync/B.$r" ] || { cat "$sync/B.log" >&2; exit 1; }
    sleep 0.2
  done
done
wait $a $b

echo "Two builds at once, each at a constant $RATE emails/s (one per request, production account, DKIM-signed),"
echo "$ROUND s rounds, timed after $WARMUP warm-up rounds (wrk, 16 connections); CPU per email counted until each"
echo "service is at rest; 'total' is JVM (less its JIT compiler, still at work in some rounds) + PostgreSQL"
echo "A: $A"
echo "B: $B"
printf '%-6s %-5s %8s %8s %8s %8s %7s %9s %9s\n' round build "JVM ms" "JIT ms" "PG ms" "total" emails "p50 ms" "p99 ms"
for r in $(seq $((WARMUP + 1)) $((WARMUP + TIMED))); do
  for side in A B; do
    read -r jvm jit pg ok _ p50 p99 <"$sync/$side.$r"
    printf '%-6s %-5s %8s %8s %8s %8.2f %7s %9s %9s\n' "$r" "$side" "$jvm" "$jit" "$pg" "$(awk -v j="$jvm" -v c="$jit" -v p="$pg" 'BEGIN { print j - c + p }')" "$ok" "$p50" "$p99"
  done
done
awk -v w="$WARMUP" -v t="$TIMED" -v dir="$sync" 'BEGIN {
  for (r = w + 1; r <= w + t; r++) {
    getline line < (dir "/A." r); split(line, a, " "); sa += a[1] - a[2] + a[3]
    getline line < (dir "/B." r); split(line, b, " "); sb += b[1] - b[2] + b[3]
  }
  printf "CPU per email (JVM less JIT + PostgreSQL), timed rounds: A %.2f ms, B %.2f ms; B/A %.3f\n", sa / t, sb / t, sb / sa
}'
rm -rf "$sync"
