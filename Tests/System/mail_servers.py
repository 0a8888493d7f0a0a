"""The local Dovecot and Postfix of scripts/lib/mail-for-tests.sh, for system tests and the mail benchmark."""
import imaplib
import os
import pwd
import ssl
import subprocess
from pathlib import Path

HOST = os.environ.get("KEFU_TEST_MAIL_HOST")
MAIL_DIR = Path(os.environ.get("KEFU_TEST_MAIL_DIR", "/tmp/kefu-mail-tests"))


def imap(user: str = "shop"):
    client = imaplib.IMAP4(HOST or "127.0.0.1", 10143)
    client.starttls(ssl_context=ssl.create_default_context(cafile=os.environ.get("KEFU_MAIL_CA_FILE", str(MAIL_DIR / "cert.pem"))))
    client.login(f"{user}@kefu.test", f"{user}-pass")
    return client


def question(n: int, tag: str) -> bytes:
    """A buyer's question with a subject of its own, so each opens its own conversation."""
    return (f"From: Buyer <buyer@kefu.test>\r\nTo: shop@kefu.test\r\nSubject: {tag} question {n}\r\n"
            f"Message-ID: <{tag}-{n}@bench.kefu.test>\r\nDate: Tue, 24 Nov 2026 09:15:02 +0000\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n您好，订单 {n} 什么时候发货？Where is parcel {n}?\r\n").encode()


def write_maildir(folder: str, count: int, tag: str) -> None:
    """Drops `count` questions into a new Maildir++ folder of shop@kefu.test, as the mail server would have stored
    them: thousands in a second, where APPEND takes minutes."""
    base = MAIL_DIR / "mail" / "kefu.test" / "shop" / f".{folder}"
    owner = pwd.getpwnam("kefu-mail")
    for sub in ("cur", "new", "tmp"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (base / "cur" / f"{1764000000 + n}.M{n}P1.bench:2,S").write_bytes(question(n, tag))
    for path in [base.parent.parent, base.parent, base, *base.iterdir(), *(base / "cur").iterdir()]:
        os.chown(path, owner.pw_uid, owner.pw_gid)


def stop_dovecot() -> None:
    """The IMAP server goes away, open sessions included (`doveadm stop` alone leaves running sessions be)."""
    subprocess.run(["doveadm", "-c", str(MAIL_DIR / "dovecot.conf"), "stop"], check=True, capture_output=True)
    subprocess.run(["pkill", "-KILL", "-f", "^dovecot/imap"], check=False)


# The daemons keep what they inherit open: hand them nothing to hold, or the caller waits for them to exit.
def start_dovecot() -> None:
    subprocess.run(["dovecot", "-c", str(MAIL_DIR / "dovecot.conf")], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def postfix(action: str) -> None:
    subprocess.run(["postfix", "-c", str(MAIL_DIR / "postfix"), action], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
