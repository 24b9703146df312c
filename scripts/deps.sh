#!/bin/sh
# deps.sh - install the Debian 12 packages typoguard needs to build and
# test (README.md says why each is there).  Installs only what is missing,
# so a second run costs nothing.  Needs root (or sudo) when it installs.
set -eu

# Hyperscan is built for amd64 only; Vectorscan is the same library (and
# the same libhs.pc) for the other architectures.
hs=libhyperscan-dev
[ "$(dpkg --print-architecture)" = amd64 ] || hs=libvectorscan-dev

PKGS="gcc libc6-dev meson ninja-build pkg-config python3
libidn2-dev libpsl-dev publicsuffix libgmime-3.0-dev libxml2-dev libexif-dev libzip-dev libcmocka-dev $hs
libpoppler-glib-dev libseccomp-dev libpcre2-dev
bind9-utils libmilter-dev postfix swaks miltertest"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

# Postfix (for the milter's tests and demo) conflicts with every other
# MTA: installing it would remove the one this machine has.  Stop and say
# so instead of replacing a working mail system.
case " $missing " in
*" postfix "*)
	other=$(dpkg-query -W -f='${Package} ${Status}\n' exim4-daemon-light \
	    exim4-daemon-heavy sendmail-bin opensmtpd nullmailer msmtp-mta dma \
	    courier-mta citadel-mta 2>/dev/null | awk '/install ok installed/ { print $1 }')
	if [ -n "$other" ]; then
		echo "deps.sh: this machine's mail system ($other) would be" \
		    "replaced by Postfix; remove it yourself or use another machine" >&2
		exit 69
	fi
	;;
esac

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
