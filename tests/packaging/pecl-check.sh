#!/usr/bin/env bash
# Proves the PECL path end to end, on a scratch copy of the files package.xml
# lists (taken from the working tree, so uncommitted edits are what is tested):
#
#   package.xml up to date -> stage the listed files -> `pecl package`
#   -> `pecl install` of the tarball (a real build) -> php loads calcom cleanly
#   -> `pecl uninstall` -> the system is as it was before.
#
# Needs root (pecl writes to the PHP extension dir and the PEAR registry), git,
# php, pecl (php-pear) and the build dependencies of the extension. Offline:
# installs use `pecl install --offline` and answer the configure prompt with
# -D, and PEAR's temp/download/cache dirs are pointed at the scratch dir with
# PHP_PEAR_TEMP_DIR & co (pecl's own `-d temp_dir=...` is ignored: pecl only
# takes channel-level settings there). Takes about 10-30 s.
#
# Prints one line per check and ends with exactly one summary line:
#   packaging: N passed, N failed
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
failed=0
work=""
installed=0
attempted=0
backup=""
ext_dir=""

ok() { pass=$((pass + 1)); echo "ok   - $1"; }
not_ok() {
	failed=$((failed + 1))
	echo "FAIL - $1"
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$2" | tail -n "${3:-25}" | sed 's/^/       | /'
	fi
}

# Undo whatever this run did to the system; idempotent and quiet.
cleanup() {
	# An interrupt can land between `pecl install` finishing and $installed
	# being set, so ask the registry (calcom was not registered before).
	if [ "$installed" = 1 ] || { [ "$attempted" = 1 ] && pecl list 2>/dev/null | grep -qi '^calcom '; }; then
		pecl uninstall calcom >/dev/null 2>&1 && installed=0
	fi
	if [ -n "$backup" ] && [ -f "$backup" ]; then
		cp -p "$backup" "$ext_dir/calcom.so" && rm -f "$backup" && backup=""
	fi
	if [ -n "$work" ] && [ -d "$work" ]; then
		rm -rf "$work"
	fi
}

finish() {
	cleanup
	echo "packaging: $pass passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$pass" -gt 0 ]
	exit
}

trap 'not_ok "interrupted"; finish' INT TERM
trap cleanup EXIT

# ---- 0. preconditions -----------------------------------------------------------
missing=""
for cmd in php pecl git tar timeout flock; do
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $cmd"
done
if [ -n "$missing" ]; then
	not_ok "preconditions: missing commands:$missing (Debian: php8.2-cli php-pear git)"
	finish
fi
if [ "$(id -u)" -ne 0 ]; then
	not_ok "preconditions: must run as root (pecl install writes to the PHP extension dir)"
	finish
fi

# One run at a time on this machine: they would share the extension dir.
exec 9>"${TMPDIR:-/tmp}/calcom-pecl-check.lock"
if ! flock -w 300 9; then
	not_ok "preconditions: another pecl-check.sh holds ${TMPDIR:-/tmp}/calcom-pecl-check.lock"
	finish
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/calcom-pecl.XXXXXX")
mkdir -p "$work/stage" "$work/pear/temp" "$work/pear/download" "$work/pear/cache"
export PHP_PEAR_TEMP_DIR="$work/pear/temp"
export PHP_PEAR_DOWNLOAD_DIR="$work/pear/download"
export PHP_PEAR_CACHE_DIR="$work/pear/cache"

ext_dir=$(pecl config-get ext_dir 2>/dev/null)
php_ext_dir=$(php -r 'echo ini_get("extension_dir");')
test_dir=$(pecl config-get test_dir 2>/dev/null)
doc_dir=$(pecl config-get doc_dir 2>/dev/null)

# What is on the system before, to compare with afterwards.
snapshot() {
	{
		[ -f "$ext_dir/calcom.so" ] && sha1sum "$ext_dir/calcom.so"
		find "$test_dir/calcom" "$doc_dir/calcom" 2>/dev/null | sort
		pecl list 2>/dev/null | grep -i '^calcom ' || true
	} 2>/dev/null
}

pre=""
if pecl list 2>/dev/null | grep -qi '^calcom '; then
	pre="calcom is already installed through pecl; run \`pecl uninstall calcom\` first"
elif php -m 2>/dev/null | grep -qx calcom; then
	pre="php already loads calcom through php.ini or conf.d (see php --ini); php -d extension=calcom would warn"
elif [ -z "$ext_dir" ] || [ ! -d "$ext_dir" ]; then
	pre="pecl's ext_dir '$ext_dir' is not a directory"
elif [ "$ext_dir" != "$php_ext_dir" ]; then
	pre="pecl installs to $ext_dir but php loads extensions from $php_ext_dir"
fi
if [ -n "$pre" ]; then
	not_ok "preconditions: $pre"
	finish
fi
before=$(snapshot)
if [ -f "$ext_dir/calcom.so" ]; then
	# A calcom.so from `make install`: keep it aside and put it back at the end.
	backup="$work/calcom.so.orig"
	cp -p "$ext_dir/calcom.so" "$backup"
fi
ok "preconditions: root, no calcom installed through pecl, ext dir $ext_dir${backup:+ (existing calcom.so set aside)}"

# ---- 1. package.xml is current ----------------------------------------------------
if out=$(cd "$root" && php tools/package-xml.php --check 2>&1); then
	ok "tools/package-xml.php --check: package.xml and config.w32 are current"
else
	not_ok "tools/package-xml.php --check (run: php tools/package-xml.php)" "$out" 40
fi

# ---- 2. stage the listed files ------------------------------------------------------
# shellcheck disable=SC2016 # PHP code, not shell
read_package='
$dom = new DOMDocument();
if (!$dom->load($argv[1], LIBXML_NONET)) { exit(1); }
$xp = new DOMXPath($dom);
$xp->registerNamespace("p", "http://pear.php.net/dtd/package-2.0");
if ($argv[2] === "version") { echo $xp->evaluate("string(/p:package/p:version/p:release)"), "\n"; exit; }
foreach ($xp->query("/p:package/p:contents//p:file") as $f) {
	$parts = [$f->getAttribute("name")];
	for ($n = $f->parentNode; $n instanceof DOMElement && $n->localName === "dir"; $n = $n->parentNode) {
		array_unshift($parts, $n->getAttribute("name"));
	}
	echo preg_replace("#/+#", "/", ltrim(implode("/", $parts), "/")), "\n";
}'
version=$(php -r "$read_package" "$root/package.xml" version 2>/dev/null)
listed=$(php -r "$read_package" "$root/package.xml" files 2>/dev/null)
tgz="calcom-$version.tgz"
if [ -z "$version" ] || [ -z "$listed" ]; then
	not_ok "stage: cannot read the version or the file list from package.xml"
	finish
fi
absent=""
while IFS= read -r f; do
	if [ -f "$root/$f" ]; then
		(cd "$root" && cp -p --parents -- "$f" "$work/stage/") || absent="$absent $f"
	else
		absent="$absent $f"
	fi
done <<<"$listed"
cp -p "$root/package.xml" "$work/stage/package.xml"
nfiles=$(printf '%s\n' "$listed" | wc -l)
if [ -z "$absent" ]; then
	ok "stage: copied the $nfiles files package.xml lists to a scratch dir"
else
	not_ok "stage: package.xml lists files that are not in the working tree:$absent"
fi

# ---- 3. pecl package ------------------------------------------------------------------
out=$(cd "$work/stage" && pecl package package.xml 2>&1)
rc=$?
# PEAR warns when <date> is not today; that is set at release time, so it is
# reported here but does not fail the check. Any other warning does.
date_note=""
if grep -q 'Release Date ".*" is not today' <<<"$out"; then
	date_note=" (note: <date> $(grep -o 'Release Date "[^"]*"' <<<"$out" | cut -d'"' -f2) is not today; update it when releasing)"
	out=$(grep -v 'Release Date ".*" is not today' <<<"$out")
fi
if [ $rc -eq 0 ] && [ -f "$work/stage/$tgz" ] && ! grep -qiE 'warning|error|channel\.xml' <<<"$out"; then
	ok "pecl package: $tgz ($(stat -c %s "$work/stage/$tgz") bytes)$date_note"
else
	not_ok "pecl package (exit $rc) did not cleanly produce $tgz" "$out"
fi

# ---- 4. the tarball holds what package.xml lists --------------------------------------
if [ -f "$work/stage/$tgz" ]; then
	want=$( { echo package.xml; printf '%s\n' "$listed" | sed "s#^#calcom-$version/#"; } | sort)
	have=$(tar -tzf "$work/stage/$tgz" | grep -v '/$' | sort)
	if [ "$want" = "$have" ]; then
		ok "tarball: package.xml + the $nfiles listed files under calcom-$version/"
	else
		not_ok "tarball content differs from package.xml (< listed, > in tarball)" "$(diff <(echo "$want") <(echo "$have"))"
	fi
else
	not_ok "tarball: no $tgz to inspect"
fi

# ---- 5. pecl install (real build, offline, non-interactive) -------------------------
if [ -f "$work/stage/$tgz" ]; then
	cp "$work/stage/$tgz" "$work/$tgz"
	attempted=1
	out=$(cd "$work" && MAKEFLAGS="-j$(nproc)" timeout 150 \
		pecl install --offline -D 'enable-calcom-dev="no"' "./$tgz" </dev/null 2>&1)
	rc=$?
	printf '%s\n' "$out" >"$work/pecl-install.log"
	if grep -q "^install ok: channel://pecl.php.net/calcom-$version" <<<"$out"; then
		installed=1
	fi
	cwarn=$(grep -cE '\.(c|h):[0-9]+(:[0-9]+)?: warning:' <<<"$out")
	if [ $rc -eq 0 ] && [ "$installed" = 1 ] && [ -f "$ext_dir/calcom.so" ]; then
		ok "pecl install --offline ./$tgz: built and installed $ext_dir/calcom.so ($cwarn compiler warnings)"
	else
		not_ok "pecl install ./$tgz (exit $rc)" "$out" 40
	fi
else
	not_ok "pecl install: no $tgz to install"
fi

# ---- 6. php loads it without a word ---------------------------------------------------
if [ "$installed" = 1 ]; then
	out=$(cd / && php -d extension=calcom -m 2>&1)
	if grep -qx calcom <<<"$out" && ! grep -qiE 'warning|startup' <<<"$out"; then
		ok "php -d extension=calcom -m lists calcom, no Warning/Startup output"
	else
		not_ok "php -d extension=calcom -m" "$(grep -iE 'calcom|warning|startup|error' <<<"$out")"
	fi
	got=$(cd / && php -d extension=calcom -r 'echo phpversion("calcom");' 2>&1)
	if [ "$got" = "$version" ]; then
		ok "the installed calcom reports version $version"
	else
		not_ok "the installed calcom reports '$got', package.xml says $version"
	fi
else
	not_ok "php -d extension=calcom -m: skipped, nothing installed"
	not_ok "version of the installed calcom: skipped, nothing installed"
fi

# ---- 7. pecl uninstall, system as before ------------------------------------------------
if [ "$installed" = 1 ]; then
	out=$(pecl uninstall calcom 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && grep -q "^uninstall ok: channel://pecl.php.net/calcom-$version" <<<"$out"; then
		installed=0
		ok "pecl uninstall calcom"
	else
		not_ok "pecl uninstall calcom (exit $rc)" "$out"
	fi
else
	not_ok "pecl uninstall calcom: skipped, nothing installed"
fi
cleanup
after=$(snapshot)
if [ "$installed" = 0 ] && [ "$before" = "$after" ]; then
	ok "system as before: pecl registry, $ext_dir/calcom.so, $test_dir/calcom, $doc_dir/calcom"
else
	not_ok "system differs from before the run (< before, > after)" "$(diff <(echo "$before") <(echo "$after"))"
fi

finish
