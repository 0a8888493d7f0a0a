"""Starts the real `kefu` binary for system tests: its own data directory (or PostgreSQL schema) and port."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kefu_binary() -> str:
    if os.environ.get("KEFU_BIN"):
        return os.environ["KEFU_BIN"]
    bin_path = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return str(Path(bin_path) / "kefu")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Kefu:
    """One Kefu installation: a database plus a server process that can be started, killed and started again."""

    def __init__(self, tmp_path: Path):
        self.binary = kefu_binary()
        self.port = free_port()
        self.env = dict(os.environ)
        self.env["KEFU_DATA_DIR"] = str(tmp_path / "data")
        self.env["KEFU_BCRYPT_COST"] = "4"
        self.env["LOG_LEVEL"] = "warning"
        if self.env.get("DATABASE_URL"):
            self.env["KEFU_PG_SCHEMA"] = "sys_" + uuid.uuid4().hex[:12]
        self.process: subprocess.Popen | None = None
        # None: the test's own working folder (conftest puts it outside the checkout).
        self.cwd: str | None = None
        self.log = open(tmp_path / "kefu.log", "ab")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [self.binary, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=120, cwd=self.cwd
        )
        if result.returncode != 0:
            raise RuntimeError(f"kefu {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def set_up_workspace(self, platform: str = "walmart-us") -> dict:
        """Creates a workspace, a store and an admin; returns the store key and the admin's token."""
        self.command("workspace", "add", "System")
        store = json.loads(self.command(
            "store", "add", "--workspace", "System", "--merchant", "Brand", "--platform", platform,
            "--name", "System Store", "--timezone", "America/Chicago", "--json"))
        self.command("user", "add", "--workspace", "System", "--email", "admin@system.test", "--role", "admin",
                     "--password-stdin", stdin="system-password\n")
        return {"store": store}

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=self.log, stderr=self.log, start_new_session=True, cwd=self.cwd)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kefu serve exited with {self.process.returncode}")
            try:
                status, _ = self.request("GET", "/api/v1/health")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("kefu serve did not answer /api/v1/health within 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing; what was committed must survive."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def login(self) -> str:
        status, body = self.request("POST", "/api/v1/auth/login",
                                    {"email": "admin@system.test", "password": "system-password"})
        assert status == 200, body
        return body["token"]

    def request(self, method: str, path: str, body=None, bearer: str | None = None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if bearer:
            req.add_header("Authorization", f"Bearer {bearer}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None
