#!/bin/sh
# demo.sh - build typoguard and show what it does on bundled samples.
set -eu
cd "$(dirname "$0")/.."

scripts/deps.sh
if [ -f build/build.ninja ]; then
	meson setup --reconfigure build >/dev/null
else
	meson setup build >/dev/null
fi
meson compile -C build >/dev/null

tg=build/src/cli/typoguard
samples=data/samples/addresses.txt
show() {
	printf '\n$ %s\n' "$*"
	"$@" || printf '(exit %d)\n' "$?"
}

echo "typoguard $($tg --version | cut -d' ' -f2): addresses as an MTA sees them."
echo "Each line: the address in normal form, the domain in A-labels and"
echo "Unicode, its public suffix and registrable domain, or where and why"
echo "it is invalid (exit 65 when any input is invalid)."
show "$tg" domain 'Bob@ARMY.ML.'
show "$tg" domain 'x@bücher.de'
show "$tg" domain --json '<@relay.example:"jane doe"@Mail.Example.CO.UK>'
printf '\n$ %s domain - < %s\n' "$tg" "$samples"
"$tg" domain - < "$samples" || printf '(exit %d: some samples are invalid on purpose)\n' "$?"
