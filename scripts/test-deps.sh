#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine, and fails loudly
# when it cannot: tests never skip for want of a server.
set -euo pipefail
cd "$(dirname "$0")/.."
go mod download
