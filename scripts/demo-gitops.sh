#!/usr/bin/env bash
# The GitOps demo: git is the source of truth and the agent keeps the
# "cloud" equal to it. It starts the sandbox (local S3 for the state), makes a
# git repository from examples/agent, starts `trueup agent`, then commits a
# change and watches it applied, edits a managed file by hand and watches the
# drift detected and healed, and reverts the change to roll back. No cloud
# account, no forge: the agent polls the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
trueup="$root/bin/trueup"
work="$(mktemp -d "${TMPDIR:-/tmp}/trueup-gitops.XXXXXX")"
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
git_() { git -c user.name="Dana Developer" -c user.email=dana@example.com -c init.defaultBranch=main "$@"; }

step "Start the sandbox: an S3-compatible endpoint on loopback for the remote state"
"$trueup" sandbox -addr=127.0.0.1:0 -data="$work/sandbox" -buckets=tfstate >"$work/sandbox.env" 2>"$work/sandbox.log" &
pids+=($!)
for _ in $(seq 100); do grep -q STORAGE_EMULATOR_HOST "$work/sandbox.env" && break; sleep 0.1; done
cat "$work/sandbox.env"
# shellcheck disable=SC1091
source "$work/sandbox.env"

step "Create the git repository that holds the infrastructure (examples/agent/stack)"
git_ init -q --bare "$work/infra.git"
git_ clone -q "$work/infra.git" "$work/checkout" 2>/dev/null
cp -r "$root/examples/agent/stack" "$work/checkout/stack"
(cd "$work/checkout" && git_ add -A && git_ commit -qm "Website: the index page" && git_ push -q origin HEAD:main)
git -C "$work/checkout" log --oneline

port="$(free_port)"
site="$work/site"
cat >"$work/agent.hcl" <<HCL
server {
  listen   = "127.0.0.1:$port"
  data_dir = "$work/agent"
}

stack "website" {
  repo          = "file://$work/infra.git"
  branch        = "main"
  path          = "stack"
  vars          = { site_dir = "$site" }
  auto_apply    = true
  poll_interval = "2s"

  drift {
    schedule = "@every 3s"
    on_drift = "reconcile"
  }
}
HCL
step "Create a read-only API token (shown once; the store keeps only its hash)"
echo "\$ trueup agent token create -config=agent.hcl -scope=read -name=demo -expires=1h"
token="$("$trueup" agent token create -config="$work/agent.hcl" -scope=read -name=demo -expires=1h)"
echo "${token:0:21}... (the rest is secret)"

step "Start the agent (dashboard on http://127.0.0.1:$port/, sign in with the token)"
cat "$work/agent.hcl"
"$trueup" agent -config="$work/agent.hcl" >"$work/agent.log" 2>&1 &
pids+=($!)
api="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fsS "$api/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "Without the token the API answers: $(curl -s -o /dev/null -w '%{http_code}' -X POST "$api/api/stacks/website/apply")"

# wait_run KIND COMMIT: waits for a succeeded run of KIND (at COMMIT, when
# given) newer than run id $last, prints it, and remembers its id.
last=0
wait_run() {
	local kind="$1" commit="${2:-}"
	for _ in $(seq 600); do
		line="$(curl -fsS -H "Authorization: Bearer $token" "$api/api/runs?stack=website" | python3 -c '
import json, sys
kind, commit, last = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = json.load(sys.stdin)
runs = runs.get("runs", runs) if isinstance(runs, dict) else runs
for r in sorted(runs, key=lambda r: r["id"]):
    if r["id"] > last and r["kind"] == kind and r["outcome"] in ("succeeded", "failed") and (not commit or r.get("commit") == commit):
        s = r.get("summary", {})
        print(r["id"], r["outcome"], r.get("trigger", ""), r.get("commit", "")[:8], s.get("add", 0), s.get("change", 0), s.get("destroy", 0))
        break
' "$kind" "$commit" "$last" 2>/dev/null || true)"
		if [ -n "$line" ]; then
			read -r id outcome trigger sha add change destroy <<<"$line"
			echo "run #$id: $kind ($trigger) at $sha -> $outcome: $add added, $change changed, $destroy destroyed"
			last="$id"
			[ "$outcome" = succeeded ] || { echo "the run failed; agent log:" >&2; tail -40 "$work/agent.log" >&2; exit 1; }
			return 0
		fi
		sleep 0.2
	done
	echo "timed out waiting for a $kind run; agent log:" >&2
	tail -40 "$work/agent.log" >&2
	exit 1
}

step "The agent applies what is on main"
wait_run apply "$(git -C "$work/checkout" rev-parse HEAD)"
ls "$site"
cat "$site/index.html"

step "A change is merged to main: an 'about' page"
sed -i 's|index = "Welcome to the demo site"|index = "Welcome to the demo site"\n    about = "About this demo"|' "$work/checkout/stack/main.tf"
(cd "$work/checkout" && git_ commit -qam "Website: add the about page" && git_ push -q origin HEAD:main)
wait_run apply "$(git -C "$work/checkout" rev-parse HEAD)"
ls "$site"

step "Someone edits the index page by hand, outside git"
echo "<h1>edited by hand</h1>" >"$site/index.html"
cat "$site/index.html"
wait_run reconcile
echo "The drift check found it and the agent put back what git says:"
cat "$site/index.html"

step "Rollback by revert: git revert of the about page, pushed to main"
(cd "$work/checkout" && git_ revert --no-edit HEAD >/dev/null && git_ push -q origin HEAD:main)
wait_run apply "$(git -C "$work/checkout" rev-parse HEAD)"
ls "$site"

step "The audit trail: every run, with its trigger, commit, author and message"
curl -fsS -H "Authorization: Bearer $token" "$api/api/runs?stack=website" | python3 -c '
import json, sys
runs = json.load(sys.stdin)
runs = runs.get("runs", runs) if isinstance(runs, dict) else runs
for r in sorted(runs, key=lambda r: r["id"]):
    s = r.get("summary", {})
    print("#%-3d %-9s %-9s %-10s %s %-28s +%d ~%d -%d" % (r["id"], r["kind"], r.get("trigger", ""), r["outcome"],
          r.get("commit", "")[:8], (r.get("message") or "").split("\n")[0][:28], s.get("add", 0), s.get("change", 0), s.get("destroy", 0)))
'
echo
echo "State is in the sandbox: $("$trueup" -chdir="$work/checkout/stack" state list -backend-config=key=website/terraform.tfstate 2>/dev/null | tr '\n' ' ')"
echo "GitOps demo complete."
