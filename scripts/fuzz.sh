#!/bin/sh
# fuzz.sh - run one libFuzzer target for a while.
#
#     scripts/fuzz.sh TARGET [SECONDS [LIBFUZZER-OPTION...]]
#
# TARGET is addr, domain, idna, addrlist, psl, list, check, detect or mime
# (tests/fuzz/fuzz_TARGET.c), or a validator: card, iban, aba, ssn or mrz
# (tests/fuzz/fuzz_validate.c built for it), or conf (typoguard-milter's
# configuration and InternalHosts parsers); SECONDS
# defaults to 60.  Builds build-fuzz (clang, libFuzzer, ASan + UBSan, only
# the fuzz target), copies the target's corpus, tests/fuzz/TARGET/, to a
# scratch directory in build-fuzz so the repository is left alone, and
# fuzzes it.  Needs clang and libclang-rt-14-dev (README.md).  Extra
# arguments go to libFuzzer, e.g. -jobs=2 -workers=2.
set -eu
cd "$(dirname "$0")/.."

usage() {
	echo "usage: scripts/fuzz.sh addr|domain|idna|addrlist|psl|list|check|detect|mime" \
	    "| card|iban|aba|ssn|mrz | dicom|exif|office | conf [SECONDS [OPTION...]]" >&2
	exit 64
}

[ $# -ge 1 ] || usage
target=$1
shift
secs=60
if [ $# -ge 1 ]; then
	secs=$1
	shift
fi
case $secs in
'' | *[!0-9]*) usage ;;
esac
# -max_len: a little over each parser's input ceiling (typoguard.h), so
# the "too long" errors stay reachable.  addr has its option byte first.
case $target in
addr) max_len=4200 ;;           # TG_ADDR_INPUT_MAX 4096
domain | idna) max_len=1100 ;;  # TG_DOMAIN_INPUT_MAX 1024
addrlist) max_len=10000 ;;      # TG_ADDRLIST_MAX 2000 mailboxes "a,"
psl) max_len=20000 ;;           # a small list file
list) max_len=65536 ;;          # the target's own ceiling
check) max_len=2100 ;;          # option byte, recipient, NUL, sender
conf) max_len=8192 ;;           # a config file (CONF_LINE_MAX 4096 a line)
detect) max_len=65536 ;;        # a piece of text, options byte first
mime) max_len=200000 ;;         # option byte, then a message
card | iban | aba | ssn | mrz) max_len=4096 ;; # fuzz_validate.c's own ceiling
dicom | exif) max_len=65536 ;;  # a small file: the parsers' loops, not size
office) max_len=200000 ;;       # a zip with its XML parts
*) usage ;;
esac

build=build-fuzz
opts="-Dfuzzing_engine=libfuzzer -Db_sanitize=address,undefined
    -Db_lundef=false -Dc_args=-fno-sanitize-recover=all -Dtests=true"
# shellcheck disable=SC2086
if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" $opts
else
	meson configure "$build" $opts # in case it was set up otherwise
fi
meson compile -C "$build" "tests/fuzz/fuzz_$target"

corpus=$build/fuzz-corpus/$target
artifacts=$build/fuzz-artifacts/$target
mkdir -p "$corpus" "$artifacts"
cp "tests/fuzz/$target"/* "$corpus"/

# Leaks are errors; UBSan stops at the first report.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

dict=tests/fuzz/$target.dict
set -- -max_len="$max_len" -max_total_time="$secs" -timeout=10 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"
[ -f "$dict" ] && set -- -dict="$dict" "$@"

status=0
"$build/tests/fuzz/fuzz_$target" "$@" "$corpus" || status=$?

cat <<EOF

Corpus grown in $corpus; crashes, leaks and timeouts in $artifacts/.
To keep a crash as a reproducer (it then runs in 'meson test --suite fuzz'):
  $build/tests/fuzz/fuzz_$target -minimize_crash=1 -runs=100000 \\
      -artifact_prefix=$artifacts/ $artifacts/crash-...
  cp $artifacts/minimized-from-... tests/fuzz/$target/crash-<what-it-is>
(the smallest minimized-from-... is the last one written)
then fix the library, and check with
  meson test -C build --suite fuzz --print-errorlogs
To keep a few new inputs as seeds, pick small ones from the grown corpus:
  ls -S -r $corpus | head
EOF
exit $status
