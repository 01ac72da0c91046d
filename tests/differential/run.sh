#!/usr/bin/env bash
# Differential test of src/calcom/slots.c (and rfc3339.c under it) against
# PHP's json_decode and DateTimeImmutable: gen.php writes seeded payloads,
# driver.c (built here from src/, with ASan + UBSan when they link) prints our
# canonical line for each, reference.php prints PHP's, compare.php compares
# them record by record.
#
#   tests/differential/run.sh [count [seed]]     default 2000 payloads, seed 1
#   DIFF_COUNT=20000 DIFF_SEED=7 tests/differential/run.sh
#
# The last line is always "differential: N passed, N failed" with N adding up
# to the number of payloads; the exit status is 0 only when nothing failed.
# Needs: a C compiler and php-cli 8.2+ (json, date and pcre are built in). Takes a few seconds.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
count=${1:-${DIFF_COUNT:-2000}}
seed=${2:-${DIFF_SEED:-1}}
CC=${CC:-cc}

case "$count$seed" in
'' | *[!0-9]*)
	echo "usage: $0 [count [seed]]" >&2
	exit 2
	;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/calcom-differential.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

give_up() {
	echo "$1" >&2
	echo "differential: 0 passed, $count failed"
	exit 1
}

command -v php >/dev/null 2>&1 || give_up "php not found (Debian package php8.2-cli)"

# The engine files the scanners need; the same flags as the unit tests.
srcs=(src/calcom/slots.c src/calcom/rfc3339.c src/lib/civil.c src/lib/err.c)
cflags=(-std=c11 -Wall -Wextra -Werror -g -O1 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE "-I$root/src")
san=(-fsanitize=address,undefined -fno-omit-frame-pointer)
if ! (cd "$root" && $CC "${cflags[@]}" "${san[@]}" "$here/driver.c" "${srcs[@]}" -o "$work/driver") 2>"$work/build.log"; then
	echo "note: building without sanitizers:" >&2
	sed 's/^/  | /' "$work/build.log" >&2
	(cd "$root" && $CC "${cflags[@]}" "$here/driver.c" "${srcs[@]}" -o "$work/driver") 2>"$work/build.log" ||
		give_up "driver.c does not build: $(cat "$work/build.log")"
fi

php "$here/gen.php" "$count" "$seed" >"$work/payloads.bin" || give_up "gen.php failed"

ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$work/driver" "$work/payloads.bin" >"$work/ours.txt" 2>"$work/driver.err"
driver_rc=$?
if [ "$driver_rc" -ne 0 ] || [ -s "$work/driver.err" ]; then
	sed 's/^/driver | /' "$work/driver.err" | head -n 60
	[ "$driver_rc" -eq 0 ] && driver_rc=1  # a sanitizer report on stderr is a failure too
fi

php "$here/reference.php" "$work/payloads.bin" >"$work/ref.txt" || give_up "reference.php failed"

echo "seed $seed, $count payloads"
php "$here/compare.php" "$work/payloads.bin" "$work/ours.txt" "$work/ref.txt" "$driver_rc"
