# Sourced by bench/delivery.sh: a Postject service on an empty data directory delivering into a
# local smtp-sink, an account in production mode with a verified (DKIM-signing) domain whose
# records a local dnsmasq serves, and the clocks and CPU counters the benchmarks read.
# Expects: $work, $SINK_PORT, $PORT, $ADMIN_PORT, $DNS_PORT, $CONCURRENCY; fills pids, service_pid,
# api, key (an API key of the production account), domain (its verified sending domain).

need() { command -v "$1" >/dev/null; }
if ! need smtp-sink || ! need postfix || ! need jq || ! need curl || ! need wrk || ! need dnsmasq; then
  echo "Installing postfix, jq, curl, wrk, dnsmasq-base (Debian packages)..." >&2
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix jq curl wrk dnsmasq-base) >/dev/null
fi
JAR=${JAR:-service/target/postject.jar} # another build to measure, e.g. one copied aside
if [ ! -f "$JAR" ]; then
  mvn -q -B -DskipTests package
fi
for port in "$SINK_PORT" "$PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Something already listens on 127.0.0.1:$port (a stale smtp-sink?); stop it first." >&2
    exit 1
  fi
done

pids=()
cleanup() {
  status=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${sink_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  postfix stop >/dev/null 2>&1 || true
  postsuper -d ALL >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "kept $work (service.log) for a look" >&2; fi
}
trap cleanup EXIT
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

# smtp-sink ignores SIGTERM, and several sinks can bind one port: this script's sinks are stopped
# with SIGKILL by their process id, and the port checked free, or a leftover takes some messages.
sink_pids=()
start_sink() { # smtp-sink arguments before the address, e.g. -d dir or -M count
  smtp-sink -u nobody "$@" "127.0.0.1:$SINK_PORT" 1024 >>"$work/sink.log" 2>&1 &
  sink_pids+=($!)
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && return; sleep 0.1; done
  echo "smtp-sink did not start" >&2; tail -2 "$work/sink.log" >&2; exit 1
}
stop_sinks() {
  for p in "${sink_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  sink_pids=()
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null || return 0
    sleep 0.1
  done
  echo "127.0.0.1:$SINK_PORT stays busy" >&2; exit 1
}

# CPU time (user + system, in clock ticks) used so far by the service JVM, its JIT compiler
# threads, and PostgreSQL (the postmaster and its backends).
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_ticks() {
  local jvm jit=0 pg=0 postmaster
  jvm=$(ticks "$service_pid")
  for t in /proc/"$service_pid"/task/*; do
    if grep -q Compiler "$t/comm" 2>/dev/null; then jit=$((jit + $(ticks "${t#/proc/}" 2>/dev/null || echo 0))); fi
  done
  postmaster=$(pgrep -f -- "-D $work/data" | head -1)
  for p in $postmaster $(pgrep -P "$postmaster"); do pg=$((pg + $(ticks "$p"))); done
  echo "$jvm $jit $pg"
}
cpu_per_email() { # jvm0 jit0 pg0 jvm1 jit1 pg1 n
  awk -v j=$(($4 - $1)) -v c=$(($5 - $2)) -v p=$(($6 - $3)) -v n="$7" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "JVM %.2f ms (JIT %.2f of it), PostgreSQL %.2f ms", 1000 * j / hz / n, 1000 * c / hz / n, 1000 * p / hz / n }'
}

# Until no email of the account is queued or deferred; prints the time it was so.
await_delivered() {
  for _ in $(seq 1 3000); do
    left=0
    for status in queued deferred; do
      n=$(curl -sf "$api/v1/emails?status=$status&limit=1" -H "Authorization: Bearer $key" | jq '.data | length')
      left=$((left + n))
    done
    [ "$left" = 0 ] && now && return
    sleep 0.1
  done
  echo "Postject did not deliver every email in 300 s" >&2; exit 1
}

start_service() { # extra environment, e.g. POSTJECT_RETRY_INITIAL_SECONDS=600
  mkdir -p "$work/dump" && chmod 777 "$work" "$work/dump"
  start_sink -d "$work/dump/%H%M%S."
  env "$@" POSTJECT_DATA_DIR="$work/data" POSTJECT_HTTP_PORT=$PORT POSTJECT_ADMIN_PORT=$ADMIN_PORT \
    POSTJECT_SMTP_HOST=127.0.0.1 POSTJECT_SMTP_PORT=$SINK_PORT POSTJECT_SMTP_TLS=off \
    POSTJECT_SMTP_CONCURRENCY=$CONCURRENCY POSTJECT_DNS_SERVERS=127.0.0.1:$DNS_PORT \
    POSTJECT_SUBMISSION_ENABLED=false POSTJECT_REQUEST_LOG_THRESHOLD=OFF POSTJECT_LOG_LEVEL=WARN \
    java ${JAVA_OPTS:-} -jar "$JAR" server config.yml >"$work/service.log" 2>&1 &
  service_pid=$!
  pids+=("$service_pid")
  api="http://127.0.0.1:$PORT"
  for _ in $(seq 1 240); do curl -sf "$api/v1/ping" >/dev/null && return; sleep 0.5; done
  echo "the service did not start" >&2; exit 1
}

# A production account sending from a verified domain: sign up, verify the domain against the
# local DNS, deliver one email in sandbox mode, ask, and have an admin (create-admin) approve.
production_account() {
  local J='Content-Type: application/json' token domain_json domain_id link account admin
  domain=bench.test
  token=$(curl -sf -X POST "$api/v1/auth/signup" -H "$J" \
    -d '{"email":"bench@example.com","password":"benchmark password","accountName":"Bench"}' | jq -r .token)
  key=$(curl -sf -X POST "$api/v1/auth/api-keys" -H "$J" -H "Authorization: Bearer $token" -d '{}' | jq -r .key)
  domain_json=$(curl -sf -X POST "$api/v1/domains" -H "$J" -H "Authorization: Bearer $key" -d "{\"name\":\"$domain\"}")
  domain_id=$(echo "$domain_json" | jq -r .id)
  # dnsmasq answers the records Postject asks for (a TXT value is split into 255-byte strings)
  echo "$domain_json" | jq -r '.records[] | select(.type == "TXT") | "txt-record=\(.name),\(.value | [scan(".{1,255}")] | map("\"" + . + "\"") | join(","))"' >"$work/dns.conf"
  dnsmasq --keep-in-foreground --port="$DNS_PORT" --listen-address=127.0.0.1 --bind-interfaces \
    --no-resolv --no-hosts --conf-file="$work/dns.conf" --pid-file="$work/dnsmasq.pid" 2>>"$work/dns.log" &
  pids+=($!)
  sleep 0.5
  [ "$(curl -sf -X POST "$api/v1/domains/$domain_id/verify" -H "Authorization: Bearer $key" | jq -r .status)" = verified ]
  curl -sf -X POST "$api/v1/account/sandbox-emails" -H "$J" -H "Authorization: Bearer $key" \
    -d '{"email":"receiver@bench.test"}' >/dev/null
  for _ in $(seq 1 100); do [ "$(ls "$work/dump" | wc -l)" -ge 1 ] && break; sleep 0.1; done
  link=$(cat "$work"/dump/* | tr -d '\r' | sed -e ':a' -e '/=$/N; s/=\n//; ta' | grep -o 'http://[^ ]*token=[A-Za-z0-9]*' | head -1)
  link=${link/localhost:8080/127.0.0.1:$PORT}
  curl -sf "${link%%\?*}" -d "token=${link##*token=}" >/dev/null # the page's button posts the token
  curl -sf -X POST "$api/v1/emails" -H "$J" -H "Authorization: Bearer $key" \
    -d "{\"from\":\"sender@$domain\",\"to\":\"receiver@bench.test\",\"subject\":\"First\",\"text\":\"Sandbox.\"}" >/dev/null
  await_delivered >/dev/null
  for _ in $(seq 1 50); do
    [ "$(curl -sf "$api/v1/account/production-access" -H "Authorization: Bearer $token" | jq -r .prerequisites.sandboxDelivery)" = true ] && break
    sleep 0.1
  done
  curl -sf -X POST "$api/v1/account/production-access" -H "$J" -H "Authorization: Bearer $token" \
    -d '{"useCase":"Benchmark receipts","website":"https://bench.test"}' >/dev/null
  POSTJECT_DATA_DIR="$work/data" java -jar "$JAR" create-admin \
    --email ops@bench.test --password 'operator password' config.yml >>"$work/admin.log" 2>&1
  admin=$(curl -sf -X POST "$api/v1/auth/login" -H "$J" \
    -d '{"email":"ops@bench.test","password":"operator password"}' | jq -r .token)
  account=$(curl -sf "$api/v1/account" -H "Authorization: Bearer $key" | jq -r .id)
  curl -sf -X POST "$api/v1/admin/production-requests/$account/approve" -H "Authorization: Bearer $admin" >/dev/null
  [ "$(curl -sf "$api/v1/account" -H "Authorization: Bearer $key" | jq -r .mode)" = production ]
  stop_sinks
}

# wrk posting one ~1 KB email per POST /v1/emails, to a recipient of its own each time.
write_wrk_script() {
  local body
  body=$(head -c 1024 </dev/zero | tr '\0' 'x')
  cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
local n = 0
request = function()
  n = n + 1
  local body = '{"from":"Bench <sender@$domain>","to":"r' .. n .. '@receiver.test","subject":"Bench","text":"$body"}'
  return wrk.format(nil, "/v1/emails", nil, body)
end
LUA
}
# wrk's answer: "requests non2xx p50_ms p99_ms" (latency in ms)
wrk_post() { # connections duration
  wrk -t"$(($1 < 2 ? 1 : 2))" -c"$1" -d"$2" --latency -s "$work/post.lua" "$api" >"$work/wrk.out"
  wrk_summary
}
wrk_summary() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { requests = $1 }
    /Non-2xx/ { bad = $NF }
    $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
    $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
    END { printf "%d %d %.2f %.2f\n", requests, bad + 0, p50, p99 }' "$work/wrk.out"
}
