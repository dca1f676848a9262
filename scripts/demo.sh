#!/usr/bin/env bash
# `make demo`, in two parts, with no cloud account and no manual step:
#  1. the engine on examples/quickstart (local, random and null providers):
#     plan, apply, a change made outside trueup, the plan that shows the
#     drift, the apply that repairs it, and destroy;
#  2. GitOps (scripts/demo-gitops.sh): the agent applies what is merged to
#     main, heals drift, and rolls back a revert, with state in the sandbox.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
trueup="$root/bin/trueup"
work="$(mktemp -d "${TMPDIR:-/tmp}/trueup-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/quickstart/." "$work/"
cd "$work"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "trueup validate"
"$trueup" validate

step "trueup plan"
"$trueup" plan

step "trueup apply -auto-approve"
"$trueup" apply -auto-approve

step "Someone edits out/api.json by hand, outside trueup"
echo '{"edited":"by hand"}' > out/api.json
cat out/api.json

step "trueup plan -detailed-exitcode   (exit code 2: changes are needed)"
set +e
"$trueup" plan -detailed-exitcode
code=$?
set -e
echo "exit code: $code"
[ "$code" -eq 2 ] || { echo "expected exit code 2 for a drifted stack" >&2; exit 1; }

step "trueup apply -auto-approve   (repairs the drift)"
"$trueup" apply -auto-approve
grep -q '"service":"api"' out/api.json && echo "out/api.json is restored."

step "trueup plan -detailed-exitcode   (exit code 0: nothing to do)"
"$trueup" plan -detailed-exitcode

step "trueup output"
"$trueup" output

step "trueup state list"
"$trueup" state list

step "trueup destroy -auto-approve"
"$trueup" destroy -auto-approve

printf '\n\033[1m########## Part 2: GitOps ##########\033[0m\n'
bash "$root/scripts/demo-gitops.sh"
echo
echo "Demo complete."
