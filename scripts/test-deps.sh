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

# google provider tests: gcloud with the Pub/Sub emulator component (the
# emulator runs on a JRE). fake-gcs-server is a Go module (go mod download).
gcloud_pubsub_emulator_ok() {
	command -v gcloud >/dev/null 2>&1 || return 1
	root=$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null) || return 1
	[ -x "$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ] && command -v java >/dev/null 2>&1
}
if ! gcloud_pubsub_emulator_ok; then
	echo "gcloud's Pub/Sub emulator not found: installing with apt-get" >&2
	apt-get install -y google-cloud-cli google-cloud-cli-pubsub-emulator default-jre-headless || {
		echo "FATAL: cannot install google-cloud-cli-pubsub-emulator (Google Cloud SDK apt repository);" >&2
		echo "       the google provider tests need 'gcloud beta emulators pubsub'" >&2
		exit 1
	}
	gcloud_pubsub_emulator_ok || { echo "FATAL: the Pub/Sub emulator is still missing after apt-get" >&2; exit 1; }
fi

# hg:: module sources (engine/getmodules): Debian's mercurial.
if ! command -v hg >/dev/null 2>&1; then
	echo "hg not found: installing Debian's mercurial with apt-get" >&2
	apt-get install -y mercurial || { echo "FATAL: cannot install mercurial; the hg:: module source tests need it" >&2; exit 1; }
fi

# engine/state/s3 tests also start moto_server (DynamoDB lock table mode);
# engine/sandbox and the gcs backend tests need nothing outside the module.
command -v moto_server >/dev/null 2>&1 || { echo "FATAL: moto_server missing: engine/state/s3 tests need it" >&2; exit 1; }

# dashboard browser tests: Debian's Chromium driven through chromedriver.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
	echo "chromium/chromedriver not found: installing Debian's chromium and chromium-driver" >&2
	if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=; fi
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null || {
		echo "FATAL: cannot install chromium and chromium-driver; the dashboard browser tests need them" >&2
		exit 1
	}
fi

# cmd/trueup cloud e2e tests (examples/aws, examples/gcp): the independent
# clients that check what trueup did. gcloud is installed above.
if ! command -v aws >/dev/null 2>&1; then
	echo "aws CLI not found: installing awscli with pip" >&2
	python3 -m pip install awscli || pip install awscli || {
		echo "FATAL: cannot install the aws CLI; the examples/aws end-to-end test needs it" >&2
		exit 1
	}
	command -v aws >/dev/null 2>&1 || { echo "FATAL: aws still not on PATH after pip install" >&2; exit 1; }
fi

# s3 backend lock-table tests: dynalite, a DynamoDB emulator on Node.js whose
# conditional writes are atomic (moto's threaded server races under load).
if [ ! -x .cache/npm/node_modules/.bin/dynalite ] && ! command -v dynalite >/dev/null 2>&1; then
	echo "dynalite not found: installing it with npm under .cache/npm" >&2
	npm install --no-audit --no-fund --silent --prefix .cache/npm dynalite@4.0.0 >/dev/null || {
		echo "FATAL: cannot install dynalite from the npm registry; the DynamoDB lock table tests need it" >&2
		exit 1
	}
fi

# file and remote-exec provisioner tests: a real OpenSSH server, started by
# the tests as a child process on 127.0.0.1 (engine/provisioners/sshdtest).
if [ ! -x /usr/sbin/sshd ] && ! command -v sshd >/dev/null 2>&1; then
	echo "sshd not found: installing Debian's openssh-server" >&2
	if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=; fi
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openssh-server >/dev/null || {
		echo "FATAL: cannot install openssh-server; the file and remote-exec provisioner tests need sshd" >&2
		exit 1
	}
fi

# pg state backend and the agent's PostgreSQL store (internal/pgtest):
# Debian's PostgreSQL server binaries, initdb and pg_ctl.
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
	echo "PostgreSQL server not found: installing Debian's postgresql with apt-get" >&2
	if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=; fi
	$SUDO apt-get install -y -qq postgresql >/dev/null || {
		echo "FATAL: cannot install postgresql; the pg backend and agent store tests need initdb and pg_ctl" >&2
		exit 1
	}
fi
