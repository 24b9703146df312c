-- load.lua - many short sessions, each checking that a typo is refused
-- and a good recipient accepted; run while the config is reloaded.
-- -D rounds=N (default 200).
dofile(scripts .. "/common.lua")

local n = tonumber(rounds or "200")
for i = 1, n do
	local conn = open()
	smtp_connect(conn, "localhost", "127.0.0.1")
	ok(mt.mailfrom(conn, "<alice@example.org>"), "mail " .. i)
	ok(mt.rcptto(conn, "<bob" .. i .. "@army.ml>"), "rcpt typo " .. i)
	check(reply(conn) == SMFIR_REPLYCODE, "typo refused " .. i)
	ok(mt.rcptto(conn, "<bob" .. i .. "@army.mil>"), "rcpt good " .. i)
	check(reply(conn) == SMFIR_CONTINUE, "good accepted " .. i)
	ok(mt.eom(conn), "eom " .. i)
	check(reply(conn) == SMFIR_CONTINUE, "eom " .. i)
	mt.disconnect(conn)
end
