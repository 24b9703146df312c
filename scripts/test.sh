#!/bin/sh
# test.sh - install, build and run every test suite, twice: a normal build
# and an AddressSanitizer + UndefinedBehaviorSanitizer build.  Ends with
# one line "N passed, N failed" (every cmocka case, every fuzz corpus file
# and every CLI case counts one) and exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.."

scripts/deps.sh || exit 1

setup() {
	dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi
}

status=0
for cfg in plain asan; do
	case $cfg in
	plain)
		dir=build
		setup build || exit 1
		;;
	asan)
		dir=build-asan
		setup build-asan -Db_sanitize=address,undefined \
		    -Db_lundef=false -Dc_args=-fno-sanitize-recover=all ||
		    exit 1
		;;
	esac
	echo "== $cfg build ($dir)"
	meson compile -C "$dir" || { status=1; continue; }
	meson test -C "$dir" --print-errorlogs || status=1
done

python3 scripts/tally.py build build-asan || status=1
exit $status
