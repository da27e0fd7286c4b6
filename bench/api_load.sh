#!/usr/bin/env bash
# api_load.sh: the HTTP API load benchmark (issue 3). Builds Release, then for each repeat and each
# connection count: a fresh database, a trader token, `opencustoms serve` on 127.0.0.1:0, and
# bench/loadgen lodging declarations over keep-alive connections; then the same server's
# /healthz at each connection count. Prints every run's summary line, writes the JSON lines, the
# servers' /metrics and a table of medians to the results directory, and stops every server it
# started (SIGTERM, by pid). Every step is bounded in time.
#
#   bench/api_load.sh [--repeats N] [--duration S] [--warmup S] [--connections "16 64 256"]
#                     [--build-dir DIR] [--results DIR] [--serve-args "..."] [--loadgen-args "..."]
#                     [--quiet-wait S]
#
# Loopback only. The server and the load share this machine's cores: the figures are for both.
# Other work on the machine skews them, so before each run the script waits up to --quiet-wait
# seconds (default 300) for the CPUs to be under 15% busy over 2 s, and notes when they were not.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats=3
duration=20
warmup=3
connection_counts="16 64 256"
build_dir="$root/build-load"
results=""
serve_args=""
loadgen_args=""
quiet_wait=300
party="91440300MA5FQH001Y"

while (($#)); do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --connections) connection_counts="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --serve-args) serve_args="$2"; shift 2 ;;
    --loadgen-args) loadgen_args="$2"; shift 2 ;;
    --quiet-wait) quiet_wait="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "api_load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if ((repeats < 1 || repeats > 10 || duration < 1 || duration > 300 || warmup < 0 || warmup > 60 ||
  quiet_wait < 0 || quiet_wait > 3600)); then
  echo "api_load.sh: --repeats 1..10, --duration 1..300, --warmup 0..60, --quiet-wait 0..3600" >&2
  exit 2
fi

results="${results:-$build_dir/api-load-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results"
work="$(mktemp -d /tmp/api-load.XXXXXX)"
server_pid=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 150); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "api_load.sh: server $server_pid still running 15 s after SIGTERM; SIGKILL" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  fi
  wait "$server_pid" 2>/dev/null || echo "api_load.sh: server $server_pid exited with status $?" >&2
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== build (Release) in $build_dir"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
timeout 1800 ninja -C "$build_dir" opencustoms loadgen
opencustoms="$build_dir/src/app/opencustoms"
loadgen="$build_dir/bench/loadgen"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel: $(uname -r)"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) (+ working tree)"
  echo "repeats=$repeats duration=$duration warmup=$warmup connections=$connection_counts"
  echo "serve args: --rate 1000000 --burst 1000000 $serve_args"
} | tee "$results/machine.txt"

# The generated declarations must all be accepted, or the benchmark measures rejections.
echo "== pre-flight: 500 generated declarations through opencustoms import"
"$loadgen" --print-bodies 500 --party "$party" --lrn-prefix CHECK > "$work/sample.jsonl"
timeout 120 "$opencustoms" import --db "$work/check.db" --no-progress "$work/sample.jsonl"

# Starts a server on a fresh database; sets server_pid, port and token.
start_server() {
  local name="$1"
  local db="$work/$name.db"
  rm -f "$db" "$db-wal" "$db-shm"
  token="$(timeout 60 "$opencustoms" token create --db "$db" --role trader --party "$party" \
    --label loadgen 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  # shellcheck disable=SC2086
  "$opencustoms" serve --db "$db" --listen 127.0.0.1:0 --rate 1000000 --burst 1000000 \
    $serve_args >"$work/$name.out" 2>"$work/$name.err" &
  server_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port="$(sed -n '1s#^listening on http://127\.0\.0\.1:\([0-9]*\)$#\1#p' "$work/$name.out")"
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$port" ]]; then
    echo "api_load.sh: the server did not start; its stderr:" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
}

# Percent of all CPUs busy (not idle, not iowait) over the next 2 s.
cpu_busy_percent() {
  local a b
  read -r -a a < <(grep '^cpu ' /proc/stat)
  sleep 2
  read -r -a b < <(grep '^cpu ' /proc/stat)
  local total=0 idle=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  idle=$((b[4] - a[4] + b[5] - a[5]))
  echo $(((total - idle) * 100 / (total > 0 ? total : 1)))
}

# Waits (at most quiet_wait seconds) for the machine to be idle; prints what it found.
wait_for_quiet() {
  local waited=0 busy
  busy="$(cpu_busy_percent)"
  while ((busy >= 15 && waited < quiet_wait)); do
    sleep 8
    waited=$((waited + 10))
    busy="$(cpu_busy_percent)"
  done
  if ((busy >= 15)); then
    echo "    machine NOT quiet: ${busy}% busy before the run after waiting ${waited} s"
  else
    echo "    machine quiet: ${busy}% busy before the run (waited ${waited} s)"
  fi
}

record_machine_state() {
  {
    echo "-- $1 $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
    ps -eo pid,pcpu,etime,comm --sort=-pcpu | sed -n '2,6p'
  } >>"$results/machine-state.txt"
}

run_loadgen() {
  local label="$1"
  shift
  local status=0
  # shellcheck disable=SC2086
  timeout $((warmup + duration + 90)) "$loadgen" --port "$port" --server-pid "$server_pid" \
    --warmup-seconds "$warmup" --duration-seconds "$duration" --label "$label" $loadgen_args "$@" \
    >"$work/run.out" 2>"$work/run.err" || status=$?
  head -n1 "$work/run.out"
  sed -n '2p' "$work/run.out" >>"$results/runs.jsonl"
  if [[ -s "$work/run.err" ]]; then sed 's/^/    /' "$work/run.err"; fi
  if ((status != 0)); then echo "    (loadgen exit status $status: see the statuses above)"; fi
  cp "$work/run.err" "$results/$label.stderr" 2>/dev/null || true
}

for repeat in $(seq 1 "$repeats"); do
  for connections in $connection_counts; do
    name="lodge-c$connections-r$repeat"
    echo "== $name"
    start_server "$name"
    wait_for_quiet | tee -a "$results/machine-state.txt"
    record_machine_state "$name"
    run_loadgen "$name" --mode lodge --token "$token" --party "$party" \
      --connections "$connections" --seed "$repeat" --lrn-prefix "R$repeat-C$connections"
    curl -s --max-time 10 "http://127.0.0.1:$port/metrics" >"$results/$name.metrics" || true
    stop_server
    rows="$(sqlite3 "$work/$name.db" 'SELECT count(*) FROM declarations' 2>/dev/null || echo '?')"
    answered="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["ok_total"])' \
      "$(tail -n1 "$results/runs.jsonl")")"
    echo "    durable: $rows declarations in the database; loadgen received $answered x 201"
    echo "    database: $(du -sh "$work/$name.db"* | awk '{print $1}' | paste -sd+ -)" \
      "(db, wal, shm); server stderr: $(wc -l <"$work/$name.err") lines"
    cp "$work/$name.err" "$results/$name.server-stderr"
    rm -f "$work/$name.db" "$work/$name.db-wal" "$work/$name.db-shm"
  done
  name="healthz-r$repeat"
  echo "== $name"
  start_server "$name"
  for connections in $connection_counts; do
    wait_for_quiet | tee -a "$results/machine-state.txt"
    record_machine_state "$name-c$connections"
    run_loadgen "healthz-c$connections-r$repeat" --mode healthz --connections "$connections"
  done
  stop_server
done

echo "== medians over $repeats repeats ($results/runs.jsonl)"
python3 - "$results/runs.jsonl" <<'EOF' | tee "$results/summary.md"
import json, os, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
# CPU-seconds of the window used by neither server nor client (other processes).
def other_cpu(run):
    if "other_cpu_seconds" in run:
        return run["other_cpu_seconds"]
    machine = run["machine_busy_fraction"] * os.cpu_count() * run["duration_seconds"]
    return max(0.0, machine - run["server_cpu_seconds"] - run["client_cpu_seconds"])
groups = {}
for run in runs:
    groups.setdefault((run["mode"], run["connections"]), []).append(run)
print("| mode | connections | runs | ok/s median (min-max) | p50 ms | p90 ms | p99 ms | max ms | "
      "server CPU us/req | client CPU us/req | other CPU s per run | unexpected | "
      "io errors + timeouts |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for (mode, connections), group in sorted(groups.items()):
    median = lambda key: statistics.median(run[key] for run in group)
    rates = [run["ok_per_second"] for run in group]
    cpu = statistics.median(run["server_cpu_seconds"] * 1e6 / max(run["ok_in_window"], 1)
                            for run in group)
    client = statistics.median(run["client_cpu_seconds"] * 1e6 / max(run["ok_in_window"], 1)
                               for run in group)
    others = " ".join(f"{other_cpu(run):.1f}" for run in group)
    print(f"| {mode} | {connections} | {len(group)} | {median('ok_per_second'):.0f} "
          f"({min(rates):.0f}-{max(rates):.0f}) | {median('p50_ms'):.2f} | {median('p90_ms'):.2f} | "
          f"{median('p99_ms'):.2f} | {median('max_ms'):.1f} | {cpu:.0f} | {client:.0f} | {others} | "
          f"{sum(r['unexpected_in_window'] for r in group)} | "
          f"{sum(r['io_errors'] + r['timeouts'] for r in group)} |")
EOF
echo "results: $results"
