# Helpers shared by the benchmarks: source it after setting $work (a scratch directory) and, for
# cpu_ticks, $service_pid. Processes it starts are stopped by their ids, never by name, so that two
# benchmarks (or a benchmark and someone's own smtp-sink) can run on one machine.

need() { command -v "$1" >/dev/null; }

# The per-minute rate limits (README "Rate limits") out of the way: a benchmark measures throughput
# far above a new account's quotas. Exported, so every Postject a benchmark starts inherits them.
for scope in SANDBOX PRODUCTION; do
  for limit in SENDS_PER_ACCOUNT SENDS_PER_CREDENTIAL REQUESTS_PER_ACCOUNT REQUESTS_PER_CREDENTIAL; do
    export "POSTJECT_${scope}_${limit}_PER_MINUTE=100000000"
  done
done

# Debian's postfix (for smtp-sink, smtp-source and the relay), jq and curl, when missing.
ensure_tools() {
  if ! need smtp-sink || ! need smtp-source || ! need postfix || ! need jq || ! need curl; then
    echo "Installing postfix, jq, curl (Debian packages)..." >&2
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix jq curl) >/dev/null
  fi
  if [ ! -f service/target/postject.jar ]; then
    mvn -q -B -DskipTests package
  fi
}

now() { date +%s.%N; }
# Messages per second: rate N START END
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
refuse_busy_port() {
  if port_busy "$1"; then
    echo "Something already listens on 127.0.0.1:$1; pick another port or stop it first." >&2
    exit 1
  fi
}

# smtp-sink ignores SIGTERM: sinks are killed (SIGKILL) by the ids start_sink noted, and the port
# waited for, or a leftover sink would take some of the next run's messages.
sink_pids=()
start_sink() { # start_sink PORT [smtp-sink options...]: a sink in the background
  local port=$1
  shift
  smtp-sink -a -u nobody "$@" "127.0.0.1:$port" 1024 >>"$work/sink.log" 2>&1 &
  sink_pids+=($!)
  for _ in $(seq 1 50); do port_busy "$port" && return; sleep 0.1; done
  echo "smtp-sink did not start on $port:" >&2; tail -2 "$work/sink.log" >&2; exit 1
}
stop_sinks() { # stop_sinks PORT
  for p in "${sink_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${sink_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  sink_pids=()
  for _ in $(seq 1 50); do port_busy "$1" || return 0; sleep 0.1; done
  echo "127.0.0.1:$1 stays busy" >&2; exit 1
}
# A sink that exits after N messages and notes the time it did in $work/sink.done.
start_counting_sink() { # start_counting_sink PORT N
  rm -f "$work/sink.done"
  (smtp-sink -a -u nobody -M "$2" "127.0.0.1:$1" 1024 >>"$work/sink.log" 2>&1; now >"$work/sink.done") &
  sink_pids+=($!)
  for _ in $(seq 1 50); do port_busy "$1" && return; sleep 0.1; done
  echo "smtp-sink did not start on $1:" >&2; tail -2 "$work/sink.log" >&2; exit 1
}
await_sink() {
  # -s: the redirection creates the file a moment before the time is written into it
  for _ in $(seq 1 1200); do [ -s "$work/sink.done" ] && cat "$work/sink.done" && return; sleep 0.1; done
  echo "the sink did not receive all messages in 120 s" >&2; exit 1
}

# Postject's stopwatch: until none of the emails of these API keys is queued or deferred (each has
# Postject's record of a 250 from the relay). await_postject API KEY...
await_postject() {
  local api=$1
  shift
  for _ in $(seq 1 1200); do
    left=0
    for k in "$@"; do
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

# CPU time (user + system, in clock ticks) used so far by the service JVM ($service_pid), its JIT
# compiler threads, and the PostgreSQL of $work/data (its processes alive, and those that exited).
ticks() { cat "/proc/$1/stat" 2>/dev/null | awk '{ print $14 + $15 }' || echo 0; }
cpu_ticks() {
  local jvm jit=0 pg=0 postmaster
  jvm=$(ticks "$service_pid")
  for t in /proc/"$service_pid"/task/*; do
    if grep -q Compiler "$t/comm" 2>/dev/null; then jit=$((jit + $(awk '{ print $14 + $15 }' "$t/stat"))); fi
  done
  postmaster=$(pgrep -f -- "-D $work/data" | head -1)
  # the postmaster's children that exited (autovacuum workers, backends) count in its cutime and cstime
  pg=$(awk '{ print $16 + $17 }' "/proc/$postmaster/stat" 2>/dev/null || echo 0)
  for p in $postmaster $(pgrep -P "$postmaster"); do pg=$((pg + $(ticks "$p"))); done
  echo "$jvm $jit $pg"
}
# Until the service JVM ($service_pid) is at rest: under a twentieth of a core for a second (at most
# 60 s). The streaming processors (stats, audit log) still work off a load after its last delivery:
# their CPU belongs to the emails, and they would share the cores with what is measured next.
await_rest() {
  local t0 t1 hz
  hz=$(getconf CLK_TCK)
  for _ in $(seq 1 60); do
    t0=$(ticks "$service_pid")
    sleep 1
    t1=$(ticks "$service_pid")
    [ $((20 * (t1 - t0))) -lt "$hz" ] && return
  done
}
# cpu_per_email N "JVM0 JIT0 PG0" "JVM1 JIT1 PG1": milliseconds of CPU per email
cpu_per_email() {
  local j0 c0 p0 j1 c1 p1
  read -r j0 c0 p0 <<<"$2"
  read -r j1 c1 p1 <<<"$3"
  awk -v j=$((j1 - j0)) -v c=$((c1 - c0)) -v p=$((p1 - p0)) -v n="$1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "JVM %.2f ms (JIT compiler %.2f of it), PostgreSQL %.2f ms\n", 1000 * j / hz / n, 1000 * c / hz / n, 1000 * p / hz / n }'
}

# The path of async-profiler's agent (Maven Central's tools.profiler:async-profiler, unpacked into
# $work), to load into the running service with jcmd JVMTI.agent_load (its options in quotes: jcmd
# reads an unquoted "a=b" as an option of its own).
ASYNC_PROFILER_VERSION=4.1
async_profiler() {
  local jar=~/.m2/repository/tools/profiler/async-profiler/$ASYNC_PROFILER_VERSION/async-profiler-$ASYNC_PROFILER_VERSION-linux-x64.jar
  [ -f "$jar" ] || mvn -B -ntp -q dependency:get \
    -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" >&2
  mkdir -p "$work/async-profiler"
  unzip -o -q "$jar" 'linux-x64/*' -d "$work/async-profiler"
  echo "$work/async-profiler/linux-x64/libasyncProfiler.so"
}

# Postject on the embedded PostgreSQL of $work/data, relaying to 127.0.0.1:SINK; more settings as
# environment. Sets $service_pid, waits for it to answer. start_postject HTTP_PORT ADMIN_PORT SINK
start_postject() {
  POSTJECT_DATA_DIR="$work/data" POSTJECT_HTTP_PORT=$1 POSTJECT_ADMIN_PORT=$2 \
    POSTJECT_SMTP_HOST=127.0.0.1 POSTJECT_SMTP_PORT=$3 POSTJECT_SMTP_TLS=off \
    POSTJECT_SANDBOX_DAILY_LIMIT=100000000 \
    POSTJECT_CONFIRMATIONS_PER_ADDRESS_PER_MINUTE=100000 POSTJECT_CONFIRMATIONS_PER_ADDRESS_PER_DAY=100000 \
    POSTJECT_REQUEST_LOG_THRESHOLD=OFF POSTJECT_LOG_LEVEL=WARN \
    java ${JAVA_OPTS:-} -jar service/target/postject.jar server config.yml >"$work/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/v1/ping" >/dev/null && return; sleep 0.5; done
  echo "Postject did not start; see $work/service.log" >&2; exit 1
}

# A sandbox account with an API key and these addresses confirmed, through the links Postject
# mailed to the dump sink on SINK (which must be the only sink there). Prints "TOKEN KEY".
# sandbox_account API SINK EMAIL ADDRESS...
sandbox_account() {
  local api=$1 sink=$2 email=$3 token key dump="$work/dump-$RANDOM"
  shift 3
  mkdir -p "$dump" && chmod 777 "$dump"
  start_sink "$sink" -d "$dump/%H%M%S."
  token=$(curl -sf -X POST "$api/v1/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"benchmark password\",\"accountName\":\"Bench\"}" | jq -r .token)
  key=$(curl -sf -X POST "$api/v1/auth/api-keys" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" -d '{}' | jq -r .key)
  for address in "$@"; do
    curl -sf -X POST "$api/v1/account/sandbox-emails" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $key" -d "{\"email\":\"$address\"}" >/dev/null
  done
  for _ in $(seq 1 100); do [ "$(ls "$dump" | wc -l)" -ge $# ] && break; sleep 0.1; done
  for link in $(cat "$dump"/* | tr -d '\r' | sed -e ':a' -e '/=$/N; s/=\n//; ta' | grep -o 'http://[^ ]*token=[A-Za-z0-9]*'); do
    link="$api/${link#http://*/}"
    # the page only shows a button; its form post confirms
    curl -sf "$link" >/dev/null && curl -sf "${link%%\?*}" -d "token=${link##*token=}" >/dev/null
  done
  [ "$(curl -sf "$api/v1/account/sandbox-emails" -H "Authorization: Bearer $key" |
    jq '[.data[] | select(.status == "confirmed")] | length')" = $# ]
  stop_sinks "$sink"
  echo "$token $key"
}

# A Postfix relay of its own (configuration and queue in DIR, nothing of /etc/postfix touched),
# accepting from loopback on 127.0.0.1:PORT and relaying to 127.0.0.1:RELAY over CONCURRENCY
# connections. postfix_relay DIR PORT RELAY CONCURRENCY; stop it with postfix_relay_stop DIR.
postfix_relay() {
  local dir=$1
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data"
  chown postfix "$dir/data"
  cat >"$dir/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = relay.postject.test
mydestination =
relayhost = [127.0.0.1]:$3
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
maillog_file_prefixes = /var, /dev/stdout, $dir
maillog_file = $dir/maillog
default_destination_concurrency_limit = $4
CONF
  sed "s/^smtp      inet/$2      inet/" /etc/postfix/master.cf >"$dir/etc/master.cf"
  postconf -c "$dir/etc" -F '*/*/chroot = n'
  postfix -c "$dir/etc" check
  postfix -c "$dir/etc" start >/dev/null 2>&1
  for _ in $(seq 1 50); do port_busy "$2" && return; sleep 0.1; done
  echo "the Postfix relay did not start on $2; see $dir/maillog" >&2; exit 1
}
postfix_relay_stop() { [ -f "$1/etc/main.cf" ] && postfix -c "$1/etc" stop >/dev/null 2>&1 || true; }
