#!/usr/bin/env bash
# The speed benchmark of docs/performance.md, one process per program: `takwimu pipeline` (with both models),
# `takwimu pipeline --no-models` (+ `takwimu insights --all`) against the same work written as plain DuckDB SQL
# (`takwimu bench plain`: samples' dev.takwimu.samples.bench.DirectDuckDb, started through its own main without the
# CLI; same DuckDB and settings) and in pandas (bench/pandas_pipeline.py), on synthetic exports written by
# `takwimu generate`. (`takwimu bench` measures the SDK against the same plain DuckDB SQL in one process.)
#
#   bench/run.sh [--customers N] [--repeat K] [--seed S] [--dirty-rate R] [--as-of DATE]
#                [--tools takwimu,plain,pandas] [--max-wait SECONDS]
#
# Each tool runs K times (default 3), in a rotating order, each run in a fresh output directory, timed with
# /usr/bin/time: wall seconds and the peak RSS of the measured process. takwimu is timed as the exact command the
# ./takwimu launcher execs (java $JAVA_OPTS -jar samples/target/takwimu.jar ...), on a copy of the jar taken once the
# launcher has built it, so every run measures the same build and no rebuild can land inside a timing. Its runs are
# the whole `pipeline` (ingest, curate, features, train and score both models), `pipeline --no-models` (the work the
# baselines do) and `insights --all` on the latter's lake.
# The machine may be shared: before each run the script waits (up to --max-wait, default 300 s) until it is idle, and
# a run during which other processes used more than 5% of a core (and over 0.5 s of CPU) is repeated (3 tries at most).
# Prints a markdown table of medians, each tool's own per-stage times, and whether the three produce the same
# insights. Everything it writes goes under bench/data/ (gitignored): inputs/ caches the generated exports per
# N/seed/dirty rate/as-of date, results/<time>-c<N>/ keeps the logs and summary.md. Maven runs with $MAVEN_OPTS
# (e.g. MAVEN_OPTS=-Dmaven.repo.local=/path/to/repository).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
customers=100000
repeat=3
seed=42
dirty_rate=0.005
as_of=2025-01-01
tools=takwimu,plain,pandas
max_wait=300

usage() {
  sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --customers) customers="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --dirty-rate) dirty_rate="$2"; shift 2 ;;
    --as-of) as_of="$2"; shift 2 ;;
    --tools) tools="$2"; shift 2 ;;
    --max-wait) max_wait="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage 2 ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "run.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

log() { echo "bench: $*" >&2; }

# --- the Python environment, the build, the input data ------------------------------------------------------------
"$bench/setup.sh"
python="$bench/.venv/bin/python"

log "building takwimu (if stale)"
"$root/takwimu" --version >/dev/null
takwimu_jar="$bench/data/takwimu-under-test.jar"
mkdir -p "$bench/data"
cp "$root/samples/target/takwimu.jar" "$takwimu_jar"
# the jar loads DuckDB's native library from beside itself (samples/pom.xml keeps it out of the jar)
for lib in "$root"/samples/target/libduckdb_java.so_*; do
  ln -f "$lib" "$bench/data/" 2>/dev/null || cp -f "$lib" "$bench/data/"
done
# shellcheck disable=SC2206 # JAVA_OPTS holds several words on purpose, as in the launcher
takwimu=(java ${JAVA_OPTS:-} -jar "$takwimu_jar")
# shellcheck disable=SC2206
plain_duckdb=(java ${JAVA_OPTS:-} -cp "$takwimu_jar" dev.takwimu.samples.bench.PlainCommand)
duckdb_version="$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$root/pom.xml")"

inputs="$bench/data/inputs/c${customers}-s${seed}-d${dirty_rate}-a${as_of}"
generated_by="takwimu generate --customers $customers --seed $seed --dirty-rate $dirty_rate --as-of $as_of"
if [[ ! -f "$inputs/.complete" || "$(cat "$inputs/.complete")" != "$generated_by" ]]; then
  log "generating $customers customers into $inputs"
  rm -f "$inputs/.complete"
  "${takwimu[@]}" generate --out "$inputs" --customers "$customers" --seed "$seed" --dirty-rate "$dirty_rate" \
    --as-of "$as_of" >&2
  echo "$generated_by" >"$inputs/.complete"
fi

results="$bench/data/results/$(date +%Y%m%dT%H%M%S)-c${customers}"
mkdir -p "$results"
cpu="$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
git_state="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo none)"
git -C "$root" diff --quiet HEAD -- sdk-core engine-duckdb sdk-local samples 2>/dev/null || git_state="$git_state+uncommitted"
python_versions="$("$python" -c 'import pandas, numpy, pyarrow
print("pandas", pandas.__version__, "numpy", numpy.__version__, "pyarrow", pyarrow.__version__)')"
{
  echo "customers=$customers repeat=$repeat seed=$seed dirty_rate=$dirty_rate as_of=$as_of"
  echo "nproc=$(nproc) memory=$(free -g | awk '/^Mem:/{print $2}')GiB cpu=$cpu"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -n 1) JAVA_OPTS=${JAVA_OPTS:-}"
  echo "takwimu=$("${takwimu[@]}" --version 2>/dev/null | head -n 1)" \
    "jar=$(sha256sum "$takwimu_jar" | cut -c1-12) git=$git_state"
  echo "duckdb_jdbc=$duckdb_version"
  echo "python=$("$python" --version 2>&1) $python_versions"
  echo "inputs=$(du -sh "$inputs" | cut -f1) ($generated_by)" \
    "$(for f in "$inputs"/*.csv; do printf '%s:%s ' "$(basename "$f")" "$(($(wc -l <"$f") - 1))"; done)"
} >"$results/machine.txt"
printf 'tool\trepetition\twall_s\tpeak_rss_kb\tothers_cpu_s\n' >"$results/measurements.tsv"

# --- measurement helpers -----------------------------------------------------------------------------------------
# CPU time (1/100 s) spent so far by everything on the machine, idle and I/O wait excluded.
busy_ticks() {
  local cpu
  read -r -a cpu < <(head -n 1 /proc/stat)
  echo $((cpu[1] + cpu[2] + cpu[3] + cpu[6] + cpu[7] + cpu[8]))
}

# Waits until the machine has been idle (under 10% of one core) for a second, at most --max-wait seconds.
wait_quiet() {
  local waited=0 before after
  while true; do
    before="$(busy_ticks)"
    sleep 1
    after="$(busy_ticks)"
    if [[ $((after - before)) -le 10 || "$waited" -ge "$max_wait" ]]; then
      return 0
    fi
    if [[ "$waited" -eq 0 ]]; then
      log "machine busy ($((after - before))% of a core); waiting up to ${max_wait}s before timing"
    fi
    sleep 4
    waited=$((waited + 5))
  done
}

# timed NAME REPETITION STDOUT STDERR COMMAND...: runs the command under /usr/bin/time and records the figures.
# Other processes' CPU time during the run is the machine's busy time minus the command's own user + system time;
# when it exceeds 0.5 s and 5% of the wall time the run is repeated (at most 3 attempts; the last one is kept).
timed() {
  local name="$1" rep="$2" out="$3" err="$4"
  shift 4
  local tfile="$results/$name-$rep.time" attempt before after wall rss user sys others
  for attempt in 1 2 3; do
    wait_quiet
    before="$(busy_ticks)"
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tfile" "$@" >"$out" 2>"$err"; then
      echo "run.sh: $name failed (repetition $rep); see $err" >&2
      tail -n 20 "$err" >&2
      exit 1
    fi
    after="$(busy_ticks)"
    read -r wall rss user sys <"$tfile"
    others="$(awk -v b="$((after - before))" -v u="$user" -v s="$sys" \
      'BEGIN { o = b / 100 - u - s; printf "%.2f", o < 0 ? 0 : o }')"
    if [[ "$attempt" -eq 3 ]] || awk -v o="$others" -v w="$wall" 'BEGIN { exit !(o <= 0.5 || o <= 0.05 * w) }'; then
      break
    fi
    log "$name run $rep: other processes used ${others}s of CPU during it; measuring again"
    if [[ -n "${on_retry:-}" ]]; then "$on_retry"; fi
  done
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rep" "$wall" "$rss" "$others" >>"$results/measurements.tsv"
  log "$(printf '%-22s run %s: %6.2f s, %5d MB peak RSS' "$name" "$rep" "$wall" "$((rss / 1024))")"
}

run_takwimu() {
  local rep="$1" lake="$results/takwimu-lake"
  fresh_lake() { rm -rf "$lake"; }
  fresh_lake
  on_retry=fresh_lake timed takwimu-pipeline "$rep" "$results/takwimu-pipeline-$rep.log" \
    "$results/takwimu-pipeline-$rep.err" "${takwimu[@]}" pipeline --lake "$lake" --input "$inputs" --as-of "$as_of"
  du -sk "$lake" | cut -f1 >"$results/takwimu-lake-kb-$rep.txt"
  fresh_lake
  on_retry=fresh_lake timed takwimu-data "$rep" "$results/takwimu-data-$rep.log" "$results/takwimu-data-$rep.err" \
    "${takwimu[@]}" pipeline --lake "$lake" --input "$inputs" --as-of "$as_of" --no-models
  timed takwimu-insights "$rep" "$results/takwimu-insights-$rep.json" "$results/takwimu-insights-$rep.err" \
    "${takwimu[@]}" insights --lake "$lake" --all --format json
}

run_plain() {
  local rep="$1" out="$results/plain-out"
  fresh_out() { rm -rf "$out"; }
  fresh_out
  on_retry=fresh_out timed plain-duckdb "$rep" "$results/plain-duckdb-$rep.log" "$results/plain-duckdb-$rep.err" \
    "${plain_duckdb[@]}" "$inputs" "$out" --as-of "$as_of"
  cp "$out/insights.json" "$results/plain-duckdb-insights-$rep.json"
}

run_pandas() {
  local rep="$1" out="$results/pandas-out"
  fresh_out() { rm -rf "$out"; }
  fresh_out
  on_retry=fresh_out timed pandas "$rep" "$results/pandas-$rep.log" "$results/pandas-$rep.err" \
    "$python" "$bench/pandas_pipeline.py" "$inputs" "$out" --as-of "$as_of"
  cp "$out/insights.json" "$results/pandas-insights-$rep.json"
}

# --- the runs ----------------------------------------------------------------------------------------------------
IFS=',' read -r -a order <<<"$tools"
cat "$inputs"/*.csv >/dev/null # every tool starts with the exports in the page cache
for ((rep = 1; rep <= repeat; rep++)); do
  for ((i = 0; i < ${#order[@]}; i++)); do
    tool="${order[(i + rep - 1) % ${#order[@]}]}"
    case "$tool" in
      takwimu) run_takwimu "$rep" ;;
      plain) run_plain "$rep" ;;
      pandas) run_pandas "$rep" ;;
      *) echo "run.sh: unknown tool $tool (use takwimu, plain, pandas)" >&2; exit 2 ;;
    esac
  done
done
rm -rf "$results/takwimu-lake" "$results/plain-out" "$results/pandas-out"

"$python" "$bench/report.py" "$results" | tee "$results/summary.md"
log "logs and summary in $results"
