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
show() {
	printf '\n$ %s\n' "$*"
	"$@" || printf '(exit %d)\n' "$?"
}

echo "typoguard $($tg --version | cut -d' ' -f2): is this recipient a slip of a"
echo "domain you mean to write to?  The bundled default protects the .mil and"
echo ".gov TLDs, the domains of our story and the big webmail providers"
echo "(data/protected-default.list).  Exit 1: at least one typo."
show "$tg" check bob@army.ml
show "$tg" check x@army.ml -P army.nl
show "$tg" check --json me@gmial.com
samples=data/samples/recipients.txt
printf '\n$ %s check - < %s\n' "$tg" "$samples"
"$tg" check - < "$samples" || printf '(exit %d)\n' "$?"

echo
echo "Every variant of a domain, for blocklists and defensive registration:"
printf '\n$ %s variants army.mil | wc -l\n' "$tg"
"$tg" variants army.mil | wc -l
show "$tg" variants --kinds tld-typo --format postfix-transport army.mil
show "$tg" variants .mil

echo
echo "And the address layer underneath: how an address parses."
show "$tg" domain 'Bob@ARMY.ML.'
show "$tg" domain 'x@bücher.de'

echo
echo "And the point of it all: typoguard-milter stopping such mail before it"
echo "leaves, in front of a real Postfix (a private instance on loopback)."
echo
python3 scripts/demo-milter.py build
