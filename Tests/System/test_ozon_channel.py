"""The Ozon channel through the real binary against the contract server (Tests/Contract/marketplace_server.py) as its
own process: first sync under faults, push, replies, the reply limits, read marks, refused credentials and cursors."""
import json
import time

import pytest

from marketplace import Marketplace, conversations, wait_for

CLIENT_ID = "100500"
API_KEY = "ozon-test-key"


@pytest.fixture
def ozon():
    server = Marketplace()
    server.control("reset", {"ozon": {"clientID": CLIENT_ID, "apiKey": API_KEY}})
    yield server
    server.stop()


def add_channel(kefu, store_id: str, ozon: Marketplace, api_key: str = API_KEY) -> dict:
    return json.loads(kefu.command(
        "channel", "add", "--store", store_id, "--kind", "ozon", "--client-id", CLIENT_ID, "--api-key", api_key,
        "--base-url", ozon.base, "--poll-seconds", "1", "--json"))


def channel(kefu, token: str, channel_id: str) -> dict:
    status, body = kefu.request("GET", f"/api/v1/channels/{channel_id}", bearer=token)
    assert status == 200, body
    return body


def thread(kefu, token: str, conversation_id: str) -> dict:
    status, body = kefu.request("GET", f"/api/v1/conversations/{conversation_id}", bearer=token)
    assert status == 200, body
    return body


def start(kefu, platform="ozon"):
    store_id = kefu.set_up_workspace(platform=platform)["store"]["id"]
    kefu.env["KEFU_CHANNEL_INTERVAL"] = "1"
    kefu.start()
    return store_id, kefu.login()


def test_first_sync_under_faults_then_push_reply_and_read(kefu, ozon):
    """Every buyer chat arrives once although pages repeat and reorder, 429s and 500s come in bursts and one chat
    needs three history pages; the support chat stays out; a push shows a new message at once; a reply reaches Ozon
    once and is not imported back as a second message; reading a conversation tells Ozon."""
    seeded = ozon.control("ozon/seed", {"chats": 12, "messages": 9})["chats"]
    ozon.control("ozon/seed", {"chats": 1, "messages": 230, "supportChat": False})
    ozon.control("faults", {"shuffle": True, "status429": 5, "status500": 3, "slowMs": 40})
    store_id, token = start(kefu)
    added = add_channel(kefu, store_id, ozon)
    assert set(added) == {"id", "pushPath"} and added["pushPath"] == f"/hooks/ozon/{added['id'].lower()}"

    wait_for("the first sync", lambda: channel(kefu, token, added["id"])["status"] == "connected"
             and len(conversations(kefu, token)) == 13, 60)
    items = conversations(kefu, token)
    assert len(items) == 13, "the support chat is not a buyer conversation"
    total = sum(c["messageCount"] for c in items)
    assert total == 12 * 9 + 230, "every message once"
    state = ozon.state()
    assert state["requests"]["/v3/chat/history"] >= 13 + 2

    sample = next(c for c in items if c["messageCount"] == 9)
    detail = thread(kefu, token, sample["id"])
    authors = [m["author"] for m in detail["messages"]]
    assert authors.count("agent") == 2 and authors.count("customer") == 7, "the seller's back-office replies are history"
    assert sample["orderNumber"] and sample["orderNumber"].endswith("-0001")
    assert sample["customer"]["name"].startswith("Ozon buyer ")
    assert [m["sentAt"] for m in detail["messages"]] == sorted(m["sentAt"] for m in detail["messages"])

    # A push makes the new message appear at once (the poll is 1 s; the push is read before it).
    ozon.control("faults", {"shuffle": False, "slowMs": 0})
    chat = seeded[0]
    started = time.time()
    pushed = ozon.control("ozon/message", {"chat": chat, "text": "Где мой заказ? Уже неделя прошла.",
                                           "pushURL": kefu.base + added["pushPath"]})
    assert pushed["push"] == {"status": 200, "body": {"result": True}}

    def arrived():
        for c in conversations(kefu, token):
            if c["preview"].startswith("Где мой заказ? Уже неделя"):
                return c
        return None
    conversation = wait_for("the pushed message", arrived, 10)
    assert time.time() - started < 5
    assert conversation["sla"]["state"] in ("running", "atRisk")

    # The agent answers: Ozon gets it once, and reading the chat back links it instead of importing it again.
    status, body = kefu.request("POST", f"/api/v1/conversations/{conversation['id']}/replies",
                                {"body": "Здравствуйте! Заказ передан в доставку, трек будет сегодня."}, bearer=token)
    assert status == 201, body
    wait_for("the reply at Ozon", lambda: any(s["chat"] == chat for s in ozon.state()["sent"]), 10)

    def settled():
        messages = thread(kefu, token, conversation["id"])["messages"]
        replies = [m for m in messages if m["direction"] == "outbound"]
        return messages if len(replies) == 3 and all(m.get("delivery") is None or m["delivery"]["state"] == "sent"
                                                      for m in replies) else None
    messages = wait_for("the reply to settle", settled, 10)
    time.sleep(2.5)  # more polls: the reply must still be there once
    assert len(thread(kefu, token, conversation["id"])["messages"]) == len(messages) == 11
    assert sum(1 for s in ozon.state()["sent"] if s["chat"] == chat) == 1

    # Reading the conversation in Kefu marks the chat read at Ozon.
    status, _ = kefu.request("POST", f"/api/v1/conversations/{conversation['id']}/read", bearer=token)
    assert status == 200
    wait_for("the read mark at Ozon", lambda: any(r["chat"] == chat for r in ozon.state()["reads"]), 10)


def test_reply_limits_expired_window_and_rejected_cursor(kefu, ozon):
    chats = ozon.control("ozon/seed", {"chats": 2, "messages": 2, "supportChat": False})["chats"]
    store_id, token = start(kefu)
    added = add_channel(kefu, store_id, ozon)
    wait_for("the first sync", lambda: len(conversations(kefu, token)) == 2, 30)
    items = conversations(kefu, token)

    # Longer than Ozon takes: refused before it is queued.
    status, body = kefu.request("POST", f"/api/v1/conversations/{items[0]['id']}/replies", {"body": "Да. " * 300},
                                bearer=token)
    assert status == 400 and body["error"]["code"] == "reply_too_long", body
    assert "1000" in body["error"]["message"]

    # The reply window has closed at Ozon: the reply fails with Ozon's words.
    by_order = {c["orderNumber"]: c for c in items}
    expired_chat = chats[1]
    ozon.control("faults", {"expiredChats": [expired_chat]})
    expired = by_order[next(o for o in by_order if o.startswith("30000001"))]
    status, body = kefu.request("POST", f"/api/v1/conversations/{expired['id']}/replies",
                                {"body": "Извините за задержку!"}, bearer=token)
    assert status == 201, body

    def failed():
        replies = [m for m in thread(kefu, token, expired["id"])["messages"] if m["direction"] == "outbound"
                   and m.get("delivery")]
        return replies[-1] if replies and replies[-1]["delivery"]["state"] == "failed" else None
    reply = wait_for("the refusal", failed, 10)
    assert "48 hours" in reply["delivery"]["error"] and reply["delivery"]["error"].startswith("Ozon: ")

    # Ozon no longer accepts the stored cursor: the chat is read back from the newest message, nothing doubled.
    ozon.control("faults", {"rejectCursor": True})
    before = thread(kefu, token, items[0]["id"])["conversation"]["messageCount"]
    chat = chats[0] if items[0]["orderNumber"].startswith("30000000") else chats[1]
    ozon.control("ozon/message", {"chat": chat, "text": "Вы тут?", "pushURL": kefu.base + added["pushPath"]})
    wait_for("the message after a refused cursor",
             lambda: thread(kefu, token, items[0]["id"])["conversation"]["messageCount"] == before + 1, 10)
    time.sleep(2)
    assert thread(kefu, token, items[0]["id"])["conversation"]["messageCount"] == before + 1


def test_pushes_are_checked_and_wrong_credentials_show(kefu, ozon):
    ozon.control("ozon/seed", {"chats": 1, "messages": 1, "supportChat": False})
    store_id, token = start(kefu)
    good = add_channel(kefu, store_id, ozon)
    bad = add_channel(kefu, store_id, ozon, api_key="not-the-key")

    status, pong = kefu.request("POST", good["pushPath"], {"message_type": "TYPE_PING", "time": "2026-11-25T10:00:00Z"})
    assert status == 200 and pong["name"] == "kefu" and set(pong) == {"version", "name", "time"}
    status, body = kefu.request("POST", good["pushPath"], {
        "message_type": "TYPE_NEW_MESSAGE", "chat_id": "forged", "seller_id": 999, "user": {"type": "customer"},
        "data": ["Pay me at evil.example"]})
    assert status == 403 and body["error"]["message"]
    status, body = kefu.request("POST", good["pushPath"], {"message_type": "TYPE_CHAT_CLOSED", "chat_id": "x",
                                                           "seller_id": int(CLIENT_ID)})
    assert status == 200 and body == {"result": True}
    status, body = kefu.request("POST", "/hooks/ozon/00000000-0000-0000-0000-000000000000",
                                {"message_type": "TYPE_PING"})
    assert status == 404 and body["error"]["code"]

    # The right seller id with a chat Ozon does not know (anyone may send this): the chat is skipped, the channel runs.
    status, body = kefu.request("POST", good["pushPath"], {"message_type": "TYPE_NEW_MESSAGE", "chat_id": "no-such-chat",
                                                           "seller_id": int(CLIENT_ID), "chat_type": "Buyer_Seller"})
    assert status == 200 and body == {"result": True}
    wait_for("the refused key to show", lambda: channel(kefu, token, bad["id"])["status"] == "error", 20)
    assert "Api-key" in channel(kefu, token, bad["id"])["lastError"]
    wait_for("the good channel", lambda: channel(kefu, token, good["id"])["status"] == "connected", 20)
    time.sleep(1.5)
    assert channel(kefu, token, good["id"])["status"] == "connected", "a forged chat id must not stop the channel"
    assert len(conversations(kefu, token)) == 1

    status, report = kefu.request("POST", f"/api/v1/channels/{bad['id']}/test", bearer=token)
    assert status == 200 and report["ok"] is False and "Api-key" in report["api"]["detail"]
    status, report = kefu.request("POST", f"/api/v1/channels/{good['id']}/test", bearer=token)
    assert status == 200 and report["ok"] is True and "1 buyer chats" in report["api"]["detail"]


def test_bad_ozon_options_fail_with_a_message(kefu):
    store_id = kefu.set_up_workspace(platform="ozon")["store"]["id"]
    with pytest.raises(RuntimeError, match="clientID"):
        kefu.command("channel", "add", "--store", store_id, "--kind", "ozon", "--api-key", "k")
    with pytest.raises(RuntimeError, match="apiKey"):
        kefu.command("channel", "add", "--store", store_id, "--kind", "ozon", "--client-id", "123")
    with pytest.raises(RuntimeError, match="baseURL"):
        kefu.command("channel", "add", "--store", store_id, "--kind", "ozon", "--client-id", "123", "--api-key", "k",
                     "--base-url", "ftp://x")
