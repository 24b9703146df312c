#!/bin/sh
# Compares `typoguard variants` with dnstwist's permutation engine: counts
# per kind, what each side makes that the other does not (dnstwist's extra
# names classified: real misses, names our parser rejects, names that are
# not IDNA2008, names in TLDs that do not exist), and the wall time of
# both.  The work is done by bench/compare_dnstwist.py; this script builds
# the command-line tool (release, in $BUILDDIR, default build-bench/) and
# prints the machine.
#
# Usage: bench/compare-dnstwist.sh [-r REPETITIONS] DNSTWIST_PY [DOMAIN...]
#   DNSTWIST_PY   dnstwist.py of a dnstwist checkout
#                 (https://github.com/elceef/dnstwist); it is imported for
#                 its Fuzzer class, nothing of it is copied.  It needs the
#                 Python module idna (Debian: python3-idna).
#   DOMAIN...     default: the ten of BENCHMARKS.md
#   -r N          timed runs per side and domain (default 3)
# It also runs bench/bench_variants (tg_variants() in one process) for the
# in-process comparison.
# Environment: PYTHON (default python3); BUILDDIR (default build-bench), the
# release build directory to use or create.  Nothing here uses the network.
set -eu

reps=3
while getopts r: opt; do
	case $opt in
	r) reps=$OPTARG ;;
	*)
		echo "usage: bench/compare-dnstwist.sh [-r REPETITIONS]" \
		    "DNSTWIST_PY [DOMAIN...]" >&2
		exit 64
		;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ]; then
	echo "usage: bench/compare-dnstwist.sh [-r REPETITIONS] DNSTWIST_PY" \
	    "[DOMAIN...]" >&2
	exit 64
fi
dnstwist=$1
shift
case $dnstwist in
/*) ;;
*) dnstwist=$(pwd)/$dnstwist ;;
esac
if [ ! -f "$dnstwist" ]; then
	echo "compare-dnstwist.sh: $dnstwist: no such file" >&2
	exit 66
fi
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if ! "$python" -c 'import idna' 2>/dev/null; then
	echo "compare-dnstwist.sh: $python has no module idna" \
	    "(Debian: apt-get install python3-idna)" >&2
	exit 69
fi
if [ $# -eq 0 ]; then
	set -- gmail.com army.mil army.nl paypal.com microsoft.com bücher.de \
	    mail.example.co.uk tesla.com example.co.uk internationalbank.com
fi

builddir=${BUILDDIR:-build-bench}
if [ ! -f "$builddir/build.ninja" ]; then
	meson setup "$builddir" --buildtype=release -Dtests=false >&2
fi
meson compile -C "$builddir" src/cli/typoguard bench/bench_variants >&2

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git --no-optional-locks status --porcelain 2>/dev/null)" ]; then
	commit="$commit (with uncommitted changes)"
fi
echo "cpu:       $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo |
    head -n 1)"
echo "cores:     $(grep -c '^processor' /proc/cpuinfo) ($(nproc) available)"
echo "commit:    $commit"
echo "date:      $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load:      $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min)"
echo

exec "$python" bench/compare_dnstwist.py --dnstwist "$dnstwist" \
    --typoguard "$builddir/src/cli/typoguard" --tlds data/tld-swap.txt \
    --psl data/public_suffix_list.dat --reps "$reps" \
    --bench-variants "$builddir/bench/bench_variants" "$@"
