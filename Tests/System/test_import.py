"""`kefu import`: a mailbox export, a folder of .eml files and a CSV chat log, through the ingest path, twice."""
import json
import shutil
import subprocess
from pathlib import Path

MESSAGES = Path(__file__).resolve().parents[1] / "KefuMailTests" / "Messages"


def run_import(kefu, store_id, fmt, path, *extra):
    return subprocess.run([kefu.binary, "import", "--store", store_id, "--format", fmt, str(path), *extra],
                          env=kefu.env, capture_output=True, text=True, timeout=120)


def test_eml_folder_and_mbox_import_once_and_skip_what_is_not_a_customer(kefu, tmp_path):
    store_id = kefu.set_up_workspace("amazon-us")["store"]["id"]
    folder = tmp_path / "eml"
    folder.mkdir()
    for name in ["qq-gb18030.eml", "gmail.eml", "outlook.eml", "autoreply.eml", "bounce.eml"]:
        shutil.copy(MESSAGES / name, folder / name)
    first = run_import(kefu, store_id, "eml-dir", folder, "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["read"] == 5 and summary["imported"] == 3 and summary["alreadyThere"] == 0
    assert summary["skipped"] == {"auto-reply": 1, "delivery report": 1}
    again = json.loads(run_import(kefu, store_id, "eml-dir", folder, "--json").stdout)
    assert again["imported"] == 0 and again["alreadyThere"] == 3

    mbox = tmp_path / "export.mbox"
    with mbox.open("wb") as out:
        for name in ["qq-gb18030.eml", "yandex-koi8.eml", "163-gbk-qp.eml"]:
            out.write(b"From sender@example.com Tue Nov 24 09:15:02 2026\n")
            out.write((MESSAGES / name).read_bytes().replace(b"\r\n", b"\n"))
            out.write(b"\n")
    result = run_import(kefu, store_id, "mbox", mbox)
    assert result.returncode == 0, result.stderr
    assert "Read 3 messages: 2 imported, 1 already there." in result.stdout

    kefu.start()
    status, listed = kefu.request("GET", "/api/v1/conversations?limit=50", bearer=kefu.login())
    assert status == 200
    orders = {item.get("orderNumber") for item in listed["items"]}
    assert "112-1234567-1234567" in orders
    assert listed["counts"]["all"] == 5


def test_csv_chat_log_with_chinese_headers_and_a_bad_row_that_stops_everything(kefu, tmp_path):
    store_id = kefu.set_up_workspace("pinduoduo")["store"]["id"]
    bad = tmp_path / "bad.csv"
    bad.write_text("会话,买家,内容,时间\nc-1,b-1,你好,2026-11-24 09:15:02\nc-1,b-1,在吗,not a time\n", encoding="utf-8")
    refused = run_import(kefu, store_id, "csv", bad)
    assert refused.returncode != 0
    assert "Line 3: not a time is not a time" in refused.stderr and "Nothing was imported." in refused.stderr

    good = tmp_path / "log.csv"
    good.write_text(
        "会话,买家,买家昵称,内容,时间,发送方,订单号\n"
        "c-1,b-1,王芳,\"你好，订单还没发货\",2026-11-24 09:15:02,买家,PDD-20261124-1\n"
        "c-1,b-1,王芳,亲，今天发出,2026-11-24 09:16:00,客服,\n"
        "c-2,b-2,Ivan,\"Where is it, please?\",2026-11-24 10:00:00,customer,\n", encoding="utf-8")
    first = run_import(kefu, store_id, "csv", good, "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"read": 3, "imported": 3, "alreadyThere": 0, "skipped": {}}
    assert json.loads(run_import(kefu, store_id, "csv", good, "--json").stdout)["alreadyThere"] == 3

    kefu.start()
    token = kefu.login()
    status, listed = kefu.request("GET", "/api/v1/conversations?folder=responseNeeded", bearer=token)
    assert [item["customer"]["name"] for item in listed["items"]] == ["Ivan"]
