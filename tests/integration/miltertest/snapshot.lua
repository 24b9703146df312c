-- snapshot.lua - a connection keeps the configuration it started with: a
-- reload in the middle changes the answer for new connections only.
-- -D narrow=CMD and -D back=CMD reload to a config protecting only
-- example.net, and back to the full one.
dofile(scripts .. "/common.lua")

local a = open()
smtp_connect(a, "localhost", "127.0.0.1")
ok(mt.mailfrom(a, "<alice@example.org>"), "mail a")
check(os.execute(narrow) == true, "reload to the narrow config")

ok(mt.rcptto(a, "<bob@army.ml>"), "rcpt a")
check(reply(a) == SMFIR_REPLYCODE, "the open connection keeps its config")

local b = open()
smtp_connect(b, "localhost", "127.0.0.1")
ok(mt.mailfrom(b, "<alice@example.org>"), "mail b")
ok(mt.rcptto(b, "<bob@army.ml>"), "rcpt b")
check(reply(b) == SMFIR_CONTINUE, "a new connection has the new config")
ok(mt.rcptto(b, "<bob@exampel.net>"), "rcpt b2")
check(reply(b) == SMFIR_REPLYCODE, "the new config protects example.net")
mt.disconnect(b)

-- The old connection goes on with the old config for its next message.
ok(mt.eom(a), "eom a")
ok(mt.mailfrom(a, "<alice@example.org>"), "mail a2")
ok(mt.rcptto(a, "<bob@exampel.net>"), "rcpt a2")
check(reply(a) == SMFIR_CONTINUE, "the old config does not know it")
mt.disconnect(a)
check(os.execute(back) == true, "reload back")
