#!/usr/bin/env bash
# The artifact promotion demo, offline: a local OCI registry (the
# distribution protocol, go-containerregistry's registry), a GitHub
# stand-in, a git repository for the configuration, and `trueup agent`.
# A build is pushed to the registry; the agent opens a promotion pull
# request and plans it; the pull request is merged and dev applies it; the
# build moves on to staging once its soak time has passed; a rollback
# reverts it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
trueup="$root/bin/trueup"
helpers="$root/scripts/demo_artifacts_helpers.py"
work="$(mktemp -d "${TMPDIR:-/tmp}/trueup-artifacts.XXXXXX")"
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
wait_http() { for _ in $(seq 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

step "Start a local OCI registry and push the first build, web:1.0.0"
(cd "$root" && go build -o "$work/registry" github.com/google/go-containerregistry/cmd/registry)
rport="$(free_port)"
"$work/registry" -port "$rport" >"$work/registry.log" 2>&1 &
pids+=($!)
reg="127.0.0.1:$rport"
wait_http "http://$reg/v2/"
python3 "$helpers" push "$reg" web 1.0.0 "web 1.0.0"

step "Start a GitHub stand-in (pull requests, comments, statuses)"
fport="$(free_port)"
python3 "$helpers" forge "$fport" &
pids+=($!)
forge="http://127.0.0.1:$fport"
wait_http "$forge/state"

step "Create the configuration repository: dev and staging run web:1.0.0, tied to the artifact by a marker"
git_ init -q --bare "$work/config.git"
git_ clone -q "$work/config.git" "$work/checkout" 2>/dev/null
for env in dev staging; do
	mkdir -p "$work/checkout/envs/$env"
	cat >"$work/checkout/envs/$env/main.tf" <<HCL
variable "out" {
  type = string
}

variable "image" {
  type    = string
  default = "$reg/web:1.0.0" # trueup:artifact web
}

resource "local_file" "deployed" {
  filename = "\${var.out}/$env-image.txt"
  content  = var.image
}
HCL
done
(cd "$work/checkout" && git_ add -A && git_ commit -qm "web 1.0.0 in dev and staging" && git_ push -q origin HEAD:main)
cat "$work/checkout/envs/dev/main.tf"

port="$(free_port)"
out="$work/deployed"
mkdir -p "$out"
cat >"$work/agent.hcl" <<HCL
server {
  listen   = "127.0.0.1:$port"
  data_dir = "$work/agent"
}

forge "github" {
  api_url   = "$forge/api/v3"
  token_env = "DEMO_GITHUB_TOKEN"
}

stack "dev" {
  repo          = "file://$work/config.git"
  path          = "envs/dev"
  vars          = { out = "$out" }
  auto_apply    = true
  poll_interval = "2s"
  forge_repo    = "acme/config"
}

stack "staging" {
  repo          = "file://$work/config.git"
  path          = "envs/staging"
  vars          = { out = "$out" }
  auto_apply    = true
  poll_interval = "2s"
  forge_repo    = "acme/config"
}

artifact "web" {
  oci {
    repository = "$reg/web"
  }
  semver        = "^1"
  poll_interval = "1h" # the demo asks for passes through the API
}

stage "dev" {
  stacks = ["dev"]
}

stage "staging" {
  stacks = ["staging"]
  mode   = "commit"
  soak   = "5s"
}
HCL
step "Start the agent (artifact and stage blocks in its configuration)"
sed -n '/^artifact/,$p' "$work/agent.hcl"
# The API needs a token (operate scope, to run a promotion pass); made
# before the agent starts, straight in its store.
token="$(DEMO_GITHUB_TOKEN=demo-token "$trueup" agent token create -config="$work/agent.hcl" -scope=operate -name=demo)"
DEMO_GITHUB_TOKEN=demo-token "$trueup" agent -config="$work/agent.hcl" >"$work/agent.log" 2>&1 &
pids+=($!)
api="http://127.0.0.1:$port"
wait_http "$api/healthz"

# wait_file FILE TEXT: waits until FILE holds TEXT (the agent applied it).
wait_file() {
	for _ in $(seq 600); do grep -qF "$2" "$1" 2>/dev/null && { echo "$(basename "$1"): $(cat "$1")"; return 0; }; sleep 0.2; done
	echo "timed out waiting for $1 to hold $2; agent log:" >&2; tail -40 "$work/agent.log" >&2; exit 1
}
promote() { curl -fsS -X POST -H "Authorization: Bearer $token" "$api/api/artifacts/check" | python3 -c '
import json, sys
for p in json.load(sys.stdin)["positions"]:
    print("  %-8s %-8s %-9s runs=%-6s build=%-6s pr=%-3s %s%s" % (p["stage"], p["artifact"], p["state"], p.get("running", "-"), p.get("build", "-"), p.get("pr", "-"), p.get("waiting", ""), p.get("error", "")))'; }

wait_file "$out/dev-image.txt" "web:1.0.0"
wait_file "$out/staging-image.txt" "web:1.0.0"
(cd "$work/checkout" && "$trueup" artifacts list -config="$work/agent.hcl")

step "CI pushes a new build: web:1.1.0"
python3 "$helpers" push "$reg" web 1.1.0 "web 1.1.0"
(cd "$work/checkout" && "$trueup" artifacts list -config="$work/agent.hcl")

step "The agent's promotion pass opens a pull request for dev"
promote
curl -fsS "$forge/state" | python3 -c '
import json, sys
s = json.load(sys.stdin)
for p in s["pulls"]:
    print("PR #%d %s (%s -> %s)\n%s" % (p["number"], p["title"], p["head"]["ref"], p["base"]["ref"], p["body"]))'
echo "Waiting for the plan comment on the pull request..."
for _ in $(seq 600); do
	n="$(curl -fsS "$forge/state" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["comments"].get("1", [])))')"
	[ "$n" = 1 ] && break
	sleep 0.2
done
curl -fsS "$forge/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["comments"]["1"][0]["body"][:900])'

step "A reviewer merges the pull request; dev applies it"
(cd "$work/checkout" && git_ fetch -q origin trueup/promote-web-dev && git_ merge -q --ff-only FETCH_HEAD && git_ push -q origin HEAD:main)
curl -fsS -X PATCH -d '{"state":"closed"}' "$forge/api/v3/repos/acme/config/pulls/1" >/dev/null
wait_file "$out/dev-image.txt" "web:1.1.0"

step "The next pass: staging waits for the soak time, then gets 1.1.0 by a commit on main"
promote
sleep 6
promote
git -C "$work/config.git" log --oneline -3 main
wait_file "$out/staging-image.txt" "web:1.1.0"

step "Something is wrong in staging: roll it back"
"$trueup" artifacts rollback -config="$work/agent.hcl" staging
wait_file "$out/staging-image.txt" "web:1.0.0"
echo "The next pass does not promote the rolled-back build to staging again:"
promote
git -C "$work/config.git" log --oneline -4 main
echo "The dashboard shows the same positions at $api/artifacts:"
curl -fsS -H "Authorization: Bearer $token" "$api/artifacts" | grep -o 'id="position-[^"]*" data-stage="[^"]*" data-state="[^"]*"' | sed 's/^/  /'
step "Done: build -> pull request with plan -> merge -> dev -> soak -> staging -> rollback"
