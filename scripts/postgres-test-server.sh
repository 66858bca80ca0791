#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests, on loopback in a temporary folder.
#   eval "$(bash scripts/postgres-test-server.sh start)"   # exports PAPERBOY_TEST_POSTGRES(_DIR)
#   bash scripts/postgres-test-server.sh stop "$PAPERBOY_TEST_POSTGRES_DIR"
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user that
# Debian's package creates.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
    dir=$(mktemp -d /tmp/paperboy-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port=${PAPERBOY_TEST_POSTGRES_PORT:-$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability off: a test cluster lives minutes and is thrown away.
    run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 \
        -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres paperboy_test
    echo "export PAPERBOY_TEST_POSTGRES='postgres://postgres@127.0.0.1:$port/paperboy_test?sslmode=disable&pool=4'"
    echo "export PAPERBOY_TEST_POSTGRES_DIR='$dir'"
    ;;
stop)
    dir=${2:?usage: stop DIR}
    run "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
