#!/bin/sh
# run.sh MILTER - typoguard-milter against miltertest(8), as TAP.
#
# Starts the built daemon in the foreground on a unix socket in a
# temporary directory, with a config that rejects typos of the bundled
# list, holds typos of contoso.com and tags typos of fabrikam.com; runs
# the Lua scripts of this directory; checks the daemon's log; reloads the
# config under load (one bad config among good ones); stops it.  Nothing
# waits by sleeping: readiness and reloads are seen in the log
# (wait_log, lib.sh).
#
# Environment (meson sets them): TYPOGUARD_DATADIR, the source data/;
# TYPOGUARD_TEST_PSL, the bundled public suffix list.
set -u
milter=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/# /'
}
t() { # t NAME COMMAND...: a test that passes when COMMAND succeeds
	_name=$1
	shift
	if _out=$("$@" 2>&1); then pass "$_name"; else fail "$_name" "$_out"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tg-miltertest.XXXXXX") || exit 1
# The daemon drops to nobody when run as root: let it read its files.
chmod 755 "$tmp"
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# The daemon reads its data again at every reload, as nobody, and the
# checkout may lie under a directory only root can enter: copies here.
mkdir "$tmp/tgdata"
for f in "$TYPOGUARD_DATADIR"/*; do
	[ -f "$f" ] && cp "$f" "$tmp/tgdata/"
done
cp "$TYPOGUARD_TEST_PSL" "$tmp/tgdata/public_suffix_list.dat"
chmod 755 "$tmp/tgdata"
chmod 644 "$tmp/tgdata"/*
TYPOGUARD_DATADIR=$tmp/tgdata
TYPOGUARD_TEST_PSL=$tmp/tgdata/public_suffix_list.dat
export TYPOGUARD_DATADIR TYPOGUARD_TEST_PSL

sock=unix:$tmp/milter.sock
cat > "$tmp/full.conf" <<EOC
Socket $sock
UserID nobody
PublicSuffixList $TYPOGUARD_TEST_PSL
ProtectedList reject protected-default.list
Protect hold contoso.com
Protect tag fabrikam.com
LogLevel debug
EOC
cat > "$tmp/narrow.conf" <<EOC
Socket $sock
UserID nobody
PublicSuffixList $TYPOGUARD_TEST_PSL
Protect reject example.net
KnownLegitimate no
LogLevel debug
EOC
cat > "$tmp/content.conf" <<EOC
Socket unix:$tmp/content.sock
UserID nobody
PublicSuffixList $TYPOGUARD_TEST_PSL
Protect reject army.mil
SeverityAction high hold
ContentMaxBytes 64K
EOC
cp "$tmp/full.conf" "$tmp/bad.conf"
printf 'Threshold 7\n' >> "$tmp/bad.conf"
cp "$tmp/full.conf" "$tmp/milter.conf"
chmod 644 "$tmp"/*.conf
log=$tmp/log

echo "1..16"

# -n: the bundled config is good; a broken one names FILE:LINE, exit 78.
t "-n on the bundled config" "$milter" -n
out=$("$milter" -n -c "$tmp/bad.conf" 2>&1)
rc=$?
if [ $rc = 78 ] && printf '%s' "$out" | grep -q "^$tmp/bad.conf:8: Threshold: 7 is out of range"; then
	pass "-n on a broken config: 78 and FILE:LINE"
else
	fail "-n on a broken config: 78 and FILE:LINE" "rc=$rc $out"
fi

"$milter" -f -c "$tmp/milter.conf" 2>>"$log" &
pid=$!
t "ready" wait_log "$log" " ready socket=$sock" 1

t "protocol.lua" miltertest -D socket="$sock" -D scripts="$here" \
    -s "$here/protocol.lua"

has() { # has TEXT: the log has a line containing TEXT
	grep -F -q -- "$1" "$log" || { echo "no log line with: $1"; return 1; }
}
t "log: reject with the reply text" has 'NOQUEUE: action=reject rcpt=<bob@army.ml> intended=army.mil kind=tld-typo score=0.86 suggestion=<bob@army.mil> also=army.nl from=<alice@example.org> client=localhost[127.0.0.1] reply="550 5.1.2 <bob@army.ml>: army.ml looks like a typo of army.mil (tld-typo); did you mean bob@army.mil or bob@army.nl? If army.ml is a genuine correspondent, ask your postmaster to allowlist it"'
t "log: hold and tag at end of message" sh -c "
    grep -F -q 'NOQUEUE: action=hold rcpt=<dave@contso.com> intended=contoso.com kind=omission' '$log' &&
    grep -F -q 'NOQUEUE: action=tag rcpt=<erin@fabrikan.com> intended=fabrikam.com' '$log' &&
    [ \$(grep -F -c 'action=hold rcpt=<dave@contso.com>' '$log') = 1 ]"
t "log: local submission refused at end, with its queue id" has \
    '4XyZ1234: action=reject rcpt=<bob@army.ml> intended=army.mil'
t "log: inbound mail not logged above debug" sh -c "
    ! grep -E 'mx[.]example[.]net|x@example[.]net' '$log' |
    grep -v 'debug: ' | grep -q . &&
    grep -q 'debug: mail from mx.example.net.192.0.2.1.: inbound' '$log'"

# In-flight connections keep their snapshot.
t "snapshot.lua" miltertest -D socket="$sock" -D scripts="$here" \
    -D narrow="$here/reload.sh $pid $log $tmp/narrow.conf $tmp/milter.conf reloaded" \
    -D back="$here/reload.sh $pid $log $tmp/full.conf $tmp/milter.conf reloaded" \
    -s "$here/snapshot.lua"

# Reloads under load: 20 reloads, the 10th a bad config, while load.lua
# runs sessions that assert the answers.
miltertest -D socket="$sock" -D scripts="$here" -D rounds=300 \
    -s "$here/load.lua" > "$tmp/load.out" 2>&1 &
load=$!
reloads_ok=1
i=1
while [ $i -le 20 ]; do
	if [ $i = 10 ]; then
		reload "$pid" "$log" "$tmp/bad.conf" "$tmp/milter.conf" \
		    "reload failed" || reloads_ok=0
	else
		reload "$pid" "$log" "$tmp/full.conf" "$tmp/milter.conf" \
		    "reloaded" || reloads_ok=0
	fi
	i=$((i + 1))
done
wait $load
load_rc=$?
if [ $load_rc = 0 ] && [ $reloads_ok = 1 ]; then
	pass "300 sessions during 20 reloads"
else
	fail "300 sessions during 20 reloads" "load rc=$load_rc reloads_ok=$reloads_ok $(cat "$tmp/load.out")"
fi
t "log: the bad reload refused with FILE:LINE, the rest reloaded" sh -c "
    grep -q 'reload failed, the running configuration stays: $tmp/milter.conf:8: Threshold' '$log' &&
    [ \$(grep -c 'reloaded config=' '$log') = 21 ]"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
if [ $rc = 0 ] && grep -q ': stopped$' "$log"; then
	pass "SIGTERM stops it, exit 0"
else
	fail "SIGTERM stops it, exit 0" "rc=$rc"
fi
t "no sanitizer report" sh -c "! grep -E -q 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' '$log'"

# Started as root with a user that does not exist: runs as nobody, with
# a warning that says so.
if [ "$(id -u)" = 0 ]; then
	ulog=$tmp/user.log
	"$milter" -f -c "$tmp/milter.conf" -p "unix:$tmp/user.sock" \
	    -u tg-no-such-user 2>>"$ulog" &
	upid=$!
	if wait_log "$ulog" " ready socket=unix:$tmp/user.sock" 1 >/dev/null &&
	    grep -q 'user "tg-no-such-user" does not exist: running as nobody' "$ulog" &&
	    grep -q ' ready .* user=nobody ' "$ulog" &&
	    [ "$(awk '/^Uid:/ { print $3 }' "/proc/$upid/status")" = "$(id -u nobody)" ]; then
		pass "a missing user: runs as nobody, with a warning"
	else
		fail "a missing user: runs as nobody, with a warning" "$(cat "$ulog")"
	fi
	kill -TERM "$upid"
	wait "$upid"
else
	echo "ok $((n = n + 1)) # SKIP not root: no user to drop to"
fi

# Content rules: the body negotiated, buffered, classified (content.lua).
clog=$tmp/content.log
"$milter" -f -c "$tmp/content.conf" 2>>"$clog" &
cpid=$!
if wait_log "$clog" " ready socket=unix:$tmp/content.sock" 1 >/dev/null &&
    out=$(miltertest -D socket="unix:$tmp/content.sock" -D scripts="$here" \
    -s "$here/content.lua" 2>&1); then
	pass "content.lua"
else
	fail "content.lua" "$out $(tail -n 20 "$clog")"
fi
kill -TERM "$cpid"
wait "$cpid"
crc=$?
if [ $crc = 0 ] && [ "$(grep -c 'content=classified' "$clog")" = 3 ] &&
    ! grep -E -q 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer|4486|Soup' "$clog"; then
	pass "content: three messages classified, no text logged, clean exit"
else
	fail "content: three messages classified, no text logged, clean exit" "rc=$crc $(cat "$clog")"
fi

if [ $failed -gt 0 ]; then
	echo "# log:"
	sed 's/^/#   /' "$log" | tail -n 40
	exit 1
fi
exit 0
