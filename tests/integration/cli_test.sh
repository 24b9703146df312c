#!/bin/sh
# cli_test.sh - golden tests of the typoguard command line, printed as TAP.
#
#   cli_test.sh TYPOGUARD CASEDIR
#
# A case is CASEDIR/NAME.cmd (the arguments, in sh syntax, after
# "typoguard"), with NAME.out (expected standard output), optionally
# NAME.in (standard input), NAME.rc (expected exit status, default 0) and
# NAME.err (a fixed string standard error must contain).  The bundled public
# suffix list comes in TYPOGUARD_TEST_PSL and is "$PSL" in a .cmd file, so
# results do not depend on the system's list.  Cases with a generated input live in this script.
set -u
tg=$1
dir=$2
PSL=${TYPOGUARD_TEST_PSL:?set TYPOGUARD_TEST_PSL to the bundled list}
export PSL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
fail=0
results=""

report() { # name ok|not-ok [diagnostic file]
	n=$((n + 1))
	if [ "$2" = ok ]; then
		results="${results}ok $n - $1
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
	elif [ -f "$base.err" ] && ! grep -qF -- "$(cat "$base.err")" "$tmp/err"; then
		{ echo "stderr lacks: $(cat "$base.err")"; cat "$tmp/err"; } >"$tmp/diag"
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

echo "1..$n"
printf '%s' "$results"
[ $fail -eq 0 ]
