"""The e-mail channel through the real binary: `kefu channel add|list`, `kefu serve` running it against the Dovecot and
Postfix of scripts/lib/mail-for-tests.sh, secrets sealed on disk, and `kefu secrets rotate`."""
import json
import os
import stat
import time
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest

from mail_servers import HOST, imap, start_dovecot, stop_dovecot, write_maildir

pytestmark = pytest.mark.skipif(not HOST, reason="needs KEFU_TEST_MAIL_HOST (scripts/lib/mail-for-tests.sh)")


def new_mailbox() -> str:
    name = "Sys-" + uuid.uuid4().hex[:8]
    client = imap()
    client.create(name)
    client.logout()
    return name


def append(mailbox: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = "Buyer <buyer@kefu.test>"
    message["To"] = "shop@kefu.test"
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@kefu.test>"
    message.set_content(body)
    client = imap()
    client.append(mailbox, None, None, message.as_bytes())
    client.logout()


def add_channel(kefu, store_id: str, mailbox: str, password: str) -> str:
    out = kefu.command(
        "channel", "add", "--store", store_id, "--kind", "email",
        "--imap-url", f"imap://shop%40kefu.test@{HOST}:10143/{mailbox}?starttls=required",
        "--smtp-url", f"smtp://shop%40kefu.test@{HOST}:10025?starttls=required",
        "--address", "shop@kefu.test", "--poll-seconds", "5", "--password-stdin", "--json", stdin=password + "\n")
    return json.loads(out)["id"]


def channels(kefu, store_id: str) -> dict:
    return {c["id"]: c for c in json.loads(kefu.command("channel", "list", "--store", store_id, "--json"))}


def wait_for(what, condition, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_mail_arrives_a_wrong_password_shows_and_secrets_stay_sealed(kefu, tmp_path):
    store_id = kefu.set_up_workspace()["store"]["id"]
    good_box, bad_box = new_mailbox(), new_mailbox()
    append(good_box, "Where is my order?", "I ordered last week and nothing came.")
    good = add_channel(kefu, store_id, good_box, "shop-pass")
    bad = add_channel(kefu, store_id, bad_box, "not-the-password")
    listed = channels(kefu, store_id)
    assert set(listed) == {good, bad}
    assert set(listed[good]) == {"id", "kind", "status", "lastSyncAt", "lastError", "backlog"}
    assert listed[good]["status"] == "starting"

    kefu.env["KEFU_CHANNEL_INTERVAL"] = "1"
    kefu.start()
    token = kefu.login()
    wait_for("the buyer's mail in the inbox", lambda: kefu.request("GET", "/api/v1/conversations", bearer=token)[1]["items"])
    def reported():
        now = channels(kefu, store_id)
        return now if now[bad]["status"] == "error" and now[good]["status"] == "connected" else None

    listed = wait_for("both channels to report", reported)
    assert "refused the login of shop@kefu.test" in listed[bad]["lastError"]
    assert listed[good]["lastError"] is None and listed[good]["backlog"] == 0

    # A new mail shows while the server waits with IDLE.
    started = time.time()
    append(good_box, "Second question", "Can I change the colour?")
    wait_for("the second mail", lambda: len(kefu.request("GET", "/api/v1/conversations", bearer=token)[1]["items"]) == 2, 10)
    assert time.time() - started < 5

    if not os.environ.get("DATABASE_URL"):
        key = Path(kefu.env["KEFU_DATA_DIR"]) / "secret.key"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        database = (Path(kefu.env["KEFU_DATA_DIR"]) / "kefu.sqlite").read_bytes()
        assert b"shop-pass" not in database and b"not-the-password" not in database
        kefu.stop()
        old_key = key.read_text()
        assert "Re-sealed 2 channel(s)" in kefu.command("secrets", "rotate")
        assert key.read_text() != old_key and len(key.read_text().split()) == 1
        kefu.start()
        append(good_box, "Third question", "After the rotation.")
        wait_for("mail after the rotation", lambda: len(kefu.request("GET", "/api/v1/conversations", bearer=token)[1]["items"]) == 3)


def test_bad_channel_options_fail_with_a_message(kefu):
    store_id = kefu.set_up_workspace()["store"]["id"]
    with pytest.raises(RuntimeError, match="settings.imapURL: The scheme must be imap, imaps, smtp or smtps"):
        kefu.command("channel", "add", "--store", store_id, "--imap-url", "http://x", "--smtp-url", "smtp://a:b@c",
                     "--address", "a@b.c")
    with pytest.raises(RuntimeError, match="has no password"):
        kefu.command("channel", "add", "--store", store_id, "--imap-url", "imaps://a@b", "--smtp-url", "smtp://a:b@c",
                     "--address", "a@b.c")
    assert channels(kefu, store_id) == {}


def test_mail_server_stopped_in_the_middle_of_a_first_sync(kefu):
    """Dovecot goes away while the mailbox is being imported and comes back: every message once, none lost."""
    store_id = kefu.set_up_workspace()["store"]["id"]
    tag = "s" + uuid.uuid4().hex[:6]
    write_maildir(f"Sync-{tag}", 10_000, tag)
    kefu.env["KEFU_CHANNEL_INTERVAL"] = "1"
    kefu.start()
    token = kefu.login()
    channel_id = add_channel(kefu, store_id, f"Sync-{tag}", "shop-pass")
    slowest = 0.0

    def channel():
        # The API stays answerable while the import and the SLA monitor's warnings about the old mail write.
        nonlocal slowest
        started = time.monotonic()
        status, body = kefu.request("GET", f"/api/v1/channels/{channel_id}", bearer=token)
        slowest = max(slowest, time.monotonic() - started)
        assert status == 200, body
        return body

    try:
        wait_for("the import to start", lambda: channel()["synced"] >= 100)
        stop_dovecot()
        stopped = wait_for("the channel to notice", lambda: (lambda c: c if c["status"] == "error" else None)(channel()))
        assert stopped["synced"] < 10_000, "the import ended before the server went away"
    finally:
        start_dovecot()
    wait_for("the import to finish", lambda: channel()["status"] == "connected", 120)
    assert slowest < 3, f"a request waited {slowest:.1f} s behind the import"
    status, listed = kefu.request("GET", "/api/v1/conversations?limit=1", bearer=token)
    assert status == 200
    assert listed["counts"]["all"] == 10_000
