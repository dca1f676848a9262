#!/usr/bin/env bash
# `make bench-fleet`: the fleet's throughput figure (issue 17). STACKS
# stacks (default 100), each with its state and OBJECTS S3 objects
# (default 3) in `trueup sandbox -latency=LATENCY` (default 200ms), are
# applied once; then their drift checks, all due in the same minute, are
# run by one agent and then by three agents sharing one PostgreSQL
# (scripts/pg-fleet.sh). It prints, for each, the time from the minute
# the checks were due to the last check's end, and how many checks each
# agent ran. docs/performance.md records the figures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
trueup="$root/bin/trueup"
stacks="${STACKS:-100}" objects="${OBJECTS:-3}" latency="${LATENCY:-200ms}" runs="${MAX_CONCURRENT_RUNS:-2}"
work="$(mktemp -d "${TMPDIR:-/tmp}/trueup-bench-fleet.XXXXXX")"
chmod 755 "$work"
declare -A pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	if [ -f "$work/pg/data/postmaster.pid" ]; then
		if [ "$(id -u)" = 0 ]; then runuser -u postgres -- pg_ctl stop -D "$work/pg/data" -m immediate >/dev/null 2>&1 || true
		else pg_ctl stop -D "$work/pg/data" -m immediate >/dev/null 2>&1 || true; fi
	fi
	rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
git_() { git -c user.name=bench -c user.email=bench@example.com -c init.defaultBranch=main "$@"; }

db="$(bash "$root/scripts/pg-fleet.sh" "$work/pg")"
"$trueup" sandbox -addr=127.0.0.1:0 -data="$work/sandbox" -buckets=tfstate,objects -latency="$latency" >"$work/sandbox.env" 2>"$work/sandbox.log" &
pids[sandbox]=$!
for _ in $(seq 100); do grep -q STORAGE_EMULATOR_HOST "$work/sandbox.env" && break; sleep 0.1; done
# shellcheck disable=SC1091
source "$work/sandbox.env"

git_ init -q --bare "$work/infra.git"
git_ clone -q "$work/infra.git" "$work/checkout" 2>/dev/null
for i in $(seq -f '%03g' 0 $((stacks - 1))); do
	mkdir -p "$work/checkout/s$i"
	cat >"$work/checkout/s$i/main.tf" <<TF
terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "s$i.tfstate"
    use_path_style = true
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_object" "o" {
  count   = $objects
  bucket  = "objects"
  key     = "s$i/\${count.index}.txt"
  content = "stack s$i object \${count.index}"
}
TF
done
(cd "$work/checkout" && git_ add -A && git_ commit -qm "$stacks stacks" && git_ push -q origin HEAD:main)

# config NAME SCHEDULE: an agent configuration with every stack; SCHEDULE
# is the drift cron expression, "" for none (auto-apply instead).
config() {
	local port; port="$(free_port)"
	{
		printf 'server {\n  listen   = "127.0.0.1:%s"\n  data_dir = "%s"\n  max_concurrent_runs = %s\n  auth = false\n}\n' "$port" "$work/$1" "$runs"
		for i in $(seq -f '%03g' 0 $((stacks - 1))); do
			printf 'stack "s%s" {\n  repo = "file://%s"\n  path = "s%s"\n' "$i" "$work/infra.git" "$i"
			if [ -z "$2" ]; then printf '  auto_apply = true\n  poll_interval = "5s"\n'
			else printf '  drift {\n    schedule = "%s"\n  }\n' "$2"; fi
			printf '}\n'
		done
	} >"$work/$1.hcl"
	echo "http://127.0.0.1:$port"
}
declare -A api=()
start() { # start NAME SCHEDULE
	api[$1]="$(config "$1" "$2")"
	"$trueup" agent -config="$work/$1.hcl" -store="$db" -agent-id="$1" >"$work/$1.log" 2>&1 &
	pids[$1]=$!
	for _ in $(seq 300); do curl -fsS "${api[$1]}/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
	echo "$1 did not start" >&2; tail -20 "$work/$1.log" >&2; exit 1
}
# cpu NAME: the agent's CPU time so far (user+system seconds).
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/${pids[$1]}/stat"; }
stop() { for n in "$@"; do kill -TERM "${pids[$n]}"; wait "${pids[$n]}" 2>/dev/null || true; unset "pids[$n]"; done; }
# runs URL KIND SINCE: "count last_finished_epoch by-agent" of finished
# runs of KIND queued at or after SINCE (epoch seconds).
runs() {
	curl -fsS "$1/api/runs?limit=100000" | python3 -c '
import collections, datetime, json, sys
kind, since = sys.argv[1], float(sys.argv[2])
ts = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
done, last, by = 0, 0.0, collections.Counter()
for r in json.load(sys.stdin)["runs"]:
    if r["kind"] != kind or ts(r["queued"]) < since: continue
    if r["outcome"] in ("queued", "running"): continue
    done += 1; last = max(last, ts(r["finished"])); by[r["agent"]] += 1
print(done, last, ",".join("%s=%d" % kv for kv in sorted(by.items())))' "$2" "$3"
}
wait_runs() { # wait_runs URL KIND SINCE
	local line
	for _ in $(seq 3000); do
		line="$(runs "$@")"
		[ "${line%% *}" -ge "$stacks" ] && { echo "$line"; return; }
		sleep 1
	done
	echo "timed out: $line" >&2; exit 1
}

echo "setup: applying $stacks stacks ($objects objects each) with three agents..." >&2
since="$(date +%s)"
for n in a b c; do start "setup-$n" ""; done
wait_runs "${api[setup-a]}" apply "$since" >/dev/null
stop setup-a setup-b setup-c

# phase LABEL AGENTS...: drift checks of every stack due at the next
# minute (at least 20 s away), run by the given agents.
phase() {
	local label="$1"; shift
	local now due minute
	now="$(date +%s)"; due=$(( (now / 60 + 1) * 60 )); [ $((due - now)) -lt 20 ] && due=$((due + 60))
	minute="$(date -u -d "@$due" +%M)"; minute=$((10#$minute))
	for n in "$@"; do start "$label-$n" "$minute * * * *"; done
	local line count last by
	local cpu0=() cpus=() n
	while [ "$(date +%s)" -lt "$due" ]; do sleep 0.2; done
	for n in "$@"; do cpu0+=("$(cpu "$label-$n")"); done
	line="$(wait_runs "${api[$label-$1]}" drift "$due")"
	read -r count last by <<<"$line"
	local i=0
	for n in "$@"; do cpus+=("$n=$(python3 -c 'import sys; print("%.1f" % (float(sys.argv[1]) - float(sys.argv[2])))' "$(cpu "$label-$n")" "${cpu0[$i]}")s"); i=$((i + 1)); done
	local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
	stop "${@/#/$label-}"
	python3 -c 'import sys; print("%-12s %3s drift checks in %6.1f s  (%s; cpu %s; load %s)" % (sys.argv[1], sys.argv[2], float(sys.argv[3]) - float(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]))' \
		"$label" "$count" "$last" "$due" "$by" "${cpus[*]}" "$load"
}
echo "latency $latency, $stacks stacks, $objects objects each, max_concurrent_runs $runs per agent" >&2
phase one a
phase three a b c
