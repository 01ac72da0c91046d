#!/usr/bin/env bash
# Builds every libFuzzer target tests/fuzz/fuzz_<name>.c and runs it for a
# bounded time on a copy of its seed corpus tests/fuzz/corpus/<name>/.
#
#   tests/fuzz/run.sh [seconds-per-target]   # default 30
#   FUZZ_SEED=0 tests/fuzz/run.sh 300         # random seed instead of the fixed one
#   FUZZ_TARGETS="dsn" tests/fuzz/run.sh 10   # only some targets
#
# A target names the engine files it needs in a comment line
#   fuzz-sources: src/redis/dsn.c src/lib/err.c
# and, if it needs libraries, pkg-config names in
#   fuzz-pkgs: hiredis
# An optional tests/fuzz/<name>.dict is passed as -dict.
#
# A target fails on any crash, sanitizer report, leak, timeout or OOM; its
# reproducers are kept in tests/fuzz/build/artifacts/<name>/. The last line is
# always "fuzz: N passed, N failed" (one per target); the exit status is 0 only
# when every target passed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$here/build
secs=${1:-30}
seed=${FUZZ_SEED:-1}
CC=${FUZZ_CC:-clang}

case "$secs" in
'' | *[!0-9]*)
	echo "usage: $0 [seconds-per-target]" >&2
	exit 2
	;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/calcom-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

mkdir -p "$build"
passed=0
failed=0

CFLAGS_FUZZ="-std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
CPPFLAGS_FUZZ="-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I$root/src"

targets=()
if [ -n "${FUZZ_TARGETS:-}" ]; then
	for name in $FUZZ_TARGETS; do targets+=("$here/fuzz_$name.c"); done
else
	for t in "$here"/fuzz_*.c; do [ -f "$t" ] && targets+=("$t"); done
fi

for target in "${targets[@]}"; do
	name=$(basename "$target" .c)
	name=${name#fuzz_}
	bin=$build/fuzz_$name
	echo "# fuzz_$name"

	if [ ! -f "$target" ]; then
		echo "  not ok - no such target $target"
		failed=$((failed + 1))
		continue
	fi
	if [ ! -d "$here/corpus/$name" ]; then
		echo "  not ok - no seed corpus: add tests/fuzz/corpus/$name/"
		failed=$((failed + 1))
		continue
	fi
	sources=$(sed -n 's/^[[:space:]/*]*fuzz-sources:[[:space:]]*//p' "$target" | head -n1)
	pkgs=$(sed -n 's/^[[:space:]/*]*fuzz-pkgs:[[:space:]]*//p' "$target" | head -n1)
	if [ -z "$sources" ]; then
		echo "  not ok - fuzz_$name.c has no \"fuzz-sources:\" line"
		failed=$((failed + 1))
		continue
	fi
	srcs=()
	for s in $sources; do srcs+=("$root/$s"); done
	pkg_cflags=
	pkg_libs=
	if [ -n "$pkgs" ]; then
		# shellcheck disable=SC2086
		if ! pkg_cflags=$(pkg-config --cflags $pkgs) || ! pkg_libs=$(pkg-config --libs $pkgs); then
			echo "  not ok - pkg-config cannot find: $pkgs"
			failed=$((failed + 1))
			continue
		fi
	fi

	# shellcheck disable=SC2086
	if ! $CC $CFLAGS_FUZZ $CPPFLAGS_FUZZ $pkg_cflags "$target" "${srcs[@]}" $pkg_libs -o "$bin" \
		>"$build/fuzz_$name.build.log" 2>&1; then
		echo "  not ok - build failed:"
		sed 's/^/  | /' "$build/fuzz_$name.build.log"
		failed=$((failed + 1))
		continue
	fi

	corpus=$work/corpus_$name
	artifacts=$build/artifacts/$name
	rm -rf "$artifacts"
	mkdir -p "$corpus" "$artifacts"
	cp -R "$here/corpus/$name/." "$corpus/"
	dict=()
	[ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
	log=$build/fuzz_$name.log

	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$bin" -max_total_time="$secs" -seed="$seed" -timeout=10 -rss_limit_mb=2048 -max_len=1024 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" >"$log" 2>&1
	rc=$?

	runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log" | tail -n1)
	found=$(find "$artifacts" -type f | wc -l)
	sanitizer=0
	grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|ERROR: libFuzzer|invariant failed' "$log" &&
		sanitizer=1
	if [ "$rc" -eq 0 ] && [ "$found" -eq 0 ] && [ "$sanitizer" -eq 0 ]; then
		echo "  ok - fuzz_$name: ${runs:-?} runs in ${secs}s, seed $seed, corpus $(find "$corpus" -type f | wc -l) files"
		passed=$((passed + 1))
	else
		echo "  not ok - fuzz_$name: exit status $rc, $found artifact(s) in ${artifacts#"$root"/}"
		grep -E -A30 'ERROR:|runtime error:|invariant failed|canonical form' "$log" | head -n 60 | sed 's/^/  | /'
		for a in "$artifacts"/*; do
			[ -f "$a" ] && echo "  reproduce: $bin $a"
		done
		failed=$((failed + 1))
	fi
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
