#!/usr/bin/env bash
# Starts or stops the real servers the tests and the demo talk to:
#   - redis-server on a free TCP port and a unix socket
#   - redis-server with requirepass (for AUTH tests)
#   - the Cal.com emulator (tests/emulator) on a free port
#
#   tools/servers.sh start DIR   # writes DIR/env (source it), DIR/*.pid, logs
#   tools/servers.sh stop DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {  # wait_for DESCRIPTION COMMAND...
	local what=$1
	shift
	for _ in $(seq 1 100); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "$what did not come up" >&2
	return 1
}

start_redis() {  # start_redis NAME PORT [extra args...]
	local name=$1 port=$2
	shift 2
	redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
		--daemonize yes --pidfile "$dir/$name.pid" --logfile "$dir/$name.log" --dir "$dir" "$@"
}

case "$cmd" in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	redis_port=$(free_port)
	start_redis redis "$redis_port" --unixsocket "$dir/redis.sock" --unixsocketperm 700
	wait_for "redis-server" redis-cli -p "$redis_port" ping

	auth_port=$(free_port)
	auth_password="calcom-test-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
	start_redis redis-auth "$auth_port" --requirepass "$auth_password"
	wait_for "redis-server (requirepass)" redis-cli -p "$auth_port" -a "$auth_password" --no-auth-warning ping

	python3 "$root/tests/emulator/calcom_emulator.py" --port 0 --port-file "$dir/emulator.port" --quiet \
		>"$dir/emulator.log" 2>&1 &
	echo $! >"$dir/emulator.pid"
	wait_for "Cal.com emulator" test -s "$dir/emulator.port"
	emulator_url="http://127.0.0.1:$(cat "$dir/emulator.port")"

	cat >"$dir/env" <<ENV
export CALCOM_TEST_REDIS_PORT=$redis_port
export CALCOM_TEST_REDIS_SOCKET=$dir/redis.sock
export CALCOM_TEST_REDIS_AUTH_PORT=$auth_port
export CALCOM_TEST_REDIS_AUTH_PASSWORD=$auth_password
export CALCOM_TEST_EMULATOR_URL=$emulator_url
ENV
	;;
stop)
	for f in "$dir"/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$f"
	done
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
