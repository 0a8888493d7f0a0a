import pytest

from kefu_process import Kefu


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Every system test starts kefu outside the checkout, as a service manager or an installed binary would."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def kefu(tmp_path):
    installation = Kefu(tmp_path)
    yield installation
    installation.stop()
