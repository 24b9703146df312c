#!/bin/sh
# Builds the benchmarks in a release configuration (build-bench/) and runs
# them, after printing the facts about the machine that BENCHMARKS.md
# records.  Works from any directory.
#
# Usage: bench/run.sh [-s SECTION]... [COUNT [REPETITIONS]]
#   -s SECTION   run only this section (may be repeated):
#                  normalise  bench_normalise: address normalisation
#                  check      bench_check: index build, tg_check() throughput
#                             and its independence of the set size
#                  cli        typoguard check over a batch file against
#                             grep -Fxf (the exact-match floor)
#                default: all three
#   COUNT        addresses per workload (default 1000000 everywhere)
#   REPETITIONS  timed runs of each measurement (defaults: normalise 5,
#                check 5, cli 5)
# The inputs of the cli section are written by bench_check to a temporary
# directory under $TMPDIR (or /tmp), removed at the end.
set -eu
cd "$(dirname "$0")/.."

builddir=build-bench
sections=
while getopts s: opt; do
	case $opt in
	s)
		case $OPTARG in
		normalise | check | cli | scan) sections="$sections $OPTARG" ;;
		*)
			echo "run.sh: unknown section '$OPTARG'" \
			    "(normalise, check, cli, scan)" >&2
			exit 64
			;;
		esac
		;;
	*)
		echo "usage: bench/run.sh [-s SECTION]... [COUNT" \
		    "[REPETITIONS]]" >&2
		exit 64
		;;
	esac
done
shift $((OPTIND - 1))
if [ $# -gt 2 ]; then
	echo "usage: bench/run.sh [-s SECTION]... [COUNT [REPETITIONS]]" >&2
	exit 64
fi
[ -n "$sections" ] || sections="normalise check cli scan"
count=${1:-1000000}
reps=${2:-}
want() {
	case " $sections " in *" $1 "*) return 0 ;; esac
	return 1
}

if [ ! -f "$builddir/build.ninja" ]; then
	meson setup "$builddir" --buildtype=release -Dtests=false >&2
fi
buildtype=$(meson introspect --buildoptions "$builddir" | python3 -c '
import json, sys
print(next(o["value"] for o in json.load(sys.stdin)
    if o["name"] == "buildtype"))')
if [ "$buildtype" != release ]; then
	meson configure "$builddir" -Dbuildtype=release >&2
	buildtype=release
fi
meson compile -C "$builddir" bench/bench_normalise bench/bench_check \
    src/cli/typoguard >&2
if want scan; then
	if ! meson introspect --targets "$builddir" |
	    grep -q '"bench_scan"'; then
		echo "run.sh: bench_scan is not built (PCRE2 missing:" \
		    "libpcre2-dev); skipping the scan section" >&2
		sections=$(echo "$sections" | sed 's/scan//')
	else
		meson compile -C "$builddir" bench/bench_scan >&2
	fi
fi

# The compiler command Meson uses for the benchmark, and its version.
cc_cmd=$(meson introspect --targets "$builddir" | python3 -c '
import json, sys
t = next(t for t in json.load(sys.stdin) if t["name"] == "bench_normalise")
print(" ".join(t["target_sources"][0]["compiler"]))')
compiler=$($cc_cmd --version | head -n 1)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
ncpu=$(grep -c '^processor' /proc/cpuinfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git --no-optional-locks status --porcelain 2>/dev/null)" ]; then
	commit="$commit (with uncommitted changes)"
fi

echo "cpu:       $cpu"
echo "cores:     $ncpu ($(nproc) available to this process)"
echo "kernel:    $(uname -sr)"
echo "compiler:  $compiler"
echo "buildtype: $buildtype"
echo "commit:    $commit"
echo "date:      $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load:      $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min; other work" \
    "on the machine disturbs the figures)"
echo

tmp=
cleanup() {
	if [ -n "$tmp" ]; then
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if want cli; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/typoguard-bench.XXXXXX")
fi

# One block per benchmark; BENCHMARKS.md has a section for each.
if want normalise; then
	echo "== Address normalisation: bench_normalise $count ${reps:-5}"
	"$builddir/bench/bench_normalise" "$count" "${reps:-5}"
	echo
fi

if want scan; then
	echo "== Content classifier: bench_scan 32 ${reps:-5}"
	"$builddir/bench/bench_scan" 32 "${reps:-5}"
	echo
fi

if want check; then
	echo "== Lookups (library): bench_check $count ${reps:-5}"
	if want cli; then
		"$builddir/bench/bench_check" -o "$tmp" "$count" "${reps:-5}"
	else
		"$builddir/bench/bench_check" "$count" "${reps:-5}"
	fi
	echo
elif want cli; then
	"$builddir/bench/bench_check" -O "$tmp" "$count" >/dev/null
fi

# Nanoseconds since the epoch (GNU date).
now() {
	date +%s%N
}

# The median of the numbers on standard input.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run NAME COMMAND...: runs the command once with its output to /dev/null
# and appends the wall time in ns to $tmp/t.NAME.  typoguard check exits 1
# when it found a typo and grep 1 when nothing matched: both are success.
run() {
	name=$1
	shift
	t0=$(now)
	rc=0
	"$@" >/dev/null || rc=$?
	t1=$(now)
	if [ "$rc" -gt 1 ]; then
		echo "run.sh: $* failed with exit code $rc" >&2
		exit 70
	fi
	echo $((t1 - t0)) >>"$tmp/t.$name"
}

if want cli; then
	tg=$builddir/src/cli/typoguard
	psl=data/public_suffix_list.dat
	prot=$tmp/protected.list
	batch=$tmp/batch.txt
	doms=$tmp/batch-domains.txt
	lines=$(wc -l <"$batch")
	r=${reps:-5}
	echo "== Lookups (command line): $lines lines, $r repetitions," \
	    "median reported; LC_ALL=C"
	echo "typoguard check --psl $psl -p protected.list - < batch.txt"
	echo "typoguard check --json --psl $psl -p protected.list - < batch.txt"
	echo "grep -Fxf protected.list batch-domains.txt"
	echo "startup: typoguard check --psl $psl -p protected.list < /dev/null"
	echo "(all output to /dev/null)"
	export LC_ALL=C
	# Untimed: warms the page cache and checks the commands work.
	run warm "$tg" check --psl "$psl" -p "$prot" - <"$batch"
	run warm grep -Fxf "$prot" "$doms"
	rm -f "$tmp"/t.*
	i=0
	while [ "$i" -lt "$r" ]; do
		if [ $((i % 2)) -eq 0 ]; then
			run text "$tg" check --psl "$psl" -p "$prot" - <"$batch"
			run json "$tg" check --json --psl "$psl" -p "$prot" - \
			    <"$batch"
			run grep grep -Fxf "$prot" "$doms"
		else
			run grep grep -Fxf "$prot" "$doms"
			run json "$tg" check --json --psl "$psl" -p "$prot" - \
			    <"$batch"
			run text "$tg" check --psl "$psl" -p "$prot" - <"$batch"
		fi
		run start "$tg" check --psl "$psl" -p "$prot" </dev/null
		i=$((i + 1))
	done
	t_text=$(median <"$tmp/t.text")
	t_json=$(median <"$tmp/t.json")
	t_grep=$(median <"$tmp/t.grep")
	t_start=$(median <"$tmp/t.start")
	awk -v n="$lines" -v tt="$t_text" -v tj="$t_json" -v tg="$t_grep" \
	    -v ts="$t_start" 'BEGIN {
		printf "%-22s %10s %12s %14s %11s\n", "command", "seconds",
		    "lines/s", "lines/s -start", "time/grep";
		printf "%-22s %10.3f %12.0f %14.0f %10.2fx\n",
		    "typoguard check", tt / 1e9, n * 1e9 / tt,
		    n * 1e9 / (tt - ts), tt / tg;
		printf "%-22s %10.3f %12.0f %14.0f %10.2fx\n",
		    "typoguard check --json", tj / 1e9, n * 1e9 / tj,
		    n * 1e9 / (tj - ts), tj / tg;
		printf "%-22s %10.3f %12.0f %14s %10.2fx\n", "grep -Fxf",
		    tg / 1e9, n * 1e9 / tg, "", 1;
		printf "startup of typoguard check (index of the list and " \
		    "the bundled lists, empty input): %.3f s\n", ts / 1e9;
		printf "time/grep = time of the command / time of grep " \
		    "(how many times slower than the exact-match floor); " \
		    "lines/s -start = lines / (time - startup)\n" }'
	for name in text json grep start; do
		printf 'times %s (ns):' "$name"
		tr '\n' ' ' <"$tmp/t.$name"
		echo
	done
fi
