-- content.lua - typoguard-milter with SeverityAction (run.sh starts it on
-- content.conf: "Protect reject army.mil", "SeverityAction high hold",
-- "ContentMaxBytes 64K"): what it negotiates, a message without a typo
-- accepted at DATA, a sensitive one held, a plain one refused as a
-- whole, one over the byte limit skipped and held, an abort mid-body.
dofile(scripts .. "/common.lua")

local conn = open()
for _, opt in ipairs({ SMFIP_NODATA, SMFIP_NOHDRS, SMFIP_NOBODY }) do
	check(not mt.test_option(conn, opt), "step kept: " .. opt)
end
check(mt.test_option(conn, SMFIP_NOHELO), "HELO negotiated away")
check(mt.test_option(conn, SMFIP_SKIP), "SMFIS_SKIP agreed")
check(mt.test_action(conn, SMFIF_QUARANTINE), "quarantine requested")
smtp_connect(conn, "localhost", "127.0.0.1")
check(reply(conn) == SMFIR_CONTINUE, "connect continues")

-- No typo recipient: done at DATA, nothing more is sent.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 1")
ok(mt.rcptto(conn, "<bob@army.mil>"), "rcpt 1")
check(reply(conn) == SMFIR_CONTINUE, "good recipient")
ok(mt.data(conn), "data 1")
check(reply(conn) == SMFIR_ACCEPT, "no typo: accepted at DATA")

-- Sensitive content to a typo: accepted at RCPT, held at the end.
-- A card number with a valid Luhn check digit.
local card = "4486 0112 3456 7891"
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 2")
ok(mt.rcptto(conn, "<bob@army.ml>"), "rcpt 2")
check(reply(conn) == SMFIR_CONTINUE, "typo accepted for now")
ok(mt.data(conn), "data 2")
check(reply(conn) == SMFIR_CONTINUE, "data 2 continues")
ok(mt.header(conn, "Subject", "travel card"), "header")
ok(mt.header(conn, "From", "<alice@example.org>"), "header")
ok(mt.bodystring(conn, "CUI\r\n\r\nGovernment travel card (Visa) "),
    "body chunk 1")
check(reply(conn) == SMFIR_CONTINUE, "body chunk 1 continues")
ok(mt.bodystring(conn, "for the trip: " .. card ..
    ", expires 11/26.\r\n\r\nCUI\r\n"), "body chunk 2")
check(reply(conn) == SMFIR_CONTINUE, "body chunk 2 continues")
ok(mt.eom(conn), "eom 2")
check(reply(conn) == SMFIR_CONTINUE, "eom 2 continues")
check(mt.eom_check(conn, MT_QUARANTINE, "typoguard: <bob@army.ml> " ..
    "typo-of=army.mil kind=tld-typo severity=critical"),
    "held, the reason names the severity")

-- Plain content to a typo and a good recipient: the whole message is
-- refused, the reply names the typo.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 3")
ok(mt.rcptto(conn, "<carol@army.mil>"), "rcpt 3 good")
ok(mt.rcptto(conn, "<bob@army.ml>"), "rcpt 3 typo")
check(reply(conn) == SMFIR_CONTINUE, "typo accepted for now")
ok(mt.header(conn, "Subject", "lunch"), "header 3")
ok(mt.bodystring(conn, "Soup on Monday, fish on Friday.\r\n"), "body 3")
ok(mt.eom(conn), "eom 3")
check(reply(conn) == SMFIR_REPLYCODE, "refused at the end")
check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.1.2",
    "<bob@army.ml>: army.ml looks like a typo of army.mil (tld-typo); " ..
    "did you mean bob@army.mil? The message was not sent to any " ..
    "recipient. If army.ml is a genuine correspondent, ask your " ..
    "postmaster to allowlist it"), "the reply")

-- Over ContentMaxBytes: the rest skipped, held as high.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 4")
ok(mt.rcptto(conn, "<bob@army.ml>"), "rcpt 4")
ok(mt.header(conn, "Subject", "big"), "header 4")
local chunk = string.rep("Soup and bread in the canteen today.\r\n", 1000)
ok(mt.bodystring(conn, chunk), "big chunk 1")
check(reply(conn) == SMFIR_CONTINUE, "under the limit: continue")
ok(mt.bodystring(conn, chunk), "big chunk 2")
check(reply(conn) == SMFIR_SKIP, "over the limit: skip the rest")
ok(mt.eom(conn), "eom 4")
check(mt.eom_check(conn, MT_QUARANTINE, "typoguard: <bob@army.ml> " ..
    "typo-of=army.mil kind=tld-typo severity=high"), "held as high")

-- An abort mid-body drops the buffer and the typo; the next message is
-- clean.
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 5")
ok(mt.rcptto(conn, "<bob@army.ml>"), "rcpt 5")
ok(mt.header(conn, "Subject", "x"), "header 5")
ok(mt.bodystring(conn, chunk), "body 5")
ok(mt.abort(conn), "abort")
ok(mt.mailfrom(conn, "<alice@example.org>"), "mail 6")
ok(mt.rcptto(conn, "<bob@army.mil>"), "rcpt 6")
ok(mt.data(conn), "data 6")
check(reply(conn) == SMFIR_ACCEPT, "after the abort: accepted at DATA")
mt.disconnect(conn)
