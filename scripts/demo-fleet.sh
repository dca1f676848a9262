#!/usr/bin/env bash
# `make demo-fleet`: two agents share one PostgreSQL (scripts/pg-fleet.sh)
# and the sandbox's S3 for the stacks' state. Both poll the same repository;
# each merged commit is claimed and applied by one of them, and either
# agent's API shows the whole fleet's history with the agent that ran each
# run. Then the agent that did the work is killed (kill -9) and the next
# commit is applied by the survivor.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
trueup="$root/bin/trueup"
work="$(mktemp -d "${TMPDIR:-/tmp}/trueup-fleet.XXXXXX")"
chmod 755 "$work"
declare -A pids=()
pg_bin=""
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
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
git_() { git -c user.name="Dana Developer" -c user.email=dana@example.com -c init.defaultBranch=main "$@"; }

step "Start PostgreSQL (initdb + pg_ctl from this machine) for the agents' shared store"
db="$(bash "$root/scripts/pg-fleet.sh" "$work/pg")"
echo "$db"

step "Start the sandbox: S3 on loopback for the stack's state, shared by both agents"
"$trueup" sandbox -addr=127.0.0.1:0 -data="$work/sandbox" -buckets=tfstate >"$work/sandbox.env" 2>"$work/sandbox.log" &
pids[sandbox]=$!
for _ in $(seq 100); do grep -q STORAGE_EMULATOR_HOST "$work/sandbox.env" && break; sleep 0.1; done
# shellcheck disable=SC1091
source "$work/sandbox.env"

step "The infrastructure repository (examples/agent/stack)"
git_ init -q --bare "$work/infra.git"
git_ clone -q "$work/infra.git" "$work/checkout" 2>/dev/null
cp -r "$root/examples/agent/stack" "$work/checkout/stack"
(cd "$work/checkout" && git_ add -A && git_ commit -qm "Website: the index page" && git_ push -q origin HEAD:main)

declare -A api=()
token=""
for name in agent-a agent-b; do
	port="$(free_port)"
	cat >"$work/$name.hcl" <<HCL
server {
  listen   = "127.0.0.1:$port"
  data_dir = "$work/$name"
}

stack "website" {
  repo          = "file://$work/infra.git"
  path          = "stack"
  vars          = { site_dir = "$work/site" }
  auto_apply    = true
  poll_interval = "1s"
}
HCL
	if [ -z "$token" ]; then
		# The API needs a token: a read token, made in the shared store,
		# serves every agent of the fleet.
		token="$("$trueup" agent token create -config="$work/$name.hcl" -store="$db" -scope=read -name=demo)"
	fi
	step "Start $name: trueup agent -store=postgres://… -agent-id=$name (http://127.0.0.1:$port/)"
	"$trueup" agent -config="$work/$name.hcl" -store="$db" -agent-id="$name" >"$work/$name.log" 2>&1 &
	pids[$name]=$!
	api[$name]="http://127.0.0.1:$port"
	for _ in $(seq 200); do curl -fsS "${api[$name]}/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
done

# wait_apply URL COMMIT: waits for the succeeded apply of COMMIT in the
# shared history seen through URL, and prints which agent ran it.
wait_apply() {
	for _ in $(seq 600); do
		line="$(curl -fsS -H "Authorization: Bearer $token" "$1/api/runs?stack=website" | python3 -c '
import json, sys
for r in json.load(sys.stdin)["runs"]:
    if r["kind"] == "apply" and r.get("commit") == sys.argv[1] and r["outcome"] == "succeeded":
        print(r["id"], r["agent"]); break
' "$2" 2>/dev/null || true)"
		if [ -n "$line" ]; then echo "$line"; return 0; fi
		sleep 0.2
	done
	echo "timed out waiting for the apply of $2" >&2; tail -30 "$work"/agent-*.log >&2; exit 1
}
history() {
	curl -fsS -H "Authorization: Bearer $token" "$1/api/runs?stack=website" | python3 -c '
import json, sys
for r in sorted(json.load(sys.stdin)["runs"], key=lambda r: r["id"]):
    print("#%-3d %-6s %-9s %-8s %s by %s" % (r["id"], r["kind"], r["outcome"], r.get("trigger", ""), r.get("commit", "")[:8], r.get("agent", "")))'
}

step "Both agents poll main; one of them claims and applies the commit"
read -r id by <<<"$(wait_apply "${api[agent-a]}" "$(git -C "$work/checkout" rev-parse HEAD)")"
echo "run #$id applied by $by"

step "A change is merged: an 'about' page"
sed -i 's|index = "Welcome to the demo site"|index = "Welcome to the demo site"\n    about = "About this demo"|' "$work/checkout/stack/main.tf"
(cd "$work/checkout" && git_ commit -qam "Website: add the about page" && git_ push -q origin HEAD:main)
read -r id by <<<"$(wait_apply "${api[agent-b]}" "$(git -C "$work/checkout" rev-parse HEAD)")"
echo "run #$id applied by $by"; ls "$work/site"

step "kill -9 $by: the other agent carries on alone"
kill -9 "${pids[$by]}"; wait "${pids[$by]}" 2>/dev/null || true; unset "pids[$by]"
survivor=agent-a; [ "$by" = agent-a ] && survivor=agent-b
(cd "$work/checkout" && git_ revert --no-edit HEAD >/dev/null && git_ push -q origin HEAD:main)
read -r id by <<<"$(wait_apply "${api[$survivor]}" "$(git -C "$work/checkout" rev-parse HEAD)")"
echo "run #$id applied by $by"; ls "$work/site"

step "The fleet's history, from $survivor's API: each commit applied once, with the agent that ran it"
history "${api[$survivor]}"
echo
echo "Fleet demo complete."
