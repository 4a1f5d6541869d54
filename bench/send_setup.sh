# Sourced by bench/delivery.sh and bench/smtp.sh: a Postject service on an empty data directory delivering into a
# local smtp-sink, an account in production mode with a verified (DKIM-signing) domain whose
# records a local dnsmasq serves, and the clocks and CPU counters the benchmarks read.
# Shares bench/lib.sh. Expects: $work, $SINK_PORT, $PORT, $ADMIN_PORT, $DNS_PORT, $RELAY_PORT,
# $CONCURRENCY; fills pids, service_pid,
# api, key (an API key of the production account), domain (its verified sending domain).

# shellcheck source=bench/lib.sh
source bench/lib.sh
ensure_tools
if ! need wrk || ! need dnsmasq; then
  echo "Installing wrk, dnsmasq-base (Debian packages)..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk dnsmasq-base) >/dev/null
fi
JAR=${JAR:-service/target/postject.jar} # another build to measure, e.g. one copied aside
for port in "$SINK_PORT" "$PORT" "$ADMIN_PORT" "$RELAY_PORT"; do refuse_busy_port "$port"; done

pids=()
service_pid=
cleanup() {
  status=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${sink_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  postfix_relay_stop "$work/postfix"
  wait 2>/dev/null || true
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "kept $work (service.log) for a look" >&2; fi
}
trap cleanup EXIT
sink() { start_sink "$SINK_PORT" "$@"; }
no_sink() { stop_sinks "$SINK_PORT"; }

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

start_service() { # extra environment (it wins), e.g. POSTJECT_RETRY_INITIAL_SECONDS=600
  mkdir -p "$work/dump" && chmod 777 "$work" "$work/dump"
  sink -d "$work/dump/%H%M%S."
  env POSTJECT_DATA_DIR="$work/data" POSTJECT_HTTP_PORT=$PORT POSTJECT_ADMIN_PORT=$ADMIN_PORT \
    POSTJECT_SMTP_HOST=127.0.0.1 POSTJECT_SMTP_PORT=$SINK_PORT POSTJECT_SMTP_TLS=off \
    POSTJECT_SMTP_CONCURRENCY=$CONCURRENCY POSTJECT_DNS_SERVERS=127.0.0.1:$DNS_PORT \
    POSTJECT_SUBMISSION_ENABLED=false POSTJECT_REQUEST_LOG_THRESHOLD=OFF POSTJECT_LOG_LEVEL=WARN "$@" \
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
  # the sink writes a message's file as its data comes in: wait for the whole link (a line after
  # the one it ends), not just the file
  link=
  for _ in $(seq 1 100); do
    link=$(cat "$work"/dump/* 2>/dev/null | tr -d '\r' | sed -e ':a' -e '/=$/N; s/=\n//; ta' \
      | awk 'found { print found; exit } /token=[A-Za-z0-9]+$/ { found = $0 }' \
      | grep -o 'http://[^ ]*token=[A-Za-z0-9]*' | head -1) || true
    [ -n "$link" ] && break
    sleep 0.1
  done
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
  no_sink
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
