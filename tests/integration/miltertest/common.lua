-- common.lua - helpers for the typoguard-milter miltertest scripts.
-- The runner (run.sh) passes the socket as -D socket=SPEC.  miltertest
-- exits 1 on a Lua error without printing it: say it first.

function check(cond, what)
	if not cond then
		print("FAILED: " .. what)
		error("FAILED: " .. what, 2)
	end
end

function ok(err, what)
	if err ~= nil then
		print("FAILED: " .. what .. ": " .. tostring(err))
		error("FAILED: " .. what .. ": " .. tostring(err), 2)
	end
end

-- A negotiated connection.
function open()
	local conn = mt.connect(socket, 1, 0)
	check(conn ~= nil, "connect to " .. socket)
	ok(mt.negotiate(conn, nil, nil, nil), "negotiate")
	return conn
end

-- Connect info as Postfix's smtpd sends it: v and {client_connections}.
function smtp_connect(conn, host, addr)
	mt.macro(conn, SMFIC_CONNECT, "v", "Postfix 3.7.11",
	    "{client_connections}", "1")
	ok(mt.conninfo(conn, host, addr), "conninfo " .. addr)
end

function reply(conn)
	return mt.getreply(conn)
end
