#!/bin/sh
# cli_test.sh - golden tests of the typoguard command line, printed as TAP.
#
#   cli_test.sh TYPOGUARD CASEDIR
#
# A case is CASEDIR/NAME.cmd (the arguments, in sh syntax, after
# "typoguard"), with NAME.out (expected standard output), optionally
# NAME.in (standard input), NAME.rc (expected exit status, default 0) and
# NAME.err (fixed strings, one per line, that standard error must each
# contain).  The bundled public suffix list comes in TYPOGUARD_TEST_PSL and
# is "$PSL" in a .cmd file, so results do not depend on the system's list;
# "$LISTS" is CASEDIR/lists, the list files the cases use.  The bundled
# lists come from TYPOGUARD_DATADIR (set by meson to the source tree's
# data/).  Cases with a generated input live in this script.
set -u
tg=$1
dir=$2
PSL=${TYPOGUARD_TEST_PSL:?set TYPOGUARD_TEST_PSL to the bundled list}
LISTS=$dir/lists
# The RPZ serial, so that its golden file is stable.
SOURCE_DATE_EPOCH=1700000000
export PSL LISTS SOURCE_DATE_EPOCH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
fail=0
results=""

report() { # name ok|not-ok|skip [diagnostic file | skip reason]
	n=$((n + 1))
	if [ "$2" = ok ]; then
		results="${results}ok $n - $1
"
	elif [ "$2" = skip ]; then
		results="${results}ok $n - $1 # SKIP ${3:-}
"
	else
		fail=$((fail + 1))
		results="${results}not ok $n - $1
"
		if [ -n "${3:-}" ] && [ -s "$3" ]; then
			results="${results}$(sed 's/^/# /' "$3")
"
		fi
	fi
}

for cmd in "$dir"/*.cmd; do
	name=$(basename "$cmd" .cmd)
	base=${cmd%.cmd}
	want_rc=0
	[ -f "$base.rc" ] && want_rc=$(cat "$base.rc")
	input=/dev/null
	[ -f "$base.in" ] && input=$base.in
	eval "set -- $(cat "$cmd")"
	"$tg" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	: >"$tmp/diag"
	if [ "$rc" -ne "$want_rc" ]; then
		echo "exit $rc, expected $want_rc" >"$tmp/diag"
		cat "$tmp/err" >>"$tmp/diag"
	elif [ -f "$base.out" ] && ! diff -u "$base.out" "$tmp/out" >>"$tmp/diag"; then
		:
	elif [ -f "$base.err" ]; then
		while IFS= read -r want; do
			if ! grep -qF -- "$want" "$tmp/err"; then
				{ echo "stderr lacks: $want"; cat "$tmp/err"; } >"$tmp/diag"
				break
			fi
		done <"$base.err"
	fi
	if [ -s "$tmp/diag" ]; then
		report "$name" not-ok "$tmp/diag"
	else
		report "$name" ok
	fi
done

# A 10 MB line with no newline: one bounded error line, then the next input.
{ head -c 10485760 /dev/zero | tr '\0' 'a'; printf '\nok@army.mil\n'; } >"$tmp/big"
"$tg" domain --psl "$PSL" --json - <"$tmp/big" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 65 ] && [ "$(wc -l <"$tmp/out")" -eq 2 ] &&
    grep -q '"code":"TG_ETOOLONG"' "$tmp/out" &&
    grep -q 'line 1 of 10485760 bytes' "$tmp/out" &&
    grep -q '"domain":"army.mil"' "$tmp/out"; then
	report "10 MB line is one bounded error, the next line still parses" ok
else
	{ echo "exit $rc"; head -c 2000 "$tmp/out"; cat "$tmp/err"; } >"$tmp/diag"
	report "10 MB line is one bounded error, the next line still parses" not-ok "$tmp/diag"
fi

# Many lines: every input gets exactly one output line, in order.
i=0
: >"$tmp/many"
while [ $i -lt 2000 ]; do
	echo "user$i@Host$i.Example.COM" >>"$tmp/many"
	i=$((i + 1))
done
"$tg" domain --psl "$PSL" - <"$tmp/many" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 2000 ] &&
    [ "$(sed -n '1999p' "$tmp/out" | cut -d' ' -f2)" = "address=user1998@host1998.example.com" ]; then
	report "2000 stdin lines give 2000 output lines in order" ok
else
	{ echo "exit $rc"; tail -3 "$tmp/out"; cat "$tmp/err"; } >"$tmp/diag"
	report "2000 stdin lines give 2000 output lines in order" not-ok "$tmp/diag"
fi

# Writing to a full device is an I/O error (74), not a silent success.
if [ -w /dev/full ]; then
	"$tg" domain --psl "$PSL" army.mil >/dev/full 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 74 ] && grep -q 'write error' "$tmp/err"; then
		report "write error on stdout exits 74" ok
	else
		{ echo "exit $rc"; cat "$tmp/err"; } >"$tmp/diag"
		report "write error on stdout exits 74" not-ok "$tmp/diag"
	fi
fi

# --- check --------------------------------------------------------------

# The bundled lists are looked for in $TYPOGUARD_DATADIR only, when set:
# none there is "input missing" (66), naming the file.
mkdir "$tmp/nodata"
TYPOGUARD_DATADIR=$tmp/nodata "$tg" check --psl "$PSL" a@example.org \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 66 ] && grep -q "protected-default.list not found" "$tmp/err" &&
    grep -qF "$tmp/nodata/protected-default.list" "$tmp/err"; then
	report "check: bundled list missing from TYPOGUARD_DATADIR exits 66" ok
else
	{ echo "exit $rc"; cat "$tmp/err"; } >"$tmp/diag"
	report "check: bundled list missing from TYPOGUARD_DATADIR exits 66" not-ok "$tmp/diag"
fi

# Without TYPOGUARD_DATADIR: the installed directory, then the source
# tree's data/ (a build tree run without installing).
(unset TYPOGUARD_DATADIR; "$tg" check --psl "$PSL" bob@army.ml) \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "typo of army.mil" "$tmp/out"; then
	report "check: finds the bundled lists without TYPOGUARD_DATADIR" ok
else
	{ echo "exit $rc"; cat "$tmp/out" "$tmp/err"; } >"$tmp/diag"
	report "check: finds the bundled lists without TYPOGUARD_DATADIR" not-ok "$tmp/diag"
fi

# A 10 MB line: one bounded invalid result, then the next line is checked.
"$tg" check --psl "$PSL" --json - <"$tmp/big" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 2 ] &&
    grep -q '"code":"TG_ETOOLONG"' "$tmp/out" &&
    grep -q '"input":"ok@army.mil","verdict":"protected"' "$tmp/out"; then
	report "check: 10 MB line is one bounded error, the next line is checked" ok
else
	{ echo "exit $rc"; head -c 2000 "$tmp/out"; cat "$tmp/err"; } >"$tmp/diag"
	report "check: 10 MB line is one bounded error, the next line is checked" not-ok "$tmp/diag"
fi

# Every input gets exactly one line, in order, from one index.
"$tg" check --psl "$PSL" - <"$tmp/many" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 2000 ] &&
    sed -n '1999p' "$tmp/out" | grep -q '^user1998@Host1998.Example.COM: '; then
	report "check: 2000 stdin lines give 2000 output lines in order" ok
else
	{ echo "exit $rc"; tail -3 "$tmp/out"; cat "$tmp/err"; } >"$tmp/diag"
	report "check: 2000 stdin lines give 2000 output lines in order" not-ok "$tmp/diag"
fi

if [ -w /dev/full ]; then
	"$tg" check --psl "$PSL" bob@army.ml >/dev/full 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 74 ] && grep -q 'write error' "$tmp/err"; then
		report "check: write error on stdout exits 74" ok
	else
		{ echo "exit $rc"; cat "$tmp/err"; } >"$tmp/diag"
		report "check: write error on stdout exits 74" not-ok "$tmp/diag"
	fi
	"$tg" variants --psl "$PSL" gmail.com >/dev/full 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 74 ] && grep -q 'write error' "$tmp/err"; then
		report "variants: write error on stdout exits 74" ok
	else
		{ echo "exit $rc"; cat "$tmp/err"; } >"$tmp/diag"
		report "variants: write error on stdout exits 74" not-ok "$tmp/diag"
	fi
fi

# --- variants: one full run in every format -----------------------------

# The formats agree on the number of variants N (gmail.com, all kinds):
# list and json N lines, csv N + a header, the blocklists their headers,
# N entries (postfix-transport two per name: the name and its
# subdomains) and a footer that says N.
: >"$tmp/diag"
"$tg" variants --psl "$PSL" gmail.com >"$tmp/list" 2>>"$tmp/diag"
N=$(wc -l <"$tmp/list")
count_of() { # format: prints the line count, or "exit N"
	"$tg" variants --psl "$PSL" --format "$1" gmail.com >"$tmp/v.$1" \
	    2>>"$tmp/diag" || { echo "exit $?"; return; }
	wc -l <"$tmp/v.$1"
}
want_json=$N
want_csv=$((N + 1))
want_ptrans=$((3 + 2 * N + 1))
want_paccess=$((2 + N + 1))
want_sendmail=$((2 + N + 1))
want_rpz=$((5 + 2 * N + 1))
for f in json csv postfix-transport postfix-access sendmail-access rpz; do
	got=$(count_of "$f")
	case $f in
	json) want=$want_json ;;
	csv) want=$want_csv ;;
	postfix-transport) want=$want_ptrans ;;
	postfix-access) want=$want_paccess ;;
	sendmail-access) want=$want_sendmail ;;
	rpz) want=$want_rpz ;;
	esac
	[ "$got" = "$want" ] ||
	    echo "$f: $got lines, expected $want (list has $N)" >>"$tmp/diag"
done
for f in postfix-transport postfix-access sendmail-access rpz; do
	tail -1 "$tmp/v.$f" | grep -q " end: $N names\$" ||
	    echo "$f: footer $(tail -1 "$tmp/v.$f"), expected $N names" >>"$tmp/diag"
done
# rspamd: a comment header per kind, then the names.
count_of rspamd >/dev/null
[ "$(grep -vc '^#' "$tmp/v.rspamd")" -eq "$N" ] ||
    echo "rspamd: $(grep -vc '^#' "$tmp/v.rspamd") names, expected $N" >>"$tmp/diag"
# Each name once, and the same names in list and json.
[ "$(sort -u "$tmp/list" | wc -l)" -eq "$N" ] ||
    echo "list: names repeat" >>"$tmp/diag"
sed 's/.*"variant":"\([^"]*\)".*/\1/' "$tmp/v.json" | cmp -s - "$tmp/list" ||
    echo "json variants differ from list" >>"$tmp/diag"
if [ "$N" -gt 1000 ] && [ ! -s "$tmp/diag" ]; then
	report "variants: every format of a full run of gmail.com has its $N names" ok
else
	echo "list has $N names" >>"$tmp/diag"
	report "variants: every format of a full run of gmail.com has its names" not-ok "$tmp/diag"
fi

# A name that two domains give is written once (a table key).
"$tg" variants --psl "$PSL" --format postfix-access gmail.com gmail.com \
    >"$tmp/out" 2>"$tmp/err"
if cmp -s "$tmp/out" "$tmp/v.postfix-access"; then
	report "variants: a name given by two domains is written once" ok
else
	diff "$tmp/v.postfix-access" "$tmp/out" | head -5 >"$tmp/diag"
	report "variants: a name given by two domains is written once" not-ok "$tmp/diag"
fi

# Protected names are left out: dia.mil is a homoglyph of dla.mil.
"$tg" variants --psl "$PSL" --kinds homoglyph dla.mil >"$tmp/out" 2>"$tmp/err"
"$tg" variants --psl "$PSL" --kinds homoglyph -p "$LISTS/dia.list" \
    dla.mil >"$tmp/out2" 2>>"$tmp/err"
if grep -qx dia.mil "$tmp/out" && ! grep -qx dia.mil "$tmp/out2" &&
    [ "$(grep -vx dia.mil "$tmp/out" | cmp - "$tmp/out2" && echo same)" = same ]; then
	report "variants: -p leaves the protected dia.mil out of dla.mil's variants" ok
else
	{ grep -c . "$tmp/out" "$tmp/out2"; cat "$tmp/err"; } >"$tmp/diag"
	report "variants: -p leaves the protected dia.mil out of dla.mil's variants" not-ok "$tmp/diag"
fi

# The RPZ zone loads in BIND: named-checkzone (Debian: bind9-utils).
name="variants: an RPZ zone of several domains passes named-checkzone"
if command -v named-checkzone >/dev/null 2>&1; then
	"$tg" variants --psl "$PSL" --format rpz gmail.com army.mil .mil \
	    bücher.de mail.army.mil >"$tmp/zone" 2>"$tmp/err"
	if named-checkzone -k fail -i local rpz.typoguard.test "$tmp/zone" \
	    >"$tmp/diag" 2>&1; then
		report "$name" ok
	else
		cat "$tmp/err" >>"$tmp/diag"
		report "$name" not-ok "$tmp/diag"
	fi
else
	report "$name" skip "named-checkzone not installed (apt-get install bind9-utils)"
fi

echo "1..$n"
printf '%s' "$results"
[ $fail -eq 0 ]
