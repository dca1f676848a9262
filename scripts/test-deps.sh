#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine, and fails loudly
# when it cannot: tests never skip for want of a server.
set -euo pipefail
cd "$(dirname "$0")/.."
go mod download

# aws provider tests: moto_server, the AWS API emulator (moto 5.x).
if ! command -v moto_server >/dev/null 2>&1; then
	echo "moto_server not found: installing moto[server] with pip" >&2
	python3 -m pip install 'moto[server]' || pip install 'moto[server]' || {
		echo "FATAL: cannot install moto_server; the aws provider tests need it" >&2
		exit 1
	}
	command -v moto_server >/dev/null 2>&1 || { echo "FATAL: moto_server still not on PATH after pip install" >&2; exit 1; }
fi
