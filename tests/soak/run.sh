#!/usr/bin/env bash
# A bounded fault soak of the calcom extension:
#
#   bash tests/soak/run.sh [SECONDS]     (default 60 s of load, >= 20)
#
# Starts its own redis-server (AOF, fsync always: jobs survive a SIGKILL) and
# its own Cal.com emulator, then runs real load against the extension from
# seven PHP processes at once (tests/soak/worker.php):
#   avail1, avail2   availability through SwrCache, RateLimiter,
#                    CircuitBreaker, Metrics (on_failure open / closed)
#   book1, book2     createBooking with a Store for 25 (email, start) pairs,
#                    19 of them by both processes at the same moment (one
#                    while Redis is down)
#   enqueue          RequestQueue::enqueue of the jobs, then the drain
#   qwork1, qwork2   RequestQueue::work(); qwork2 is SIGKILLed once and
#                    qwork3 takes its place
# while this script cycles the emulator through latency, 5xx, 429 (storm and
# sequences), dropped connections, malformed and truncated bodies, and lost
# booking responses (committed, never answered), and SIGKILLs redis-server
# once in the middle. Then
# tests/soak/check.php checks the outcome: one "ok"/"not ok" line per check,
# and this script ends with exactly
#   soak: N passed, N failed
# (non-zero exit on any failure). About SECONDS + 15 s in all; at most
# SECONDS + 40 s (the drain deadline is 25 s after the load). The run's
# files (summaries, stderr, controller.log) stay in /tmp/calcom-soak.* when
# a check failed, or always with SOAK_KEEP=1.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/soak"
seconds=${1:-60}
ext=${CALCOM_TEST_EXTENSION:-$root/modules/calcom.so}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

run=$(mktemp -d /tmp/calcom-soak.XXXXXX)
redis_dir=$(mktemp -d /dev/shm/calcom-soak-redis.XXXXXX 2>/dev/null || mktemp -d "$run/redis.XXXXXX")
emulator_pid=""
declare -A worker_pid=()      # name => pid while running
declare -A worker_rc=()       # name => exit status once reaped
passed=0
failed=0
started=$SECONDS

say() { echo "soak: $*" >&2; }

redis_pid() { cat "$redis_dir/redis.pid" 2>/dev/null; }

cleanup() {
	local name pid
	if [ -n "${restart_pid:-}" ]; then   # a Redis restart under way
		kill "$restart_pid" 2>/dev/null
		wait "$restart_pid" 2>/dev/null
	fi
	for name in "${!worker_pid[@]}"; do
		pid=${worker_pid[$name]}
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	if [ -n "$emulator_pid" ]; then
		kill "$emulator_pid" 2>/dev/null
		for _ in $(seq 1 30); do kill -0 "$emulator_pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$emulator_pid" 2>/dev/null
		wait "$emulator_pid" 2>/dev/null
	fi
	pid=$(redis_pid)
	if [ -n "$pid" ]; then
		kill -9 "$pid" 2>/dev/null
	fi
	rm -rf "$redis_dir"
	if [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ -z "${SOAK_KEEP:-}" ]; then
		rm -rf "$run"
	fi
}
trap cleanup EXIT
trap 'echo "soak: interrupted; logs in $run" >&2; exit 130' INT TERM

check() {  # check PASS(0/1) MESSAGE
	if [ "$1" -eq 0 ]; then
		echo "ok - $2"
		passed=$((passed + 1))
	else
		echo "not ok - $2"
		failed=$((failed + 1))
	fi
}

finish() {
	[ "$failed" -gt 0 ] && echo "soak: logs in $run"
	echo "soak: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}

abort() {  # a setup failure is one failed check
	check 1 "$1"
	finish
}

free_port() {
	php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

# --- servers -----------------------------------------------------------------

[ -f "$ext" ] || abort "extension $ext exists"
command -v redis-server >/dev/null && command -v redis-cli >/dev/null && command -v curl >/dev/null ||
	abort "redis-server, redis-cli and curl are installed"

redis_port=$(free_port)
redis_start() {
	redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly yes --appendfsync always \
		--daemonize yes --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --dir "$redis_dir" \
		>/dev/null || return 1
	for _ in $(seq 1 100); do
		[ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && return 0
		sleep 0.05
	done
	return 1
}
redis_run_id() { redis-cli -p "$redis_port" info server 2>/dev/null | tr -d '\r' | sed -n 's/^run_id://p'; }
redis_start || abort "redis-server starts on port $redis_port"

"$python" "$root/tests/emulator/calcom_emulator.py" --port 0 --port-file "$run/emulator.port" --quiet \
	>"$run/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do [ -s "$run/emulator.port" ] && break; sleep 0.05; done
[ -s "$run/emulator.port" ] || abort "the Cal.com emulator starts"
E="http://127.0.0.1:$(cat "$run/emulator.port")"

adm() {  # adm METHOD PATH [JSON]: the admin route answered 200
	local code
	code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
		${3:+--data "$3"} "$E/__admin/$2")
	[ "$code" = 200 ] || { echo "admin $1 $2 -> $code" >>"$run/controller.log"; admin_errors=$((admin_errors + 1)); }
}
admin_errors=0
# Monday 2025-09-29 08:00 Berlin, frozen: the same slots every run. The
# emulator's own throttle out of the way: every 429 the soak sees is an
# injected one, which the RateLimiter (3000/min, in every client) absorbs.
adm POST clock '{"now":"2025-09-29T06:00:00Z"}'
adm POST config '{"rateLimit":{"limit":1000000}}'
[ "$admin_errors" -eq 0 ] || abort "the emulator takes its configuration"

php -n "$here/plan.php" "$seconds" "$run" "$redis_port" "$E" || abort "the plan is written"
# shellcheck disable=SC1091
source "$run/plan.env"
run_id_before=$(redis_run_id)

# --- workers -----------------------------------------------------------------

start_worker() {  # start_worker ROLE NAME
	php -n -d extension="$ext" -d display_errors=stderr -d log_errors=0 -d error_reporting=-1 \
		-d memory_limit=256M "$here/worker.php" "$1" "$2" "$run/config.json" "$run/$2.json" \
		>"$run/$2.out" 2>"$run/$2.err" </dev/null &
	worker_pid[$2]=$!
	echo "$2 $1 $!" >>"$run/workers.txt"
}
reap() {  # reap NAME: waits for it, records its exit status
	local pid=${worker_pid[$1]} rc
	{ wait "$pid"; rc=$?; } 2>/dev/null
	worker_rc[$1]=$rc
	unset "worker_pid[$1]"
}

start_worker avail avail1
start_worker avail avail2
start_worker book book1
start_worker book book2
start_worker enqueue enqueue
start_worker qwork qwork1
start_worker qwork qwork2

# --- the controller: phases, one kill, one Redis restart ---------------------

phase_names=(clean latency 5xx 429 drop malformed slow clean)
# rule ENDPOINT LATENCY_MS ACTIONS: the endpoint's latency, and the actions
# queued after what is left of its sequence (tests/soak/fault.php). A clean
# phase adds nothing and takes the latency away. Bookings are rare (a POST
# every few seconds): bookings_create gets its actions once per cycle.
rule() {
	php -n "$here/fault.php" "$E" "$1" "$2" "$3" >>"$run/controller.log" ||
		{ echo "rule $1 failed" >>"$run/controller.log"; admin_errors=$((admin_errors + 1)); }
}
apply_phase() {  # apply_phase INDEX CYCLE
	local r429='{"status":429,"reset_s":1}'
	echo "$(now_ms) phase ${phase_names[$1]}" >>"$run/controller.log"
	case "${phase_names[$1]}" in
	clean)
		rule slots 0 '[]'
		rule event_types 0 '[]'
		rule bookings_list 0 '[]'
		if [ "$1" -eq 0 ]; then
			# Each kind first in one of the two cycles.
			if [ "$2" -eq 0 ]; then
				rule bookings_create 0 '["lost_response",503,{"after_commit":500},"drop",500,"lost_response",{"after_commit":503}]'
			else
				rule bookings_create 0 '[{"after_commit":500},"drop","lost_response",503,"lost_response",500,{"after_commit":503}]'
			fi
		fi
		;;
	latency)
		rule slots 1500 '[{"sleep_ms":2000}]'
		rule event_types 800 '[]'
		;;
	5xx)
		# A burst: enough failures in a row to open the breaker.
		rule slots 0 '[500,503,503]'
		rule event_types 0 '[503,500]'
		rule bookings_list 0 '[503]'
		;;
	429)
		# Injected 429s (Reset 1 s) first; a storm in the second half.
		rule slots 0 "[$r429]"
		rule event_types 0 "[$r429]"
		storm_due=$(( $(now_ms) + PH_MS / 2 ))
		;;
	drop)
		rule slots 0 '["drop"]'
		rule event_types 0 '["drop","drop"]'
		;;
	malformed)
		rule slots 0 '["malformed","truncate"]'
		rule event_types 0 '["truncate","malformed"]'
		rule bookings_list 0 '["truncate"]'
		;;
	slow)
		rule slots 900 '[]'
		rule event_types 2000 '[]'
		;;
	esac
}

# SIGKILL, ~1.5 s down, start again on the same port and directory (the AOF
# brings every acknowledged write back). In the background: the phases go on.
redis_restart() {
	local pid down up
	pid=$(redis_pid)
	echo "$(now_ms) redis kill $pid" >>"$run/controller.log"
	kill -9 "$pid" 2>/dev/null
	for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.02; done
	rm -f "$redis_dir/redis.pid"
	down=$(now_ms)
	sleep 1.5
	redis_start || echo "$(now_ms) redis did not come back" >>"$run/controller.log"
	up=$(now_ms)
	echo "$up redis up" >>"$run/controller.log"
	echo "$down $up" >"$run/redis_gap"
}

phase=-1
killed=0
restarted=0
storm_due=0
restart_pid=""
while [ "$(now_ms)" -lt "$END_MS" ]; do
	t=$(now_ms)
	if [ "$t" -ge "$T0_MS" ] && [ "$t" -lt "$FAULTS_END_MS" ]; then
		p=$(( (t - T0_MS) / PH_MS ))
		if [ "$p" -ne "$phase" ] && [ "$p" -lt 16 ]; then
			phase=$p
			apply_phase $((p % 8)) $((p / 8))
		fi
	elif [ "$t" -ge "$FAULTS_END_MS" ] && [ "$phase" -ne 99 ]; then
		phase=99
		echo "$t faults end, left: $(curl -s -m 5 "$E/__admin/faults")" >>"$run/controller.log"
		adm DELETE faults
		adm POST storm '{"seconds":0}'
	fi
	if [ "$killed" -eq 0 ] && [ "$t" -ge "$KILL_MS" ]; then
		killed=1
		echo "$t kill qwork2 ${worker_pid[qwork2]}" >>"$run/controller.log"
		kill -9 "${worker_pid[qwork2]}"
		reap qwork2
		start_worker qwork qwork3
	fi
	if [ "$storm_due" -gt 0 ] && [ "$t" -ge "$storm_due" ] && [ "$phase" -ne 99 ]; then
		storm_due=0
		echo "$t storm ${STORM_S} s" >>"$run/controller.log"
		adm POST storm "{\"seconds\":$STORM_S}"
	fi
	if [ "$restarted" -eq 0 ] && [ "$t" -ge "$RESTART_MS" ]; then
		restarted=1
		redis_restart &
		restart_pid=$!
	fi
	sleep 0.1
done
adm DELETE faults
[ -n "$restart_pid" ] && wait "$restart_pid"
run_id_after=$(redis_run_id)
read -r redis_down_ms redis_up_ms <"$run/redis_gap" 2>/dev/null || { redis_down_ms=0; redis_up_ms=0; }

# --- drain: the finite workers end, then the queue workers are told to stop --

deadline=$((DRAIN_MS + 10000))
overdue=0   # workers still running when they should have ended (killed)
for name in avail1 avail2 book1 book2 enqueue; do
	while kill -0 "${worker_pid[$name]}" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
	if kill -0 "${worker_pid[$name]}" 2>/dev/null; then
		echo "$(now_ms) $name still running at the deadline: killed" >>"$run/controller.log"
		overdue=$((overdue + 1))
		kill -9 "${worker_pid[$name]}"
	fi
	reap "$name"
done
touch "$run/stop"
for name in qwork1 qwork3; do
	limit=$(( $(now_ms) + 10000 ))
	while kill -0 "${worker_pid[$name]}" 2>/dev/null && [ "$(now_ms)" -lt "$limit" ]; do sleep 0.1; done
	if kill -0 "${worker_pid[$name]}" 2>/dev/null; then
		echo "$(now_ms) $name did not stop: killed" >>"$run/controller.log"
		overdue=$((overdue + 1))
		kill -9 "${worker_pid[$name]}"
	fi
	reap "$name"
done

# Processes left behind: those that had to be killed above, any of ours
# still alive, and any process at all whose command line names this run's
# directory (the workers' arguments).
left=$overdue
while read -r _ _ pid; do
	kill -0 "$pid" 2>/dev/null && left=$((left + 1))
done <"$run/workers.txt"
strays=$(ps -eo pid=,args= | grep -F "$run/config.json" | grep -v grep | wc -l)
left=$((left + strays))

{
	for name in "${!worker_rc[@]}"; do echo "$name ${worker_rc[$name]}"; done
} >"$run/exits.txt"
cat >"$run/outcome.json" <<JSON
{"run_id_before":"$run_id_before","run_id_after":"$run_id_after","redis_down_ms":$redis_down_ms,
 "redis_up_ms":$redis_up_ms,"killed":$killed,"restarted":$restarted,"processes_left":$left,
 "admin_errors":$admin_errors,"phases_applied":$(grep -c ' phase ' "$run/controller.log")}
JSON

# --- checks --------------------------------------------------------------------

php -n -d extension="$ext" -d display_errors=stderr "$here/check.php" "$run" >"$run/check.out" 2>"$run/check.err"
check_rc=$?
cat "$run/check.out"
passed=$((passed + $(grep -c '^ok ' "$run/check.out")))
failed=$((failed + $(grep -c '^not ok ' "$run/check.out")))
if [ "$check_rc" -ne 0 ] || [ -s "$run/check.err" ]; then
	cat "$run/check.err" >&2
	check 1 "check.php ran cleanly (exit $check_rc)"
fi
say "took $((SECONDS - started)) s"
finish
