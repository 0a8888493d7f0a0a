"""The eBay channel through the real binary against the contract server: the refresh-token grant, first sync of member
conversations under faults, new messages, replies with eBay's ids, read marks, a revoked token and a refused grant."""
import json
import time

import pytest

from marketplace import Marketplace, conversations, wait_for

SELLER = "lumi_home"


@pytest.fixture
def ebay():
    server = Marketplace()
    server.control("reset", {"ebay": {"clientID": "kefu-test-app", "clientSecret": "ebay-test-secret",
                                      "refreshToken": "ebay-refresh-token", "sellerUsername": SELLER}})
    yield server
    server.stop()


def add_channel(kefu, store_id: str, ebay: Marketplace, refresh: str = "ebay-refresh-token") -> str:
    return json.loads(kefu.command(
        "channel", "add", "--store", store_id, "--kind", "ebay", "--client-id", "kefu-test-app",
        "--client-secret", "ebay-test-secret", "--refresh-token", refresh, "--seller-username", SELLER,
        "--base-url", ebay.base, "--poll-seconds", "1", "--json"))["id"]


def channel(kefu, token, channel_id):
    status, body = kefu.request("GET", f"/api/v1/channels/{channel_id}", bearer=token)
    assert status == 200, body
    return body


def thread(kefu, token, conversation_id):
    status, body = kefu.request("GET", f"/api/v1/conversations/{conversation_id}", bearer=token)
    assert status == 200, body
    return body


def test_sync_reply_read_and_a_revoked_token(kefu, ebay):
    seeded = ebay.control("ebay/seed", {"conversations": 8, "messages": 6})["conversations"]
    ebay.control("ebay/seed", {"conversations": 1, "messages": 120})
    ebay.control("faults", {"shuffle": True, "status429": 3, "status500": 2})
    store_id = kefu.set_up_workspace(platform="ebay")["store"]["id"]
    kefu.env["KEFU_CHANNEL_INTERVAL"] = "1"
    kefu.start()
    token = kefu.login()
    channel_id = add_channel(kefu, store_id, ebay)

    wait_for("the first sync", lambda: channel(kefu, token, channel_id)["status"] == "connected"
             and len(conversations(kefu, token)) == 9, 60)
    items = conversations(kefu, token)
    assert len(items) == 9, "eBay's own notices are not buyer conversations"
    assert sum(c["messageCount"] for c in items) == 8 * 6 + 120
    assert ebay.state()["tokensIssued"] == 1
    sample = next(c for c in items if c["messageCount"] == 6)
    assert sample["customer"]["name"].startswith("buyer_")
    assert sample["subject"].startswith("Question about item")
    authors = [m["author"] for m in thread(kefu, token, sample["id"])["messages"]]
    assert authors.count("agent") == 2 and authors.count("customer") == 4

    ebay.control("faults", {"shuffle": False})
    # A buyer writes again: the next look finds it.
    target = seeded[0]
    ebay.control("ebay/message", {"conversation": target, "text": "Hello? Any news on shipping?"})

    def arrived():
        for c in conversations(kefu, token):
            if c["preview"] == "Hello? Any news on shipping?":
                return c
        return None
    conversation = wait_for("the buyer's new message", arrived, 10)

    # The reply gets eBay's id and is not imported again by the next looks.
    status, body = kefu.request("POST", f"/api/v1/conversations/{conversation['id']}/replies",
                                {"body": "It ships today; the tracking number follows."}, bearer=token)
    assert status == 201, body
    wait_for("the reply at eBay", lambda: any(s["chat"] == target for s in ebay.state()["sent"]), 10)
    ebay.control("ebay/message", {"conversation": target, "text": "Thanks!"})
    wait_for("the thanks", lambda: thread(kefu, token, conversation["id"])["conversation"]["preview"] == "Thanks!", 10)
    messages = thread(kefu, token, conversation["id"])["messages"]
    assert len(messages) == 6 + 3
    reply = next(m for m in messages if m["direction"] == "outbound" and m.get("delivery"))
    assert reply["delivery"]["state"] == "sent"

    # A revoked token is made again from the refresh token.
    ebay.control("faults", {"revokeTokens": True})
    ebay.control("ebay/message", {"conversation": target, "text": "One more question."})
    wait_for("the message after a new token",
             lambda: thread(kefu, token, conversation["id"])["conversation"]["preview"] == "One more question.", 15)
    assert ebay.state()["tokensIssued"] == 2

    status, _ = kefu.request("POST", f"/api/v1/conversations/{conversation['id']}/read", bearer=token)
    assert status == 200
    wait_for("the read mark at eBay", lambda: any(r["chat"] == target and r["status"] == "READ"
                                                  for r in ebay.state()["reads"]), 10)


def test_tokens_are_renewed_before_they_expire(kefu, ebay):
    """Tokens that live 303 s are within the 5-minute margin after 3 s: Kefu makes a new one before using it, so eBay
    never has to refuse one."""
    ebay.control("reset", {"ebay": {"sellerUsername": SELLER, "tokenSeconds": 303}})
    target = ebay.control("ebay/seed", {"conversations": 1, "messages": 1})["conversations"][0]
    store_id = kefu.set_up_workspace(platform="ebay")["store"]["id"]
    kefu.env["KEFU_CHANNEL_INTERVAL"] = "1"
    kefu.start()
    token = kefu.login()
    channel_id = add_channel(kefu, store_id, ebay)
    wait_for("the first sync", lambda: channel(kefu, token, channel_id)["status"] == "connected", 20)
    time.sleep(4)
    ebay.control("ebay/message", {"conversation": target, "text": "Still there?"})
    wait_for("the new message", lambda: any(c["preview"] == "Still there?" for c in conversations(kefu, token)), 10)
    state = ebay.state()
    assert state["tokensIssued"] >= 2 and state["unauthorized"] == 0, state


def test_a_refused_refresh_token_shows(kefu, ebay):
    ebay.control("ebay/seed", {"conversations": 1, "messages": 1})
    store_id = kefu.set_up_workspace(platform="ebay")["store"]["id"]
    kefu.env["KEFU_CHANNEL_INTERVAL"] = "1"
    kefu.start()
    token = kefu.login()
    channel_id = add_channel(kefu, store_id, ebay, refresh="expired-token")
    wait_for("the error", lambda: channel(kefu, token, channel_id)["status"] == "error", 20)
    assert "refresh token" in channel(kefu, token, channel_id)["lastError"]
    status, report = kefu.request("POST", f"/api/v1/channels/{channel_id}/test", bearer=token)
    assert status == 200 and report["ok"] is False and "refresh token" in report["api"]["detail"]
    assert conversations(kefu, token) == []
    with pytest.raises(RuntimeError, match="sellerUsername"):
        kefu.command("channel", "add", "--store", store_id, "--kind", "ebay", "--client-id", "a",
                     "--client-secret", "b", "--refresh-token", "c")
