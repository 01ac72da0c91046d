#!/bin/sh
# Regenerates ext/calcom_arginfo.h from stubs/calcom.stub.php, offline.
#
# php-src's build/gen_stub.php (shipped in php8.2-dev) downloads PHP-Parser
# 4.15.1 on first use. We run a copy of it beside a symlink to Debian's
# php-parser package instead, so no network is needed.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
src=""
for candidate in "$(php-config --prefix)/lib/php/build/gen_stub.php" /usr/lib/php/*/build/gen_stub.php; do
	[ -f "$candidate" ] && src=$candidate && break
done
[ -n "$src" ] || { echo "gen_stub.php not found: install php8.2-dev" >&2; exit 1; }
[ -d /usr/share/php/PhpParser ] || { echo "PhpParser not found: install php-parser" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$src" "$work/gen_stub.php"
mkdir -p "$work/PHP-Parser-4.15.1/lib"
ln -s /usr/share/php/PhpParser "$work/PHP-Parser-4.15.1/lib/PhpParser"
cp "$root/stubs/calcom.stub.php" "$work/calcom.stub.php"
php "$work/gen_stub.php" -f "$work/calcom.stub.php"
cp "$work/calcom_arginfo.h" "$root/ext/calcom_arginfo.h"
echo "wrote ext/calcom_arginfo.h"
