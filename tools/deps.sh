#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and the demo need,
# and only those missing. Safe to run again; prints nothing when all is there.
# Arguments name extra packages (bench/run.sh adds the Laravel baselines').
set -euo pipefail

packages=(
	build-essential pkg-config autoconf git
	php8.2-dev php8.2-cli php8.2-cgi php8.2-xml php8.2-curl php-pear php-parser
	libcurl4-openssl-dev libhiredis-dev re2c
	redis-server python3 tzdata locales
	libcmocka-dev valgrind clang libclang-rt-14-dev cppcheck clang-tidy
	php-laravel-framework phpunit chromium
	"$@"
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${missing[@]}" >/dev/null
# The package starts a system Redis on 6379 where an init system runs; our
# tests start their own servers on free ports and never need that one.
