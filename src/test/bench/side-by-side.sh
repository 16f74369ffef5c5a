#!/usr/bin/env bash
# wskit side by side with node `ws`: the four rows of issue 13's table, on one machine, in one run.
#
#   src/test/bench/side-by-side.sh [SECONDS]        (from the project root; SECONDS per measurement, default 10)
#
# Needs a built tree:
#   mvn -B package -DskipTests                       target/wskit.war, target/wskit-cli.jar, src/test/node/node_modules
#   mvn -B dependency:unpack@unpack-distributions    target/dist/jetty-home-12.1.8, target/dist/apache-tomcat-11.0.24
# and taskset (util-linux), node, java 17+, python3, at least 2 CPUs.
#
# Starts each server in turn pinned to CPU $SERVER_CPU (default 0), the bench pinned to CPU $CLIENT_CPU (default 1):
#   1. node ws: src/test/node/ws-echo-server.mjs and ws-broadcast-server.mjs (raw broadcast, no protocol)
#   2. wskit (target/wskit.war as ROOT.war) on the Jetty 12.1.8 distribution with a copy of jetty-base/, -Xmx1g
#   3. wskit on the Tomcat 11.0.24 distribution (stock conf/, src/test/tomcat/conf/server.xml with
#      maxConnections="20000" added, so that 10,000 connections are not refused), -Xmx1g
# and for each, with wskit-cli's bench (its raw client, every byte checked), in this order:
#   idle   $IDLE (10000) connections held ${HOLD}s on the freshly started server: server RSS growth per connection
#   warm-up: echo and broadcast, $WARM s each, unreported
#   echo   100 connections x 8 in flight, 32 B text: messages/s
#   large  4 connections x 2 in flight, 1 MiB binary: MB/s (each way)
#   fanout $MEMBERS (1000) members, 4 publishers x 8 in flight, 64 B text: deliveries/s (wskit: its room protocol,
#          bench --room at /rooms/bench; node: raw)
# It records uptime (the load) and the versions, prints one markdown table with ratios to node ws, and kills every
# process it started. Work files and logs: target/side-by-side/. Environment: SERVER_CPU, CLIENT_CPU, IDLE, MEMBERS,
# HOLD (idle hold, default 3), WARM (warm-up seconds, default 3).
# Beside each figure the table shows how busy the server's CPU was while the load ran (CPU seconds per second, read
# by the bench from /proc/PID/stat): near 1.00 the server was the limit; well below it, something else was (the
# bench, or other load on a shared machine).
set -euo pipefail

SECONDS_PER=${1:-${WSKIT_BENCH_SECONDS:-10}}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
IDLE=${IDLE:-10000}
MEMBERS=${MEMBERS:-1000}
HOLD=${HOLD:-3}
WARM=${WARM:-3}
JETTY_HOME=target/dist/jetty-home-12.1.8
TOMCAT_HOME=target/dist/apache-tomcat-11.0.24
WORK=target/side-by-side
CLI=(java -Xmx2g -XX:+UseG1GC -jar target/wskit-cli.jar)

die() { echo "side-by-side: $*" >&2; exit 2; }

[[ -f pom.xml && -d src/test/bench ]] || die "run from the project root"
for f in target/wskit.war target/wskit-cli.jar "$JETTY_HOME/start.jar" "$TOMCAT_HOME/bin/bootstrap.jar" src/test/node/node_modules/ws/package.json; do
  [[ -e $f ]] || die "$f is missing: build first (mvn -B package -DskipTests; mvn -B dependency:unpack@unpack-distributions)"
done
for c in taskset node java python3; do command -v "$c" >/dev/null || die "$c is not on PATH"; done
(( $(nproc) >= 2 )) || die "needs 2 CPUs (server and bench on one each); this machine has $(nproc)"
[[ $SECONDS_PER =~ ^[0-9]+$ ]] && (( SECONDS_PER > 0 )) || die "SECONDS must be a whole number of seconds"

# Both the servers and the bench hold $IDLE connections, plus files of their own.
need=$(( IDLE + 2000 ))
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(( $(ulimit -n) >= need )) || die "ulimit -n is $(ulimit -n), needs $need: raise the hard limit (e.g. ulimit -Hn 65536 as root)"

rm -rf "$WORK"
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: > "$RESULTS"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME LOG PATTERN COMMAND...: starts COMMAND on the server CPU, waits up to 120 s for PATTERN (a regex with one
# group, the port) in LOG; sets PORT and PID.
start() {
  local name=$1 log=$2 pattern=$3
  shift 3
  taskset -c "$SERVER_CPU" "$@" > "$log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  PORT=
  for _ in $(seq 600); do
    PORT=$(grep -oE "$pattern" "$log" 2>/dev/null | head -1 | grep -oE '[0-9]+$' || true)
    [[ -n $PORT ]] && break
    kill -0 "$PID" 2>/dev/null || die "$name exited while starting; see $log"
    sleep 0.2
  done
  [[ -n $PORT ]] || die "$name did not say its port within 120 s; see $log"
  echo "# $name: port $PORT, pid $PID ($(uptime | sed 's/.*load/load/'))" >&2
}

stop() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  { kill -9 "$1"; wait "$1"; } 2>/dev/null || true
}

# bench SERVER ROW FIELD PID ARGS...: one bench run on the client CPU with --server-pid PID; records SERVER ROW value
# errors and the server's CPU seconds per second while the load ran (the bench reads them from /proc).
bench() {
  local server=$1 row=$2 field=$3 pid=$4
  shift 4
  local out=$WORK/$server-$row.json
  taskset -c "$CLIENT_CPU" "${CLI[@]}" bench "$@" --server-pid "$pid" --json --progress 0 > "$out" 2> "$WORK/$server-$row.err" || true
  python3 - "$out" "$server" "$row" "$field" >> "$RESULTS" <<'EOF'
import json, sys
path, server, row, field = sys.argv[1:]
try:
    r = json.load(open(path))
    value = r[field]
    errors = ", ".join(f"{n} {k}" for k, n in r["errors"].items())
    busy = f"{r['serverCpuPerSecond']:.2f}" if r.get("serverCpuPerSecond") is not None else ""
except Exception as e:
    value, errors, busy = "", f"no result ({e.__class__.__name__}; see {path[:-5]}.err)", ""
print(f"{server}\t{row}\t{value}\t{errors}\t{busy}")
EOF
  tail -1 "$RESULTS" | sed 's/^/#   /' >&2
}

# measure SERVER ECHO_PID ECHO_URL FANOUT_PID FANOUT_URL [--room]: the rows, in order (idle first, on the fresh server).
measure() {
  local server=$1 echo_pid=$2 echo=$3 fanout_pid=$4 fanout=$5
  shift 5
  bench "$server" idle serverRssBytesPerConnection "$echo_pid" "$echo" -m idle -c "$IDLE" --connect-concurrency 64 -d "${HOLD}s"
  taskset -c "$CLIENT_CPU" "${CLI[@]}" bench "$echo" -c 100 -f 8 -b 32 -d "${WARM}s" --progress 0 > /dev/null 2>&1 || true
  taskset -c "$CLIENT_CPU" "${CLI[@]}" bench "$fanout" -m broadcast "$@" -c 100 --publishers 4 -f 8 -b 64 -d "${WARM}s" --progress 0 \
    > /dev/null 2>&1 || true
  bench "$server" echo messagesPerSecond "$echo_pid" "$echo" -c 100 -f 8 -b 32 -t text -d "${SECONDS_PER}s"
  bench "$server" large megabytesPerSecond "$echo_pid" "$echo" -c 4 -f 2 -b 1MiB -t binary -d "${SECONDS_PER}s"
  bench "$server" fanout deliveriesPerSecond "$fanout_pid" "$fanout" -m broadcast "$@" -c "$MEMBERS" --publishers 4 -f 8 -b 64 \
    --connect-concurrency 64 -d "${SECONDS_PER}s"
}

LOAD_BEFORE=$(uptime)
BEGAN=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
T0=$(date +%s)

# 1. node ws
start node-ws-echo "$WORK/ws-echo.log" 'ws-echo listening on [0-9]+' node src/test/node/ws-echo-server.mjs 0
ECHO_PORT=$PORT ECHO_PID=$PID
start node-ws-broadcast "$WORK/ws-broadcast.log" 'ws-broadcast listening on [0-9]+' node src/test/node/ws-broadcast-server.mjs 0
measure ws "$ECHO_PID" "ws://127.0.0.1:$ECHO_PORT/" "$PID" "ws://127.0.0.1:$PORT/"
stop "$ECHO_PID"; stop "$PID"
LOAD_WS=$(uptime | sed 's/.*load average: //')

# 2. wskit on the Jetty distribution
BASE=$(pwd)/$WORK/jetty-base
cp -r jetty-base "$BASE"
rm -f "$BASE"/webapps/*.war
cp target/wskit.war "$BASE/webapps/ROOT.war"
mkdir -p "$WORK/jetty-tmp"
start wskit-jetty "$WORK/jetty.log" 'ServerConnector@[0-9a-f]+\{HTTP/1\.1[^}]*\}\{127\.0\.0\.1:[0-9]+' \
  java -Xmx1g -Djava.io.tmpdir="$(pwd)/$WORK/jetty-tmp" -jar "$JETTY_HOME/start.jar" jetty.base="$BASE" \
  jetty.http.host=127.0.0.1 jetty.http.port=0
for _ in $(seq 600); do grep -q 'Started oejs.Server@' "$WORK/jetty.log" && break; sleep 0.2; done
measure jetty "$PID" "ws://127.0.0.1:$PORT/echo" "$PID" "ws://127.0.0.1:$PORT/rooms/bench" --room
stop "$PID"
LOAD_JETTY=$(uptime | sed 's/.*load average: //')

# 3. wskit on the Tomcat distribution
TBASE=$(pwd)/$WORK/tomcat-base
mkdir -p "$TBASE"/{webapps,logs,temp,work}
cp -r "$TOMCAT_HOME/conf" "$TBASE/conf"
sed 's/<Connector /<Connector maxConnections="20000" /' src/test/tomcat/conf/server.xml > "$TBASE/conf/server.xml"
cp target/wskit.war "$TBASE/webapps/ROOT.war"
THOME=$(pwd)/$TOMCAT_HOME
start wskit-tomcat "$WORK/tomcat.log" '"http-nio-127\.0\.0\.1-auto-[0-9]+-[0-9]+' \
  java -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED -Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager \
  -Djava.util.logging.config.file="$TBASE/conf/logging.properties" -Dcatalina.home="$THOME" -Dcatalina.base="$TBASE" \
  -Djava.io.tmpdir="$TBASE/temp" -cp "$THOME/bin/bootstrap.jar:$THOME/bin/tomcat-juli.jar" org.apache.catalina.startup.Bootstrap start
# The port is bound before the WAR is deployed: wait for the start to finish.
for _ in $(seq 600); do grep -q 'Server startup in' "$WORK/tomcat.log" && break; sleep 0.2; done
measure tomcat "$PID" "ws://127.0.0.1:$PORT/echo" "$PID" "ws://127.0.0.1:$PORT/rooms/bench" --room
stop "$PID"
LOAD_TOMCAT=$(uptime | sed 's/.*load average: //')

# The report.
export TOOK=$(( $(date +%s) - T0 ))
export BEGAN LOAD_BEFORE LOAD_WS LOAD_JETTY LOAD_TOMCAT SECONDS_PER IDLE MEMBERS HOLD WARM SERVER_CPU CLIENT_CPU
export JAVA_VERSION=$(java -version 2>&1 | head -1) NODE_VERSION=$(node --version)
export WS_VERSION=$(python3 -c 'import json; print(json.load(open("src/test/node/node_modules/ws/package.json"))["version"])')
export CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //') NPROC=$(nproc) COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
python3 - "$RESULTS" <<'EOF'
import os, sys
rows = [("echo", "echo, 100 connections x 8 in flight, 32 B text (msgs/s)", 1),
        ("large", "echo, 4 connections x 2 in flight, 1 MiB binary (MB/s each way)", 1),
        ("idle", f"{int(os.environ['IDLE']):,} idle connections (server RSS per connection)", -1),
        ("fanout", f"broadcast to {int(os.environ['MEMBERS']):,} members, 64 B (deliveries/s; wskit: room JSON protocol, ws: raw)", 1)]
servers = [("ws", "node `ws`"), ("jetty", "wskit on Jetty 12.1.8"), ("tomcat", "wskit on Tomcat 11.0.24")]
res = {}
for line in open(sys.argv[1]):
    s, r, v, e, busy = line.rstrip("\n").split("\t")
    res[(s, r)] = (float(v) if v else None, e, busy)

def fmt(row, v):
    if row == "idle":
        return f"{v / 1000:.1f} KB"
    if row == "large":
        return f"{v:.0f}"
    return f"{v / 1000:.0f}k" if v >= 10000 else f"{v:,.0f}"

e = os.environ
print(f"Measured {e['BEGAN']} (took {e['TOOK']} s) on {e['NPROC']} x {e['CPU']}; server on CPU {e['SERVER_CPU']}, bench on CPU {e['CLIENT_CPU']};"
      f" {e['SECONDS_PER']} s per measurement after a {e['WARM']} s warm-up; idle connections held {e['HOLD']} s.")
print(f"{e['JAVA_VERSION']}; node {e['NODE_VERSION']}, ws {e['WS_VERSION']}; wskit {e['COMMIT']}.")
print(f"Load: before `{e['LOAD_BEFORE'].strip()}`; load average after ws {e['LOAD_WS']}, after Jetty {e['LOAD_JETTY']},"
      f" after Tomcat {e['LOAD_TOMCAT']}.")
print()
print("| scenario | " + " | ".join(n for _, n in servers) + " |")
print("|---" * (len(servers) + 1) + "|")
notes = []
for key, label, better in rows:
    cells = []
    base = res.get(("ws", key), (None, "", ""))[0]
    for s, name in servers:
        v, err, busy = res.get((s, key), (None, "not run", ""))
        if v is None:
            cell = "no result"
        else:
            cell = fmt(key, v)
            if s != "ws" and base:
                cell += f" ({v / base:.2f}x)"
            if busy and key != "idle":
                cell += f", CPU {busy}"
        if err:
            cell += " *"
            notes.append(f"{name}, {key}: {err}")
        cells.append(cell)
    print(f"| {label} | " + " | ".join(cells) + " |")
print()
print("Ratios are to node `ws` (for memory, higher is worse). CPU: the server's CPU seconds per second measured"
      " (1.00 = its core was saturated; less: the bench or other load limited it).")
print("Every echoed and delivered byte was checked; * marks a run with errors:" if notes else
      "Every echoed and delivered byte was checked; no run had errors.")
for n in notes:
    print(f"- {n}")
EOF
