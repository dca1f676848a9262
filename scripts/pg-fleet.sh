#!/usr/bin/env bash
# pg-fleet.sh DIR: initialise and start a PostgreSQL server for a fleet of
# agents from the initdb/pg_ctl found on the machine (PATH, $PG_BIN, or
# Debian's /usr/lib/postgresql/*/bin), in DIR, on a free port of 127.0.0.1
# with trust authentication (a demo, not production), create the database
# "trueup" and print its URL. Stop it with: pg_ctl stop -D DIR/data.
# PostgreSQL refuses to run as root: as root it runs as the postgres user.
set -euo pipefail
dir="$1"
bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
	if command -v pg_ctl >/dev/null; then bin="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
	else bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)"; fi
fi
[ -x "$bin/initdb" ] || { echo "initdb/pg_ctl not found: install PostgreSQL (scripts/test-deps.sh) or set PG_BIN" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log"
as_pg "$bin/pg_ctl" start -D "$dir/data" -w -l "$dir/log" -o "-h 127.0.0.1 -p $port -k $dir" >/dev/null
as_pg "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c 'CREATE DATABASE trueup' >/dev/null
echo "postgres://postgres@127.0.0.1:$port/trueup?sslmode=disable"
