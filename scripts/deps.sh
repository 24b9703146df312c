#!/bin/sh
# deps.sh - install the Debian 12 packages typoguard needs to build and
# test (README.md says why each is there).  Installs only what is missing,
# so a second run costs nothing.  Needs root (or sudo) when it installs.
set -eu

PKGS="gcc libc6-dev meson ninja-build pkg-config python3
libidn2-dev libpsl-dev publicsuffix libgmime-3.0-dev libcmocka-dev
bind9-utils"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "deps.sh: need root to install:$missing" >&2
		exit 77
	}
	sudo=sudo
fi
echo "deps.sh: installing:$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
    --no-install-recommends $missing
