import pytest

from kefu_process import Kefu


@pytest.fixture
def kefu(tmp_path):
    installation = Kefu(tmp_path)
    yield installation
    installation.stop()
