#!/usr/bin/env bash
# The one test command. On a fresh Debian 12 machine it installs what is
# missing, builds the extension with warnings as errors, starts real servers
# (redis-server on TCP and a unix socket, one with requirepass, the Cal.com
# emulator), runs every suite, stops the servers and ends with the line
#   N passed, N failed[, N skipped]
#
#   tests/run.sh            everything
#   tests/run.sh phpt unit  only the named suites
#                           (phpt laravel emulator unit lint soak fuzz differential valgrind packaging)
#
# FUZZ_SECONDS (default 10) bounds each fuzz target. Under CI=true a skipped
# phpt counts as a failure: every server the tests need is started here.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

suites=${*:-phpt laravel emulator unit lint soak fuzz differential valgrind packaging}
passed=0
failed=0
skipped=0
logs=$(mktemp -d /tmp/calcom-tests.XXXXXX)

suite_started=$SECONDS
record() {  # record SUITE PASSED FAILED [SKIPPED]
	local extra=""
	[ "${4:-0}" -gt 0 ] && extra=", $4 skipped"
	# The time tells where the CI budget (20 minutes on 2 cores) goes.
	printf '%-10s %4d passed, %d failed%s (%d s)\n' "$1:" "$2" "$3" "$extra" $((SECONDS - suite_started))
	passed=$((passed + $2))
	failed=$((failed + $3))
	skipped=$((skipped + ${4:-0}))
}

finish() {
	bash tools/servers.sh stop "$logs/servers" 2>/dev/null
	if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
		failed=$((failed + skipped))
		skipped=0
	fi
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	if [ "$failed" -eq 0 ]; then
		rm -rf "$logs"
		exit 0
	fi
	echo "logs: $logs" >&2
	exit 1
}
trap finish EXIT

if ! bash tools/deps.sh; then
	record deps 0 1
	exit
fi
if ! bash tools/build.sh; then
	record build 0 1
	exit
fi
if ! bash tools/servers.sh start "$logs/servers"; then
	record servers 0 1
	exit
fi
# shellcheck disable=SC1091
source "$logs/servers/env"
export CALCOM_TEST_EXTENSION="$root/modules/calcom.so"

# Runs the phpt suite; extra arguments go to run-tests.php.
phpt() {
	local name=$1 log="$logs/$1.log"
	shift
	TEST_PHP_EXECUTABLE=$(command -v php) php run-tests.php -q -j2 --no-color --show-diff \
		-d extension="$CALCOM_TEST_EXTENSION" "$@" tests/ </dev/null >"$log" 2>&1
	grep -E '^(FAIL|LEAK|BORK|WARN|SKIP|XFAIL)[ &]|^[0-9]{3}[+-] ' "$log" | head -200
	count() { sed -n "s/^Tests $1 *: *\([0-9]*\).*/\1/p" "$log" | head -1; }
	local p f w l s
	p=$(count passed)
	f=$(count failed)
	w=$(count warned)
	l=$(count leaked)
	s=$(count skipped)
	if [ -z "$p" ]; then
		tail -20 "$log"
		record "$name" 0 1
		return
	fi
	record "$name" "$p" $((f + ${w:-0} + ${l:-0})) "${s:-0}"
}

# A suite script that ends with "NAME: N passed, N failed".
script_suite() {
	local name=$1 log="$logs/$1.log"
	shift
	"$@" >"$log" 2>&1
	local rc=$? line
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
	if [ -z "$line" ]; then
		tail -30 "$log"
		record "$name" 0 1
		return
	fi
	local p f
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1   # the script failed beyond its own count (a sanitizer, a crash)
	fi
	[ "$f" -gt 0 ] && tail -40 "$log"
	record "$name" "$p" "$f"
}

# The Laravel package's PHPUnit tests (Debian's phpunit and
# php-laravel-framework), counted from PHPUnit's JUnit log.
laravel() {
	local log="$logs/laravel.log" junit="$logs/laravel.xml"
	php -d extension="$CALCOM_TEST_EXTENSION" "$(command -v phpunit)" -c laravel/phpunit.xml \
		--log-junit "$junit" </dev/null >"$log" 2>&1
	local attr tests failures errors warnings skipped
	attr() { sed -n "0,/<testsuite /s/.*<testsuite [^>]* $1=\"\([0-9]*\)\".*/\1/p" "$junit" 2>/dev/null | head -1; }
	tests=$(attr tests)
	failures=$(attr failures)
	errors=$(attr errors)
	warnings=$(attr warnings)
	errors=$((errors + ${warnings:-0}))
	skipped=$(attr skipped)
	if [ -z "$tests" ]; then
		tail -30 "$log"
		record laravel 0 1
		return
	fi
	[ $((failures + errors)) -gt 0 ] && grep -A25 -E '^[0-9]+\) ' "$log" | head -120
	record laravel $((tests - failures - errors - skipped)) $((failures + errors)) "$skipped"
}

emulator() {
	local log="$logs/emulator.log"
	(cd tests/emulator && python3 -m unittest -v test_emulator) >"$log" 2>&1
	local total fails
	total=$(sed -n 's/^Ran \([0-9]*\) test.*/\1/p' "$log")
	fails=$(grep -cE '^(FAIL|ERROR): ' "$log")
	local skips
	skips=$(grep -cE '\.\.\. skipped' "$log")
	if [ -z "$total" ]; then
		tail -30 "$log"
		record emulator 0 1
		return
	fi
	[ "$fails" -gt 0 ] && grep -A15 -E '^(FAIL|ERROR): ' "$log" | head -80
	record emulator $((total - fails - skips)) "$fails" "$skips"
}

for suite in $suites; do
	suite_started=$SECONDS
	case "$suite" in
	phpt) phpt phpt ;;
	laravel) laravel ;;
	emulator) emulator ;;
	unit) script_suite unit bash tests/unit/run.sh ;;
	lint) script_suite lint bash tests/lint/run.sh ;;
	soak) script_suite soak bash tests/soak/run.sh "${SOAK_SECONDS:-60}" ;;
	fuzz) script_suite fuzz bash tests/fuzz/run.sh "${FUZZ_SECONDS:-10}" ;;
	differential) script_suite differential bash tests/differential/run.sh ;;
	valgrind)
		# run-tests.php -m turns Zend MM off and fails a test whose valgrind
		# log is not empty, so log only definite leaks (and errors). Servers
		# a test starts through sh are not ours to check; PHP children are.
		# PCRE's JIT code confuses memcheck, so it is off here.
		VALGRIND_OPTS="--leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
--trace-children-skip=*/sh,*/redis-server" phpt valgrind -m -d pcre.jit=0
		;;
	packaging) script_suite packaging bash tests/packaging/pecl-check.sh ;;
	*) echo "unknown suite: $suite" >&2; record "$suite" 0 1 ;;
	esac
done
