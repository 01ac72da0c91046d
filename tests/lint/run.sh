#!/usr/bin/env bash
# Static analysis of the C code: cppcheck and clang-tidy (.clang-tidy, and
# ext/.clang-tidy for the binding) over src/ and ext/. Four checks, one per
# tool and directory; the last line is "lint: N passed, N failed". Files
# run two at a time (CI has two cores); clang-tidy is the slow part.
#
#   tests/lint/run.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/calcom-lint.XXXXXX")
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() {  # check NAME OUTPUT_FILE STATUS
	if [ "$3" -eq 0 ] && ! grep -q . "$2"; then
		echo "  ok - $1"
		passed=$((passed + 1))
	else
		echo "  not ok - $1"
		sed 's/^/  | /' "$2" | head -80
		failed=$((failed + 1))
	fi
}

# Flags as config.m4 builds the engine; the binding adds PHP's headers.
engine=(-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$root" -I"$root/include" -I"$root/src"
	$(pkg-config --cflags hiredis libcurl))
binding=("${engine[@]}" -DHAVE_CONFIG_H -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 $(php-config --includes))
# cppcheck takes the -I and -D flags, not the compiler's.
binding_paths=()
for f in "${binding[@]}"; do case $f in -I* | -D*) binding_paths+=("$f") ;; esac; done
# The generated scanners (re2c) keep re2c's dead stores.
generated=(src/calcom/rfc3339.c src/calcom/slots.c)
mapfile -t engine_files < <(git ls-files 'src/*.c' | grep -v -x -F "${generated[@]/#/-e}")
mapfile -t binding_files < <(git ls-files 'ext/*.c')

# config.h comes from ./configure; tools/build.sh has run before this suite.
[ -f config.h ] || { echo "config.h missing: run tools/build.sh first"; echo "lint: 0 passed, 1 failed"; exit 1; }

echo "# cppcheck"
cppcheck_flags=(--enable=warning,style,performance,portability --error-exitcode=1 --inline-suppr -q --std=c11 -j2)
cppcheck "${cppcheck_flags[@]}" src/ >"$work/cppcheck-src" 2>&1
check "cppcheck src/" "$work/cppcheck-src" $?
# PHP's headers have more #if configurations than can be checked in CI time:
# one configuration, nothing reported from the headers themselves. Two
# checks misread Zend's macros: ZEND_PARSE_PARAMETERS_START(0, n) compares
# an unsigned count with 0, and ZEND_HASH_FOREACH_* needs its variables
# declared before the loop it opens.
cppcheck "${cppcheck_flags[@]}" --max-configs=1 --suppress='*:/usr/include/*' \
	--suppress='unsignedLessThanZero:ext/*' --suppress='variableScope:ext/*' "${binding_paths[@]}" ext/ \
	>"$work/cppcheck-ext" 2>&1
check "cppcheck ext/" "$work/cppcheck-ext" $?

echo "# clang-tidy"
header_filter="^$(printf '%s' "$root" | sed 's/[.[\*^$()+?{|]/\\&/g')/(src|ext)/"
# One file: its findings (with their context) in $work/<name>.tidy, and
# its exit status in $work/<name>.rc. clang-tidy also counts warnings in
# the system headers it was told to skip; only what it prints counts here.
tidy_one() {  # tidy_one EXTRA_CHECKS FILE FLAGS...
	local extra=$1 file=$2 name
	shift 2
	name=$work/$(basename "$file")
	clang-tidy --quiet --header-filter="$header_filter" ${extra:+--checks="$extra"} "$file" -- "$@" \
		>"$name.log" 2>&1
	echo $? >"$name.rc"
	grep -E -A3 '(warning|error):' "$name.log" >"$name.tidy"
}
export -f tidy_one
export work header_filter
tidy_all() {  # tidy_all OUTPUT FILES... -- FLAGS...  (two files at a time)
	local out=$1 files=() status=0
	shift
	while [ "$1" != "--" ]; do files+=("$1"); shift; done
	shift
	printf '%s\0' "${files[@]}" | xargs -0 -P2 -I{} bash -c 'tidy_one "$@"' _ "${EXTRA:-}" {} "$@"
	for f in "${files[@]}"; do
		cat "$work/$(basename "$f").tidy" >>"$out"
		[ "$(cat "$work/$(basename "$f").rc" 2>/dev/null || echo 1)" -eq 0 ] || status=1
	done
	return $status
}
: >"$work/tidy-src"
tidy_all "$work/tidy-src" "${engine_files[@]}" -- "${engine[@]}"
s1=$?
EXTRA=-clang-analyzer-deadcode.DeadStores tidy_all "$work/tidy-src" "${generated[@]}" -- "${engine[@]}"
check "clang-tidy src/" "$work/tidy-src" $((s1 | $?))
: >"$work/tidy-ext"
tidy_all "$work/tidy-ext" "${binding_files[@]}" -- "${binding[@]}"
check "clang-tidy ext/" "$work/tidy-ext" $?

echo "lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
