#!/usr/bin/env python3
"""A contract test server for Kefu's marketplace channels: it speaks the documented Ozon Seller API chat methods and
eBay's Message API (plus eBay's OAuth refresh-token grant) over HTTP on loopback, as a real process, with the
documented request and response shapes, auth headers and error bodies. Tests drive it through `/_control/*`:
seed chats, write as a buyer, push to Kefu, and switch faults on (429 bursts, 500s, slow answers, duplicated and
reordered pages, rejected cursors, expired reply windows, wrong credentials, expired tokens).

Run: python3 marketplace_server.py [--port N] [--port-file PATH]; the chosen port is printed on stdout.

Shapes follow ../../../shared/research/marketplaces.md: Ozon `/v3/chat/list`, `/v3/chat/history`,
`/v1/chat/send/message`, `/v2/chat/read` (Client-Id/Api-Key headers; errors `{"code", "message", "details"}`),
eBay `commerce/message/v1` `GET /conversation`, `GET /conversation/{id}`, `POST /send_message`,
`POST /update_conversation` (Bearer user token; errors `{"errors": [{"errorId", "message", "longMessage"}]}`).
Where the documents are silent the server chooses the harder reading: Ozon's `from_message_id` is inclusive, a
Backward page comes newest first, eBay's pages come newest first.
"""
import argparse
import base64
import json
import random
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def now() -> datetime:
    return datetime.now(timezone.utc)


class Bucket:
    """The platform's own rate limit: `rate` requests a second, bursts of `rate`."""

    def __init__(self, rate: float):
        self.rate = rate
        self.tokens = rate
        self.updated = time.monotonic()

    def take(self) -> bool:
        current = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (current - self.updated) * self.rate)
        self.updated = current
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class State:
    def __init__(self):
        self.reset({})

    def reset(self, config: dict):
        ozon = config.get("ozon", {})
        ebay = config.get("ebay", {})
        self.ozon_client = str(ozon.get("clientID", "100500"))
        self.ozon_key = ozon.get("apiKey", "ozon-test-key")
        self.ozon_rate = ozon.get("rate")
        self.ozon_bucket = Bucket(self.ozon_rate) if self.ozon_rate else None
        self.chats: dict[str, dict] = {}
        self.next_message = 1_000_000_000
        self.ebay_client = ebay.get("clientID", "kefu-test-app")
        self.ebay_secret = ebay.get("clientSecret", "ebay-test-secret")
        self.ebay_refresh = ebay.get("refreshToken", "ebay-refresh-token")
        self.ebay_seller = ebay.get("sellerUsername", "lumi_home")
        self.ebay_token_ttl = ebay.get("tokenSeconds", 7200)
        self.ebay_tokens: dict[str, float] = {}
        self.ebay_rate = ebay.get("rate")
        self.ebay_bucket = Bucket(self.ebay_rate) if self.ebay_rate else None
        self.conversations: dict[str, dict] = {}
        self.faults = {"status429": 0, "status500": 0, "slowMs": 0, "shuffle": False, "rejectCursor": False,
                       "expiredChats": set(), "revokeTokens": False}
        self.sent: list[dict] = []
        self.reads: list[dict] = []
        self.requests: dict[str, int] = {}
        self.first_request = None
        self.last_request = None
        self.limited = 0
        self.unauthorized = 0
        self.tokens_issued = 0

    def message_id(self) -> int:
        self.next_message += random.randint(1, 3)
        return self.next_message


STATE = State()


def ozon_message(chat: dict, user_type: str, text: str, at: datetime, order=None, sku=None, user_id=None) -> dict:
    message = {
        "message_id": STATE.message_id(),
        "created_at": iso(at),
        "user": {"id": user_id or (chat["buyer"] if user_type.lower() == "customer" else STATE.ozon_client),
                 "type": user_type},
        "data": [text],
        "is_read": False,
        "is_image": False,
        "moderate_image_status": "",
    }
    if order or sku:
        message["context"] = {"order_number": order or "", "sku": str(sku or "")}
    chat["messages"].append(message)
    return message


def seed_ozon(count: int, messages: int, start: datetime) -> list[str]:
    ids = []
    for index in range(count):
        chat_id = f"{random.getrandbits(64):016x}-{index:05d}"
        chat = {"chat_id": chat_id, "type": "Buyer_Seller", "status": "Opened", "created_at": iso(start),
                "buyer": str(70_000_000 + index), "messages": [], "read_upto": 0}
        order = f"{30_000_000 + index}-0001"
        for n in range(messages):
            kind = "Customer" if n % 4 != 3 else "Seller"
            ozon_message(chat, kind, f"Сообщение {n + 1} в чате {index + 1}: где мой заказ?", start + timedelta(seconds=n),
                         order=order if n == 0 else None, sku=1_234_567 + index if n == 0 else None)
        STATE.chats[chat_id] = chat
        ids.append(chat_id)
    return ids


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    # -- plumbing ---------------------------------------------------------------------------------------------------

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return raw

    def json_body(self):
        raw = self.body()
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            return None

    def reply(self, status: int, payload=None, headers: dict | None = None):
        data = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method: str):
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = dict(urllib.parse.parse_qsl(url.query))
        if path.startswith("/_control/"):
            return self.control(path[len("/_control/"):], self.json_body() or {})
        with LOCK:
            STATE.requests[path] = STATE.requests.get(path, 0) + 1
            STATE.first_request = STATE.first_request or time.time()
            STATE.last_request = time.time()
            faults = STATE.faults
            slow = faults["slowMs"]
            if faults["status429"] > 0:
                faults["status429"] -= 1
                STATE.limited += 1
                return self.limited(path)
            if faults["status500"] > 0:
                faults["status500"] -= 1
                return self.reply(500, {"code": 13, "message": "internal error", "details": []})
            bucket = STATE.ebay_bucket if path.startswith(("/commerce/", "/identity/")) else STATE.ozon_bucket
            if bucket and not bucket.take():
                STATE.limited += 1
                return self.limited(path)
        if slow:
            time.sleep(slow / 1000)
        if path.startswith(("/v1/chat/", "/v2/chat/", "/v3/chat/")) and method == "POST":
            return self.ozon(path)
        if path == "/identity/v1/oauth2/token" and method == "POST":
            return self.ebay_token()
        if path.startswith("/commerce/message/v1/"):
            return self.ebay(method, path[len("/commerce/message/v1"):], query)
        self.reply(404, {"code": 5, "message": f"no method {path}", "details": []})

    def limited(self, path: str):
        if path.startswith(("/commerce/", "/identity/")):
            return self.reply(429, {"errors": [{"errorId": 2001, "domain": "ACCESS", "category": "REQUEST",
                                                "message": "Too many requests.",
                                                "longMessage": "The request limit has been reached for the resource."}]},
                              {"Retry-After": "1"})
        return self.reply(429, {"code": 8, "message": "You have reached request rate limit per second", "details": []})

    # -- Ozon -------------------------------------------------------------------------------------------------------

    def ozon_error(self, status: int, code: int, message: str):
        self.reply(status, {"code": code, "message": message, "details": []})

    def ozon(self, path: str):
        if self.headers.get("Client-Id") != STATE.ozon_client or self.headers.get("Api-Key") != STATE.ozon_key:
            self.body()
            return self.ozon_error(403, 7, "Api-key is deactivated, use another one or generate a new one")
        body = self.json_body()
        if body is None:
            return self.ozon_error(400, 3, "invalid JSON")
        with LOCK:
            if path == "/v3/chat/list":
                return self.ozon_list(body)
            if path == "/v3/chat/history":
                return self.ozon_history(body)
            if path == "/v1/chat/send/message":
                return self.ozon_send(body)
            if path == "/v2/chat/read":
                return self.ozon_read(body)
        self.ozon_error(404, 5, f"unknown method {path}")

    def ozon_list(self, body: dict):
        limit = body.get("limit", 30)
        if not isinstance(limit, int) or not 1 <= limit <= 100:
            return self.ozon_error(400, 3, "limit must be between 1 and 100")
        flt = body.get("filter") or {}
        unread_only = bool(flt.get("unread_only"))
        chats = sorted(STATE.chats.values(), key=lambda c: c["messages"][-1]["message_id"] if c["messages"] else 0,
                       reverse=True)
        entries = []
        for chat in chats:
            unread = [m for m in chat["messages"]
                      if m["user"]["type"].lower() == "customer" and m["message_id"] > chat["read_upto"]]
            if unread_only and not unread:
                continue
            entries.append({
                "chat": {"chat_id": chat["chat_id"], "chat_status": chat["status"], "chat_type": chat["type"],
                         "created_at": chat["created_at"]},
                "first_unread_message_id": unread[0]["message_id"] if unread else 0,
                "last_message_id": chat["messages"][-1]["message_id"] if chat["messages"] else 0,
                "unread_count": len(unread),
            })
        offset = int(base64.b64decode(body["cursor"]).decode()) if body.get("cursor") else 0
        page = entries[offset:offset + limit]
        has_next = offset + limit < len(entries)
        self.reply(200, {
            "chats": page, "total_unread_count": sum(e["unread_count"] for e in entries),
            "cursor": base64.b64encode(str(offset + limit).encode()).decode() if has_next else "",
            "has_next": has_next})

    def ozon_history(self, body: dict):
        chat = STATE.chats.get(str(body.get("chat_id")))
        if not chat:
            return self.ozon_error(404, 5, "chat not found")
        limit = body.get("limit", 50)
        if not isinstance(limit, int) or not 1 <= limit <= 1000:
            return self.ozon_error(400, 3, "limit must be between 1 and 1000")
        direction = str(body.get("direction", "Backward")).lower()
        messages = chat["messages"]
        start = body.get("from_message_id")
        if start is not None:
            try:
                start = int(start)
            except (TypeError, ValueError):
                return self.ozon_error(400, 3, "from_message_id must be a number")
            if STATE.faults["rejectCursor"] or all(m["message_id"] != start for m in messages):
                return self.ozon_error(400, 3, f"message {start} not found in chat")
        if direction == "forward":
            if start is None:
                start = messages[-1]["message_id"] if messages else 0
            chosen = [m for m in messages if m["message_id"] >= start]
            page, has_next = chosen[:limit], len(chosen) > limit
        elif direction == "backward":
            chosen = [m for m in messages if start is None or m["message_id"] <= start][::-1]
            page, has_next = chosen[:limit], len(chosen) > limit
        else:
            return self.ozon_error(400, 3, "direction must be Forward or Backward")
        page = [dict(m) for m in page]
        if STATE.faults["shuffle"] and page:
            page = page + [dict(random.choice(page))]
            random.shuffle(page)
        self.reply(200, {"has_next": has_next, "messages": page})

    def ozon_send(self, body: dict):
        chat = STATE.chats.get(str(body.get("chat_id")))
        if not chat:
            return self.ozon_error(404, 5, "chat not found")
        text = body.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= 1000:
            return self.ozon_error(400, 3, "text must be from 1 to 1000 characters")
        if chat["chat_id"] in STATE.faults["expiredChats"]:
            return self.ozon_error(
                400, 9, "Chat is closed for the seller: 48 hours have passed since the buyer's last message")
        message = ozon_message(chat, "Seller", text, now())
        STATE.sent.append({"platform": "ozon", "chat": chat["chat_id"], "text": text,
                           "message_id": message["message_id"], "at": time.time()})
        self.reply(200, {"result": "success"})

    def ozon_read(self, body: dict):
        chat = STATE.chats.get(str(body.get("chat_id")))
        if not chat:
            return self.ozon_error(404, 5, "chat not found")
        upto = int(body.get("from_message_id") or 0)
        chat["read_upto"] = max(chat["read_upto"], upto)
        STATE.reads.append({"platform": "ozon", "chat": chat["chat_id"], "upTo": upto})
        unread = [m for m in chat["messages"]
                  if m["user"]["type"].lower() == "customer" and m["message_id"] > chat["read_upto"]]
        self.reply(200, {"unread_count": len(unread)})

    # -- eBay -------------------------------------------------------------------------------------------------------

    def ebay_errors(self, status: int, error_id: int, message: str, long: str | None = None):
        self.reply(status, {"errors": [{"errorId": error_id, "domain": "API_MESSAGE", "category": "REQUEST",
                                        "message": message, "longMessage": long or message}]})

    def ebay_token(self):
        raw = self.body().decode()
        form = dict(urllib.parse.parse_qsl(raw))
        expected = base64.b64encode(f"{STATE.ebay_client}:{STATE.ebay_secret}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}":
            return self.reply(401, {"error": "invalid_client", "error_description": "client authentication failed"})
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != STATE.ebay_refresh:
            return self.reply(400, {"error": "invalid_grant", "error_description":
                                    "the provided authorization refresh token is invalid or was issued to another client"})
        with LOCK:
            token = "v^1.1#i^1#" + base64.b64encode(random.randbytes(24)).decode()
            STATE.ebay_tokens[token] = time.time() + STATE.ebay_token_ttl
            STATE.tokens_issued += 1
        self.reply(200, {"access_token": token, "expires_in": STATE.ebay_token_ttl, "token_type": "User Access Token"})

    def ebay(self, method: str, path: str, query: dict):
        header = self.headers.get("Authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
        body = self.json_body() if method == "POST" else {}
        with LOCK:
            if STATE.faults["revokeTokens"]:
                STATE.ebay_tokens.clear()
                STATE.faults["revokeTokens"] = False
            if STATE.ebay_tokens.get(token, 0) < time.time():
                STATE.unauthorized += 1
                return self.ebay_errors(401, 1001, "Invalid access token",
                                        "Invalid access token. Check the value of the Authorization HTTP request header.")
            if body is None:
                return self.ebay_errors(400, 40002, "The request body is not valid JSON.")
            if method == "GET" and path == "/conversation":
                return self.ebay_list(query)
            if method == "GET" and path.startswith("/conversation/"):
                return self.ebay_conversation(urllib.parse.unquote(path[len("/conversation/"):]), query)
            if method == "POST" and path == "/send_message":
                return self.ebay_send(body)
            if method == "POST" and path == "/update_conversation":
                STATE.reads.append({"platform": "ebay", "chat": body.get("conversationId"),
                                    "status": body.get("conversationStatus")})
                return self.reply(204)
        self.ebay_errors(404, 40004, f"Resource {path} not found.")

    def paging(self, query: dict):
        try:
            limit = int(query.get("limit", 25))
            offset = int(query.get("offset", 0))
        except ValueError:
            return None
        if not 1 <= limit <= 50 or offset < 0:
            return None
        return limit, offset

    def ebay_list(self, query: dict):
        if query.get("conversation_type") not in ("FROM_EBAY", "FROM_MEMBERS"):
            return self.ebay_errors(400, 40001, "The 'conversation_type' query parameter is required.")
        paging = self.paging(query)
        if not paging:
            return self.ebay_errors(400, 40003, "limit must be 1 to 50 and offset 0 or more.")
        limit, offset = paging
        since = query.get("start_time")
        chosen = [c for c in STATE.conversations.values() if c["type"] == query["conversation_type"]]
        if since:
            chosen = [c for c in chosen if c["messages"] and c["messages"][-1]["createdDate"] >= since]
        chosen.sort(key=lambda c: c["messages"][-1]["createdDate"] if c["messages"] else "", reverse=True)
        page = chosen[offset:offset + limit]
        items = [{
            "conversationId": c["id"], "conversationStatus": "ACTIVE", "conversationTitle": c["title"],
            "conversationType": c["type"], "createdDate": c["created"], "referenceId": c["referenceId"],
            "referenceType": c["referenceType"], "unreadCount": 0,
            "latestMessage": c["messages"][-1] if c["messages"] else None} for c in page]
        nxt = f"/commerce/message/v1/conversation?offset={offset + limit}" if offset + limit < len(chosen) else None
        self.reply(200, {"conversations": items, "limit": limit, "offset": offset, "total": len(chosen), "next": nxt})

    def ebay_conversation(self, conversation_id: str, query: dict):
        conversation = STATE.conversations.get(conversation_id)
        if not conversation:
            return self.ebay_errors(404, 40005, "The conversation was not found.")
        paging = self.paging(query)
        if not paging:
            return self.ebay_errors(400, 40003, "limit must be 1 to 50 and offset 0 or more.")
        limit, offset = paging
        newest_first = conversation["messages"][::-1]
        page = [dict(m) for m in newest_first[offset:offset + limit]]
        if STATE.faults["shuffle"] and page:
            page = page + [dict(random.choice(page))]
            random.shuffle(page)
        nxt = f"/commerce/message/v1/conversation/{conversation_id}?offset={offset + limit}" \
            if offset + limit < len(newest_first) else None
        self.reply(200, {"conversationId": conversation_id, "conversationTitle": conversation["title"],
                         "referenceId": conversation["referenceId"], "referenceType": conversation["referenceType"],
                         "messages": page, "limit": limit, "offset": offset, "total": len(newest_first), "next": nxt})

    def ebay_send(self, body: dict):
        conversation = STATE.conversations.get(str(body.get("conversationId")))
        if not conversation:
            return self.ebay_errors(400, 40006, "The conversationId is not valid.")
        text = body.get("messageText")
        if not isinstance(text, str) or not 1 <= len(text) <= 2000:
            return self.ebay_errors(400, 40007, "messageText must be from 1 to 2000 characters.")
        message = ebay_message(conversation, STATE.ebay_seller, conversation["buyer"], text, now())
        STATE.sent.append({"platform": "ebay", "chat": conversation["id"], "text": text,
                           "message_id": message["messageId"], "at": time.time()})
        self.reply(200, {**{k: v for k, v in message.items() if k not in ("senderUsername", "recipientUsername")},
                         "senderUserName": STATE.ebay_seller, "recipientUserName": conversation["buyer"]})

    # -- control ----------------------------------------------------------------------------------------------------

    def control(self, action: str, body: dict):
        with LOCK:
            if action == "reset":
                STATE.reset(body)
                return self.reply(200, {"ok": True})
            if action == "faults":
                for key, value in body.items():
                    STATE.faults[key] = set(value) if key == "expiredChats" else value
                return self.reply(200, {"ok": True})
            if action == "ozon/seed":
                start = now() - timedelta(hours=int(body.get("hoursAgo", 2)))
                ids = seed_ozon(int(body.get("chats", 1)), int(body.get("messages", 1)), start)
                if body.get("supportChat", True):
                    STATE.chats["support-1"] = {"chat_id": "support-1", "type": "Seller_Support", "status": "Opened",
                                                "created_at": iso(start), "buyer": "0", "messages": [], "read_upto": 0}
                    ozon_message(STATE.chats["support-1"], "Support", "Здравствуйте, это поддержка Ozon.", start)
                return self.reply(200, {"chats": ids})
            if action == "ozon/message":
                chat = STATE.chats.get(body["chat"])
                if not chat:
                    return self.reply(404, {"error": "no such chat"})
                message = ozon_message(chat, body.get("userType", "Customer"), body["text"], now(),
                                       order=body.get("order"), sku=body.get("sku"))
                push = None
            elif action == "ebay/seed":
                ids = []
                start = now() - timedelta(hours=2)
                for index in range(int(body.get("conversations", 1))):
                    buyer = f"buyer_{index:04d}"
                    conversation = {"id": f"conv-{random.getrandbits(40):010x}-{index}", "type": "FROM_MEMBERS",
                                    "title": f"Question about item {index}", "created": iso(start), "buyer": buyer,
                                    "referenceType": "LISTING", "referenceId": str(110_000_000_000 + index),
                                    "messages": []}
                    for n in range(int(body.get("messages", 1))):
                        sender = buyer if n % 3 != 2 else STATE.ebay_seller
                        recipient = STATE.ebay_seller if sender == buyer else buyer
                        ebay_message(conversation, sender, recipient, f"Message {n + 1}: is this in stock?",
                                     start + timedelta(seconds=n))
                    STATE.conversations[conversation["id"]] = conversation
                    ids.append(conversation["id"])
                eb = {"id": "ebay-notice", "type": "FROM_EBAY", "title": "Your invoice", "created": iso(start),
                      "buyer": "eBay", "referenceType": "", "referenceId": "", "messages": []}
                ebay_message(eb, "eBay", STATE.ebay_seller, "Your monthly invoice is ready.", start)
                STATE.conversations[eb["id"]] = eb
                return self.reply(200, {"conversations": ids})
            elif action == "ebay/message":
                conversation = STATE.conversations.get(body["conversation"])
                if not conversation:
                    return self.reply(404, {"error": "no such conversation"})
                message = ebay_message(conversation, conversation["buyer"], STATE.ebay_seller, body["text"], now())
                return self.reply(200, {"messageId": message["messageId"]})
            elif action == "state":
                return self.reply(200, {
                    "sent": STATE.sent, "reads": STATE.reads, "requests": STATE.requests, "limited": STATE.limited,
                    "tokensIssued": STATE.tokens_issued, "unauthorized": STATE.unauthorized,
                    "firstRequestAt": STATE.first_request, "lastRequestAt": STATE.last_request,
                    "chats": {cid: len(c["messages"]) for cid, c in STATE.chats.items()}})
            else:
                return self.reply(404, {"error": f"no control {action}"})
        # Outside the lock: Ozon's push to Kefu, timed by the caller.
        if body.get("pushURL"):
            payload = {"message_type": "TYPE_NEW_MESSAGE", "chat_id": body["chat"], "chat_type": "Buyer_Seller",
                       "message_id": str(message["message_id"]), "created_at": message["created_at"],
                       "user": message["user"], "data": message["data"],
                       "seller_id": body.get("sellerID", STATE.ozon_client)}
            request = urllib.request.Request(body["pushURL"], data=json.dumps(payload).encode(), method="POST",
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    push = {"status": response.status, "body": json.loads(response.read() or b"null")}
            except urllib.error.HTTPError as error:
                push = {"status": error.code, "body": json.loads(error.read() or b"null")}
        self.reply(200, {"messageId": message["message_id"], "push": push})


def ebay_message(conversation: dict, sender: str, recipient: str, text: str, at: datetime) -> dict:
    message = {"messageId": str(STATE.message_id()), "messageBody": text, "senderUsername": sender,
               "recipientUsername": recipient, "createdDate": iso(at), "readStatus": False, "subject": conversation["title"],
               "messageMedia": []}
    conversation["messages"].append(message)
    return message


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file, "w") as handle:
            handle.write(str(port))
    print(port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
