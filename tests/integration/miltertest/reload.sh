#!/bin/sh
# reload.sh PID LOG NEWCONF CONF TEXT - one reload, for the Lua scripts
# (os.execute); see reload() in lib.sh.
. "$(dirname "$0")/lib.sh"
reload "$@"
