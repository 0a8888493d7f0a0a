"""The kefu binary runs from any folder: it finds its views, strings, scripts and policy packs from where it is
installed, or where KEFU_RESOURCES says, and says what is missing when it cannot."""
import shutil
import subprocess
import urllib.request
from pathlib import Path

from kefu_process import ROOT, Kefu


def run(binary, *args, env, cwd, stdin=None):
    return subprocess.run([binary, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, input=stdin)


def installed(kefu: Kefu, tmp_path: Path) -> Path:
    """Installs the built binary with scripts/install, as a user would, under tmp_path/prefix."""
    prefix = tmp_path / "prefix"
    result = subprocess.run([str(ROOT / "scripts" / "install"), "--prefix", str(prefix), "--binary", kefu.binary],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return prefix / "bin" / "kefu"


def test_installed_binary_lints_and_serves_from_the_root_folder(kefu, tmp_path):
    binary = installed(kefu, tmp_path)
    linted = run(binary, "lint", "--platform", "jd", "你好", env=kefu.env, cwd="/")
    assert linted.returncode == 0, linted.stderr
    blocked = run(binary, "lint", "--platform", "jd", "加我微信", env=kefu.env, cwd="/")
    assert blocked.returncode == 2, blocked.stderr

    kefu.binary = str(binary)
    kefu.cwd = "/"
    kefu.set_up_workspace()
    kefu.start()
    # The pages, their strings and the static files come from the installed share folder.
    with urllib.request.urlopen(kefu.base + "/login") as response:
        page = response.read().decode()
    assert 'name="password"' in page
    with urllib.request.urlopen(kefu.base + "/css/kefu.css") as response:
        assert response.status == 200
    with urllib.request.urlopen(kefu.base + "/api/v1/openapi.yaml") as response:
        assert b"openapi:" in response.read()
    assert kefu.login().startswith("kfu_")


def test_kefu_resources_points_at_them(kefu, tmp_path):
    lonely = tmp_path / "lonely" / "kefu"
    lonely.parent.mkdir()
    shutil.copy(kefu.binary, lonely)
    missing = run(lonely, "lint", "--platform", "jd", "你好", env=kefu.env, cwd=tmp_path)
    assert missing.returncode == 1
    assert "cannot find its resources" in missing.stderr and "KEFU_RESOURCES" in missing.stderr

    env = dict(kefu.env, KEFU_RESOURCES=str(ROOT))
    found = run(lonely, "lint", "--platform", "jd", "加我微信", env=env, cwd=tmp_path)
    assert found.returncode == 2, found.stderr

    wrong = run(lonely, "lint", "--platform", "jd", "你好", env=dict(env, KEFU_RESOURCES=str(tmp_path)), cwd="/")
    assert wrong.returncode == 1
    assert "does not hold Kefu's resources" in wrong.stderr
