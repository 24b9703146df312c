-- protocol.lua - typoguard-milter through the milter protocol: what it
-- negotiates, outbound and inbound mail, authenticated clients, many
-- recipients, an abort in the middle of a message, hold and tag at end of
-- message, a Postfix local submission, long macros and addresses, an
-- abrupt disconnect.
dofile(scripts .. "/common.lua")

-- Negotiation: only the steps used; the actions the config needs.
local conn = open()
for _, opt in ipairs({ SMFIP_NOHELO, SMFIP_NODATA, SMFIP_NOHDRS,
    SMFIP_NOEOH, SMFIP_NOBODY, SMFIP_NOUNKNOWN }) do
	check(mt.test_option(conn, opt), "step negotiated away: " .. opt)
end
check(not mt.test_option(conn, SMFIP_NOCONNECT), "connect kept")
check(not mt.test_option(conn, SMFIP_NORCPT), "rcpt kept")
check(mt.test_action(conn, SMFIF_QUARANTINE), "quarantine requested")
check(mt.test_action(conn, SMFIF_ADDHDRS), "add headers requested")
check(not mt.test_action(conn, SMFIF_CHGBODY), "no body change")

-- Outbound: the typo recipient is refused, the good one accepted.
smtp_connect(conn, "localhost", "127.0.0.1")
check(reply(conn) == SMFIR_CONTINUE, "outbound connect continues")
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail")
check(reply(conn) == SMFIR_CONTINUE, "mail continues")
ok(mt.rcptto(conn, "<bob@army.ml>"), "rcpt typo")
check(reply(conn) == SMFIR_REPLYCODE, "typo refused with a reply")
ok(mt.rcptto(conn, "<bob@army.mil>"), "rcpt good")
check(reply(conn) == SMFIR_CONTINUE, "good recipient accepted")
ok(mt.rcptto(conn, "<carol@example.com>"), "rcpt other")
check(reply(conn) == SMFIR_CONTINUE, "other recipient accepted")
ok(mt.eom(conn), "eom")
check(reply(conn) == SMFIR_CONTINUE, "eom continues")
check(not mt.eom_check(conn, MT_HDRADD), "no header on a clean message")
check(not mt.eom_check(conn, MT_QUARANTINE), "not held")

-- A second message on the same connection: many recipients.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 2")
for i = 1, 300 do
	if i % 3 == 0 then
		ok(mt.rcptto(conn, "<u" .. i .. "@gmial.com>"), "rcpt " .. i)
		check(reply(conn) == SMFIR_REPLYCODE, "typo " .. i)
	else
		ok(mt.rcptto(conn, "<u" .. i .. "@gmail.com>"), "rcpt " .. i)
		check(reply(conn) == SMFIR_CONTINUE, "good " .. i)
	end
end
ok(mt.eom(conn), "eom 2")
check(reply(conn) == SMFIR_CONTINUE, "eom 2 continues")

-- Abort in the middle: the held recipient of the aborted message must
-- not hold the next one.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 3")
ok(mt.rcptto(conn, "<dave@contso.com>"), "rcpt hold")
check(reply(conn) == SMFIR_CONTINUE, "hold recipient accepted")
ok(mt.abort(conn), "abort")
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 4")
ok(mt.rcptto(conn, "<dave@contoso.com>"), "rcpt 4")
ok(mt.eom(conn), "eom 4")
check(reply(conn) == SMFIR_CONTINUE, "eom 4 continues")
check(not mt.eom_check(conn, MT_QUARANTINE), "abort cleared the hold")

-- Hold: accepted at RCPT, quarantined at end of message.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 5")
ok(mt.rcptto(conn, "<dave@contso.com>"), "rcpt 5")
check(reply(conn) == SMFIR_CONTINUE, "hold recipient accepted")
ok(mt.eom(conn), "eom 5")
check(mt.eom_check(conn, MT_QUARANTINE,
    "typoguard: <dave@contso.com> typo-of=contoso.com kind=omission"),
    "quarantined with the reason")

-- Tag: a header naming the recipient finding.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 6")
ok(mt.rcptto(conn, "<erin@fabrikan.com>"), "rcpt 6")
check(reply(conn) == SMFIR_CONTINUE, "tag recipient accepted")
ok(mt.eom(conn), "eom 6")
check(mt.eom_check(conn, MT_HDRADD, "X-Typoguard-Recipient",
    "<erin@fabrikan.com> typo-of=fabrikam.com kind=replacement+homoglyph"),
    "tag header")
check(not mt.eom_check(conn, MT_QUARANTINE), "tag does not hold")
mt.disconnect(conn)

-- Inbound: not an internal host, not authenticated: accepted at
-- connect, never looked at.
conn = open()
smtp_connect(conn, "mx.example.net", "192.0.2.1")
check(reply(conn) == SMFIR_CONTINUE, "inbound waits for MAIL (auth?)")
ok(mt.mailfrom(conn, "<x@example.net>"), "inbound mail")
check(reply(conn) == SMFIR_ACCEPT, "inbound message accepted unchecked")
mt.disconnect(conn)

-- Authenticated from outside: outbound.
conn = open()
smtp_connect(conn, "laptop.example.net", "198.51.100.7")
mt.macro(conn, SMFIC_MAIL, "{auth_authen}", "alice")
ok(mt.mailfrom(conn, "<alice@example.org>"), "auth mail")
check(reply(conn) == SMFIR_CONTINUE, "authenticated mail checked")
ok(mt.rcptto(conn, "<bob@army.ml>"), "auth rcpt")
check(reply(conn) == SMFIR_REPLYCODE, "authenticated typo refused")
mt.disconnect(conn)

-- IPv6 loopback is internal by default; an IPv4-mapped one too.
conn = open()
smtp_connect(conn, "localhost", "::1")
ok(mt.mailfrom(conn, "<alice@example.org>"), "v6 mail")
ok(mt.rcptto(conn, "<bob@army.ml>"), "v6 rcpt")
check(reply(conn) == SMFIR_REPLYCODE, "v6 typo refused")
mt.disconnect(conn)
conn = open()
smtp_connect(conn, "localhost", "::ffff:127.0.0.1")
ok(mt.mailfrom(conn, "<alice@example.org>"), "mapped mail")
ok(mt.rcptto(conn, "<bob@army.ml>"), "mapped rcpt")
check(reply(conn) == SMFIR_REPLYCODE, "mapped typo refused")
mt.disconnect(conn)

-- Postfix sendmail/pickup: cleanup emulates SMTP, without the macros only
-- smtpd knows.  No RCPT-time reject; the whole message at its end.
conn = open()
mt.macro(conn, SMFIC_CONNECT, "v", "Postfix 3.7.11")
ok(mt.conninfo(conn, "localhost", "127.0.0.1"), "local conninfo")
mt.macro(conn, SMFIC_MAIL, "i", "4XyZ1234")
ok(mt.mailfrom(conn, "<root@lab.invalid>"), "local mail")
ok(mt.rcptto(conn, "<bob@army.ml>"), "local rcpt typo")
check(reply(conn) == SMFIR_CONTINUE, "no RCPT reject for local mail")
ok(mt.rcptto(conn, "<bob@army.mil>"), "local rcpt good")
check(reply(conn) == SMFIR_CONTINUE, "local good rcpt")
ok(mt.eom(conn), "local eom")
check(reply(conn) == SMFIR_REPLYCODE, "local message refused at its end")
check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.1.2",
    "<bob@army.ml>: army.ml looks like a typo of army.mil (tld-typo); " ..
    "did you mean bob@army.mil or bob@army.nl? If army.ml is a genuine " ..
    "correspondent, ask your postmaster to allowlist it"),
    "the whole-message reply names the typo and the suggestion")
mt.disconnect(conn)

-- Long macros and a long address (as long as miltertest can send: its
-- buffer holds about 1000 bytes a command): no crash, a defined answer.
conn = open()
local long = string.rep("v", 900)
mt.macro(conn, SMFIC_CONNECT, "v", "Postfix " .. long)
mt.macro(conn, SMFIC_CONNECT, "{client_connections}", string.rep("9", 900))
ok(mt.conninfo(conn, string.rep("h", 900), "127.0.0.1"), "long conninfo")
check(reply(conn) == SMFIR_CONTINUE, "long connect info taken")
mt.macro(conn, SMFIC_MAIL, "{auth_authen}", long)
mt.macro(conn, SMFIC_MAIL, "i", long)
ok(mt.mailfrom(conn, "<" .. string.rep("a", 900) .. "@example.org>"),
    "long mail")
check(reply(conn) == SMFIR_CONTINUE, "long sender taken")
mt.macro(conn, SMFIC_RCPT, "i", long)
ok(mt.rcptto(conn, "<" .. string.rep("b", 900) .. "@army.ml>"), "long rcpt")
check(reply(conn) == SMFIR_CONTINUE or reply(conn) == SMFIR_REPLYCODE,
    "long recipient answered")
ok(mt.rcptto(conn, "<bob@army.ml>"), "rcpt after long")
check(reply(conn) == SMFIR_REPLYCODE, "typo after long macros refused")
ok(mt.eom(conn), "eom after long")
check(reply(conn) == SMFIR_CONTINUE, "eom after long macros")
mt.disconnect(conn)

-- An abrupt disconnect in the middle of a message; the filter serves on.
conn = open()
smtp_connect(conn, "localhost", "127.0.0.1")
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail before cut")
ok(mt.rcptto(conn, "<dave@contso.com>"), "rcpt before cut")
mt.disconnect(conn, false)
conn = open()
smtp_connect(conn, "localhost", "127.0.0.1")
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail after cut")
ok(mt.rcptto(conn, "<bob@army.ml>"), "rcpt after cut")
check(reply(conn) == SMFIR_REPLYCODE, "still serving after a cut")
mt.disconnect(conn)
