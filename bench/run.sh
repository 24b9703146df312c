#!/bin/sh
# Builds the benchmarks in a release configuration (build-bench/) and runs
# them, after printing the facts about the machine that BENCHMARKS.md
# records.  Works from any directory.
#
# Usage: bench/run.sh [COUNT [REPETITIONS]]
#   arguments go to bench_normalise (defaults 1000000 and 5)
set -eu
cd "$(dirname "$0")/.."

builddir=build-bench

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
meson compile -C "$builddir" bench/bench_normalise >&2

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

# One line per benchmark program; BENCHMARKS.md has a section for each.
"$builddir/bench/bench_normalise" "$@"
