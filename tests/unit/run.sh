#!/usr/bin/env bash
# Builds and runs the C unit tests of the engine (src/) with ASan + UBSan,
# against real redis-servers this script starts and stops (cppcheck and
# clang-tidy are tests/lint/run.sh).
#
#   tests/unit/run.sh            # all tests
#   tests/unit/run.sh dsn redis  # only test_dsn and test_redis
#
# The last line is always "unit: N passed, N failed"; the exit status is 0 only
# when nothing failed. N counts cmocka test cases plus one for
# `tools/re2c.sh --check` (the committed scanners match their .re; skipped,
# not counted, with a message when re2c is not installed); a test binary that
# crashes or trips a sanitizer after its last test adds a failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$here/build
CC=${CC:-cc}

work=$(mktemp -d "${TMPDIR:-/tmp}/calcom-unit.XXXXXX")

stop_servers() {
	local f pid
	for f in "$work"/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f" 2>/dev/null) || continue
		[ -n "$pid" ] || continue
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$f"
	done
}
cleanup() {
	stop_servers
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
summary() {
	echo "unit: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# ---- build ---------------------------------------------------------------
CFLAGS_TEST="-std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -fno-omit-frame-pointer"
# The engine is C11 plus POSIX, built the way config.m4 builds it.
CPPFLAGS_TEST="-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I$root/src $(pkg-config --cflags hiredis libcurl)"
LIBS_TEST="$(pkg-config --libs hiredis libcurl) -lcmocka -lpthread -lm"

rm -rf "$build"
mkdir -p "$build/obj"
build_log=$build/build.log
: >"$build_log"

build_failed=0
objs=()
while IFS= read -r src; do
	rel=${src#"$root"/src/}
	obj=$build/obj/${rel//\//_}
	obj=${obj%.c}.o
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS_TEST $CPPFLAGS_TEST -c "$src" -o "$obj" >>"$build_log" 2>&1; then
		echo "build: src/$rel does not compile" >&2
		build_failed=1
	fi
	objs+=("$obj")
done < <(find "$root/src" -name '*.c' | sort)
if [ "$build_failed" -eq 0 ]; then
	ar rcs "$build/libengine.a" "${objs[@]}" 2>>"$build_log" || build_failed=1
fi

tests=()
if [ $# -gt 0 ]; then
	for name in "$@"; do tests+=("$here/test_${name#test_}.c"); done
else
	for t in "$here"/test_*.c; do tests+=("$t"); done
fi

bins=()
for t in "${tests[@]}"; do
	name=$(basename "$t" .c)
	if [ ! -f "$t" ]; then
		echo "build: no such test $t" >&2
		failed=$((failed + 1))
		continue
	fi
	# shellcheck disable=SC2086
	if [ "$build_failed" -ne 0 ] ||
		! $CC $CFLAGS_TEST $CPPFLAGS_TEST "$t" "$build/libengine.a" $LIBS_TEST -o "$build/$name" >>"$build_log" 2>&1; then
		echo "build: $name failed to build" >&2
		failed=$((failed + 1))
		continue
	fi
	bins+=("$build/$name")
done
if [ -s "$build_log" ]; then
	cat "$build_log" >&2
fi

# ---- servers -------------------------------------------------------------
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_redis() { # start_redis NAME PORT [extra args...]
	local name=$1 port=$2
	shift 2
	redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
		--pidfile "$work/$name.pid" --logfile "$work/$name.log" --dir "$work" "$@" >/dev/null
}

wait_redis() { # wait_redis PORT [password]
	for _ in $(seq 1 100); do
		if [ -n "${2:-}" ]; then
			redis-cli -p "$1" -a "$2" --no-auth-warning ping 2>/dev/null | grep -q PONG && return 0
		else
			redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0
		fi
		sleep 0.05
	done
	echo "redis-server on port $1 did not come up" >&2
	return 1
}

servers_ok=1
export CALCOM_TEST_REDIS_PORT CALCOM_TEST_REDIS_SOCKET CALCOM_TEST_REDIS_AUTH_PORT CALCOM_TEST_REDIS_AUTH_PASSWORD
export CALCOM_TEST_TMPDIR=$work
CALCOM_TEST_REDIS_PORT=$(free_port)
CALCOM_TEST_REDIS_SOCKET=$work/redis.sock
CALCOM_TEST_REDIS_AUTH_PORT=$(free_port)
CALCOM_TEST_REDIS_AUTH_PASSWORD="calcom-unit-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
start_redis redis "$CALCOM_TEST_REDIS_PORT" --unixsocket "$CALCOM_TEST_REDIS_SOCKET" --unixsocketperm 700 || servers_ok=0
start_redis redis-auth "$CALCOM_TEST_REDIS_AUTH_PORT" --requirepass "$CALCOM_TEST_REDIS_AUTH_PASSWORD" || servers_ok=0
wait_redis "$CALCOM_TEST_REDIS_PORT" || servers_ok=0
wait_redis "$CALCOM_TEST_REDIS_AUTH_PORT" "$CALCOM_TEST_REDIS_AUTH_PASSWORD" || servers_ok=0
if [ "$servers_ok" -ne 1 ]; then
	echo "unit: could not start redis-server (Debian package redis-server)" >&2
fi

# The Cal.com emulator, for src/http.
python3 "$root/tests/emulator/calcom_emulator.py" --port 0 --port-file "$work/emulator.port" --quiet \
	>"$work/emulator.log" 2>&1 &
echo $! >"$work/emulator.pid"
for _ in $(seq 1 100); do [ -s "$work/emulator.port" ] && break; sleep 0.05; done
export CALCOM_TEST_EMULATOR_URL="http://127.0.0.1:$(cat "$work/emulator.port" 2>/dev/null)"

# ---- run -----------------------------------------------------------------
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export CMOCKA_MESSAGE_OUTPUT=TAP

for bin in "${bins[@]}"; do
	name=$(basename "$bin")
	log=$build/$name.log
	echo "# $name"
	timeout 100 "$bin" >"$log" 2>&1
	rc=$?
	grep -E '^(ok|not ok) ' "$log" | sed 's/^/  /'
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n1)
	ok=$(grep -cE '^ok ' "$log")
	bad=$(grep -cE '^not ok ' "$log")   # failures and skips: nothing here may skip
	ran=$((ok + bad))
	if [ -n "$plan" ] && [ "$ran" -lt "$plan" ]; then
		bad=$((plan - ok)) # the test that crashed and those never reached
	fi
	sanitizer=0
	grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$log" && sanitizer=1
	if { [ "$rc" -ne 0 ] || [ "$sanitizer" -ne 0 ]; } && [ "$bad" -eq 0 ]; then
		bad=1 # everything passed, then the binary failed (a leak at exit, a crash in teardown)
	fi
	if [ "$bad" -ne 0 ] || [ "$rc" -ne 0 ]; then
		echo "  --- $name: exit status $rc; full output:"
		sed 's/^/  | /' "$log"
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
done

# ---- generated scanners ----------------------------------------------------
echo "# re2c"
if ! command -v re2c >/dev/null 2>&1; then
	echo "  skip - tools/re2c.sh --check: re2c is not installed (Debian package re2c); not counted"
elif re2c_out=$(bash "$root/tools/re2c.sh" --check 2>&1); then
	echo "  ok - tools/re2c.sh --check"
	passed=$((passed + 1))
else
	echo "  not ok - tools/re2c.sh --check"
	printf '%s\n' "$re2c_out" | sed 's/^/  | /'
	failed=$((failed + 1))
fi

summary
