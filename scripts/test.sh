#!/usr/bin/env bash
# Runs every test of every module, then the seed report end to end through ./takwimu.
# Needs Java 17+ and Maven (dependencies come from Maven Central into ~/.m2), and Chromium for the dashboard's browser
# test, which this script installs when it is missing (Debian package chromium; the test fails without it in CI), and
# Python 3 with moto (the AWS emulator the AWS tests run against), which it installs with pip when it is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v chromium >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

# The tests of aws-testing, sdk-aws and samples run against the AWS emulator moto_server (from the machine's configured
# pip index), started once per test JVM.
if ! python3 -c 'import moto.server' 2>/dev/null; then
  python3 -m pip install -q 'moto[server]'
fi

mvn -B -ntp install

# The serving tests again on Debian's PostgreSQL (package postgresql) when it is installed, beside the embedded one:
# a server of its own in a temporary directory on a free loopback port; as root it runs as the postgres user (initdb
# refuses root).
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] && { [ "$(id -u)" -ne 0 ] || id postgres >/dev/null 2>&1; }; then
  pg="$(mktemp -d)"
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$pg"; as_pg=(runuser -u postgres --); fi
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  ${as_pg[@]+"${as_pg[@]}"} "$pg_bin/initdb" -D "$pg/data" -A trust -E UTF8 -U postgres >"$pg/initdb.log"
  ${as_pg[@]+"${as_pg[@]}"} "$pg_bin/pg_ctl" -D "$pg/data" -o "-p $port -k $pg -c listen_addresses=127.0.0.1" \
    -l "$pg/server.log" -w start >/dev/null
  status=0
  TAKWIMU_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres" \
    mvn -B -ntp -pl serving-postgres test || status=$?
  ${as_pg[@]+"${as_pg[@]}"} "$pg_bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null
  rm -rf "$pg"
  [ "$status" -eq 0 ] || exit "$status"
fi

# The README's run command, smaller: it must end with the path of a dashboard that exists.
demo="$(mktemp -d)"
./takwimu demo --lake "$demo/lake" --customers 5000 >"$demo/demo.log"
page="$(tail -n 1 "$demo/demo.log")"
if [[ "$page" != file://* || ! -s "${page#file://}" ]]; then
  echo "test.sh: takwimu demo did not end with a dashboard path (last line: $page)" >&2
  exit 1
fi
# Then issue 14's path: the lake into its embedded PostgreSQL, and the insights read from there equal the lake's.
./takwimu migrate --lake "$demo/lake" >"$demo/migrate.log"
./takwimu insights --lake "$demo/lake" --all >"$demo/insights-lake.txt"
./takwimu insights --database embedded --lake "$demo/lake" --all >"$demo/insights-database.txt"
if ! diff "$demo/insights-lake.txt" "$demo/insights-database.txt" >&2; then
  echo "test.sh: insights from the embedded PostgreSQL differ from the lake's (above)" >&2
  exit 1
fi
rm -rf "$demo"

# The fixture's own check, through the CLI exactly as a user runs it (when the shared tools are beside the checkout).
compare="$root/../shared/tools/compare_insights.py"
if [ -f "$compare" ] && command -v python3 >/dev/null; then
  fixture="$root/safaricom/src/main/resources/dev/takwimu/safaricom/seed-report"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  ./takwimu pipeline --lake "$work/lake" --input "$fixture" --as-of 2025-01-01 >"$work/pipeline.log"
  ./takwimu insights --lake "$work/lake" --all --format json >"$work/insights.json"
  python3 "$compare" "$fixture/expected-insights.json" "$work/insights.json"
fi
