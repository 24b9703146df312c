# lib.sh - shell helpers of the miltertest runner (sourced).

# wait_log FILE TEXT COUNT: waits until FILE has COUNT lines containing
# TEXT, at most 30 seconds.  tail -f follows the file (inotify), so
# nothing sleeps; returns non-zero on timeout.
wait_log() {
	_fifo=$1.wait.$$
	rm -f "$_fifo"
	mkfifo "$_fifo" || return 1
	tail -n +1 -f "$1" > "$_fifo" 2>/dev/null &
	_tail=$!
	# The shell reads a fifo a byte at a time: no buffering to wait on.
	timeout 30 sh -c '
	    n=0
	    while IFS= read -r line; do
		case $line in
		*"$1"*) n=$((n + 1)); [ $n -ge "$2" ] && exit 0 ;;
		esac
	    done
	    exit 1' wait_log "$2" "$3" < "$_fifo"
	_rc=$?
	kill "$_tail" 2>/dev/null
	wait "$_tail" 2>/dev/null
	rm -f "$_fifo"
	return $_rc
}

# count_log FILE TEXT: lines of FILE containing TEXT.
count_log() {
	grep -F -c -- "$2" "$1" 2>/dev/null || true
}

# reload PID LOG NEWCONF CONF TEXT: installs NEWCONF as CONF, sends
# SIGUSR1 and waits for one more log line containing TEXT ("reloaded" or
# "reload failed").
reload() {
	_before=$(count_log "$2" "$5")
	cp "$3" "$4" || return 1
	kill -USR1 "$1" || return 1
	wait_log "$2" "$5" $((_before + 1))
}
