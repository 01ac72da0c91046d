#!/usr/bin/env bash
# Production-shaped load test of the native classes: wrk -> nginx -> PHP-FPM
# (pm=static) -> bench/load/app.php (check_availability / alternatives /
# rare bookings on Store, RateLimiter, CircuitBreaker, SwrCache, Client,
# AlternativeFinder, Metrics) -> its own Redis and its own Cal.com emulator,
# which enforces 120 requests/min per API key and answers /v2/slots late.
#
#   bash bench/load/run.sh [--json FILE] [--seconds N] [--concurrency "1 8 32 64"]
#                          [--rss-requests N] [--pressure-seconds N] [--latency-ms N]
#
# Phases (about 3 minutes with the defaults):
#  1. the cache is warmed (Client::warm, as a deploy's calcom:warm-cache);
#  2. per concurrency level (wrk -t2 -cC -dNs --latency, bench/load/mix.lua:
#     random event type / day / time, each connection books once a minute):
#     throughput, p50/p99 (wrk, coordinated-omission corrected, and nginx's
#     $request_time), statuses and outcomes (nginx access log), Cal.com calls
#     per request (emulator stats), Redis round trips / commands per request
#     (INFO), the 429s the emulator sent and the 429s admitted callers got;
#  3. RSS of the 2 children of a pm=static pool after 5k / 50k / 100k
#     cache-hot requests (ab -c 8), bound 1 MB growth after the warm-up;
#  4. pressure: 8 callers of cold tenants (bench/load/pressure.lua) on the
#     same API key for --pressure-seconds (65: past the emulator's 60 s
#     window), demand far above the limiter's 100/min, beside the hot path
#     (its throughput and one more RSS reading);
#  5. bench/load/memory.php: memory per class and call, growth over iterations.
# Exits 1 when a check fails (the emulator sent a 429, a 429 reached an
# admitted caller, more than 120 calls in 60 s, an RSS grew past the bound, a
# 5xx other than 503, a worker crashed, memory.php found growth); 2 when the
# test could not run. All servers are its own (redis-server, the emulator
# with its default 120/min/key and /v2/slots latency --latency-ms, php-fpm8.2,
# nginx), run as the current user in a temp dir and stopped by a trap
# (BENCH_KEEP=1 keeps the temp dir with the logs; BENCH_SERVE=1 only starts
# the stack and waits, its addresses in <temp dir>/env). Tunables for
# experiments: BENCH_LIMIT, BENCH_BURST, BENCH_LIMITER_WAIT, BENCH_FRESH_TTL,
# BENCH_STALE_TTL, BENCH_BOOK_EVERY.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ext=${CALCOM_EXTENSION:-$root/modules/calcom.so}

json_out=""
seconds=10
levels="1 8 32 64"
rss_requests=100000
latency_ms=200
pressure_seconds=65
while [ $# -gt 0 ]; do
	case "$1" in
	--json) json_out=$2; shift 2 ;;
	--json=*) json_out=${1#*=}; shift ;;
	--seconds) seconds=$2; shift 2 ;;
	--seconds=*) seconds=${1#*=}; shift ;;
	--concurrency) levels=$2; shift 2 ;;
	--concurrency=*) levels=${1#*=}; shift ;;
	--rss-requests) rss_requests=$2; shift 2 ;;
	--rss-requests=*) rss_requests=${1#*=}; shift ;;
	--latency-ms) latency_ms=$2; shift 2 ;;
	--latency-ms=*) latency_ms=${1#*=}; shift ;;
	--pressure-seconds) pressure_seconds=$2; shift 2 ;;
	--pressure-seconds=*) pressure_seconds=${1#*=}; shift ;;
	-h | --help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
	esac
done
case "$seconds" in '' | *[!0-9]*) echo "--seconds must be a whole number" >&2; exit 2 ;; esac
case "$pressure_seconds" in '' | *[!0-9]*) echo "--pressure-seconds must be a whole number" >&2; exit 2 ;; esac
case "$rss_requests" in '' | *[!0-9]*) echo "--rss-requests must be a whole number" >&2; exit 2 ;; esac
for c in $levels; do
	case "$c" in '' | *[!0-9]* | 0) echo "--concurrency takes positive whole numbers" >&2; exit 2 ;; esac
done
[ -n "$json_out" ] && json_out=$(realpath -m "$json_out")

for tool in redis-server redis-cli php php-fpm8.2 nginx wrk ab python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (apt-get install php8.2-fpm nginx wrk apache2-utils redis-server)" >&2; exit 2; }
done
[ -f "$ext" ] || { echo "extension not found: $ext (build it first, or set CALCOM_EXTENSION)" >&2; exit 2; }

tmp=$(mktemp -d /tmp/calcom-load.XXXXXX)
pids=()
driver=""
# A private copy of the extension: a rebuild of modules/calcom.so during the
# run (make writes the file in place) would otherwise crash every worker
# that has it mapped, at once.
ext_src=$ext
ext=$tmp/calcom.so
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "${driver:-}" ]; then
		kill -TERM -- "-$driver" 2>/dev/null || true
		sleep 0.5
		kill -KILL -- "-$driver" 2>/dev/null || true
		wait "$driver" 2>/dev/null || true
	fi
	# nginx and php-fpm by their pid files, then the ones started here.
	for f in "$tmp/nginx.pid" "$tmp/fpm.pid" "$tmp/redis.pid"; do
		p=$(cat "$f" 2>/dev/null) && [ -n "$p" ] && kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for f in "$tmp/nginx.pid" "$tmp/fpm.pid" "$tmp/redis.pid"; do
		p=$(cat "$f" 2>/dev/null) || continue
		[ -n "$p" ] || continue
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null || true
	done
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "logs kept in $tmp" >&2
	else
		rm -rf "$tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cp "$ext_src" "$ext"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() {  # wait_for DESCRIPTION LOG COMMAND...
	local what=$1 log=$2
	shift 2
	for _ in $(seq 1 100); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "$what did not come up; its log:" >&2
	tail -n 20 "$log" >&2 2>/dev/null || true
	exit 2
}

# Redis, TCP on loopback (what an app server talks to).
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
	--daemonize yes --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" --dir "$tmp"
wait_for "redis-server" "$tmp/redis.log" redis-cli -p "$redis_port" ping

# The Cal.com emulator, default config: 120 requests/min per key, 60 s block.
python3 "$root/tests/emulator/calcom_emulator.py" --port 0 --port-file "$tmp/emulator.port" --quiet \
	>"$tmp/emulator.log" 2>&1 &
pids+=($!)
wait_for "Cal.com emulator" "$tmp/emulator.log" test -s "$tmp/emulator.port"
emulator_url="http://127.0.0.1:$(cat "$tmp/emulator.port")"
curl -fsS -X POST "$emulator_url/__admin/faults" \
	-d "{\"endpoint\":\"slots\",\"latency_ms\":$latency_ms}" >/dev/null

api_key="cal_load_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

# PHP-FPM: pool "load" (4 children) behind the load levels, pool "mem"
# (2 children) behind the RSS phase; both pm=static, unix sockets.
pool() {  # pool NAME CHILDREN
	cat <<POOL
[$1]
listen = $tmp/fpm-$1.sock
listen.mode = 0600
listen.backlog = 1024
pm = static
pm.max_children = $2
pm.max_requests = 0
pm.status_path = /__fpm/status
request_terminate_timeout = 60s
rlimit_core = unlimited
chdir = $tmp
catch_workers_output = yes
decorate_workers_output = no
clear_env = yes
php_admin_value[extension] = $ext
php_admin_value[error_log] = $tmp/php-$1.log
php_admin_flag[log_errors] = on
php_admin_flag[display_errors] = off
env[BENCH_REDIS_DSN] = redis://127.0.0.1:$redis_port
env[BENCH_CALCOM_URL] = $emulator_url
env[BENCH_API_KEY] = $api_key
env[BENCH_LIMIT] = ${BENCH_LIMIT:-100}
env[BENCH_BURST] = ${BENCH_BURST:-10}
env[BENCH_FRESH_TTL] = ${BENCH_FRESH_TTL:-60}
env[BENCH_STALE_TTL] = ${BENCH_STALE_TTL:-900}
env[BENCH_LIMITER_WAIT] = ${BENCH_LIMITER_WAIT:-0.5}
POOL
}
{
	cat <<GLOBAL
[global]
pid = $tmp/fpm.pid
error_log = $tmp/fpm.log
log_level = notice
daemonize = no
GLOBAL
	pool load 4
	pool mem 2
} >"$tmp/fpm.conf"
php-fpm8.2 -R -F -y "$tmp/fpm.conf" >"$tmp/fpm.out" 2>&1 &
pids+=($!)
wait_for "php-fpm" "$tmp/fpm.log" test -S "$tmp/fpm-mem.sock"

# nginx: one port per pool, a front controller; the access log records
# status, time and the app's outcome headers for the driver.
load_port=$(free_port)
mem_port=$(free_port)
server() {  # server PORT POOL
	cat <<SERVER
    server {
        listen 127.0.0.1:$1 backlog=1024;
        access_log $tmp/access-$2.log bench;
        location = /__fpm/status {
            access_log off;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_NAME /__fpm/status;
            fastcgi_param SCRIPT_FILENAME /__fpm/status;
            fastcgi_pass unix:$tmp/fpm-$2.sock;
        }
        location = /__bench/metrics {
            access_log off;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $here/app.php;
            fastcgi_pass unix:$tmp/fpm-$2.sock;
        }
        location / {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $here/app.php;
            fastcgi_pass unix:$tmp/fpm-$2.sock;
            fastcgi_keep_conn off;
            fastcgi_read_timeout 60s;
        }
    }
SERVER
}
{
	cat <<NGINX
user $(id -un);
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $tmp/nginx-body;
    fastcgi_temp_path $tmp/nginx-fastcgi;
    proxy_temp_path $tmp/nginx-proxy;
    uwsgi_temp_path $tmp/nginx-uwsgi;
    scgi_temp_path $tmp/nginx-scgi;
    keepalive_requests 1000000;
    keepalive_timeout 65s;
    log_format bench '\$status \$request_time \$upstream_http_x_bench_outcome \$upstream_http_x_bench_upstream429 \$upstream_http_retry_after \$msec';
NGINX
	server "$load_port" load
	server "$mem_port" mem
	echo "}"
} >"$tmp/nginx.conf"
nginx -p "$tmp" -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" -g 'daemon off;' >"$tmp/nginx.out" 2>&1 &
pids+=($!)
wait_for "nginx" "$tmp/nginx-error.log" curl -fsS -o /dev/null "http://127.0.0.1:$mem_port/__fpm/status"

if [ "${BENCH_SERVE:-0}" = 1 ]; then
	# Only the stack, for probing by hand: its addresses in $tmp/env, until
	# this script is interrupted.
	cat >"$tmp/env" <<ENV
LOAD_URL=http://127.0.0.1:$load_port
MEM_URL=http://127.0.0.1:$mem_port
EMULATOR_URL=$emulator_url
REDIS_PORT=$redis_port
TMP=$tmp
ENV
	echo "serving; addresses in $tmp/env (Ctrl-C stops)"
	while :; do sleep 1; done
fi

# The driver runs the phases, checks, prints the summary and writes the JSON.
# It runs in its own process group (with its wrk, ab and php children), in the
# background, so a signal reaches the trap at once and the trap can stop the
# whole group.
setsid python3 "$here/drive.py" \
	--tmp "$tmp" --root "$root" --ext "$ext" \
	--load-url "http://127.0.0.1:$load_port" --mem-url "http://127.0.0.1:$mem_port" \
	--emulator "$emulator_url" --redis-port "$redis_port" --api-key "$api_key" \
	--seconds "$seconds" --concurrency "$levels" --rss-requests "$rss_requests" \
	--latency-ms "$latency_ms" --pressure-seconds "$pressure_seconds" ${json_out:+--json "$json_out"} &
driver=$!
rc=0
wait "$driver" || rc=$?
driver=""
exit "$rc"
