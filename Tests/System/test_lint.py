"""`kefu lint`: the compliance guard for scripts, with exit status 0 pass, 1 warn, 2 block."""
import json
import subprocess


def lint(kefu, *args, stdin=None):
    return subprocess.run([kefu.binary, "lint", *args], env=kefu.env, capture_output=True, text=True, timeout=60,
                          input=stdin)


def test_exit_status_is_the_verdict(kefu):
    assert lint(kefu, "--platform", "pinduoduo", "亲，您的订单已经发货了").returncode == 0
    warned = lint(kefu, "--platform", "pinduoduo", "保证明天到")
    assert warned.returncode == 1
    blocked = lint(kefu, "--platform", "pinduoduo", "加我V❤信聊")
    assert blocked.returncode == 2
    assert "contactInfo" in blocked.stdout and "V❤信" in blocked.stdout
    # A verdict is not an error: nothing on standard error for a CI log to mistake for a failure.
    assert warned.stderr == "" and blocked.stderr == ""


def test_json_is_the_api_shape_with_utf16_offsets(kefu):
    result = lint(kefu, "--platform", "pinduoduo", "--json", "😀 加微信")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["verdict"] == "block"
    finding = next(f for f in report["findings"] if f["rule"] == "contact.wechat")
    assert (finding["start"], finding["end"], finding["matched"]) == (4, 6, "微信")
    assert finding["messages"]["zh"] and finding["messages"]["en"]


def test_a_file_is_checked_line_by_line(kefu, tmp_path):
    messages = tmp_path / "replies.txt"
    messages.write_text("您好，已经发货了\n这是全网最好的面霜\n\n保证明天到\n", encoding="utf-8")
    result = lint(kefu, "--platform", "tmall", "--file", str(messages), "--json")
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["line"], line["verdict"]) for line in lines] == [(1, "pass"), (2, "block"), (3, "warn")]
    best = next(f for f in lines[1]["findings"] if f["matched"] == "最好的")
    assert best["suggestion"] == "很受欢迎的"


def test_bad_input_is_a_clear_error_apart_from_the_verdicts(kefu):
    # 64 (EX_USAGE), so a script never mistakes a typo for a warning or a block.
    unknown = lint(kefu, "--platform", "myspace", "hello")
    assert unknown.returncode == 64
    assert unknown.stderr.splitlines() == [
        "kefu: myspace is not a platform; use one of walmart-us, amazon-us, ebay, noon, ozon, pinduoduo, taobao, tmall, "
        "jd, douyin."]
    empty = lint(kefu, "--platform", "jd", "   ")
    assert empty.returncode == 64 and "Give the text" in empty.stderr
    missing = lint(kefu, "hello")
    assert missing.returncode == 64 and "--platform is required" in missing.stderr
    no_file = lint(kefu, "--platform", "jd", "--file", "/nonexistent/replies.txt")
    assert no_file.returncode == 64 and "Cannot read" in no_file.stderr
    typo = lint(kefu, "--platform", "jd", "--jsn", "hello")
    assert typo.returncode == 64 and "--jsn is not an option" in typo.stderr


def test_a_file_on_standard_input(kefu):
    result = lint(kefu, "--platform", "jd", "--file", "-", "--json", stdin="您好，已经发货了\n加微信\n")
    assert result.returncode == 2, result.stderr
    assert [(line["line"], line["verdict"]) for line in map(json.loads, result.stdout.splitlines())] == [
        (1, "pass"), (2, "block")]


def test_lint_opens_no_database(kefu, tmp_path):
    # A CI job lints templates in a checkout: no database is created there, and an unreachable one does not matter.
    env = dict(kefu.env, KEFU_DATA_DIR=str(tmp_path / "untouched"), DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    result = subprocess.run([kefu.binary, "lint", "--platform", "pinduoduo", "加微信"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert not (tmp_path / "untouched").exists()


def test_a_workspace_adds_its_own_terms(kefu):
    kefu.set_up_workspace(platform="pinduoduo")
    kefu.start()
    token = kefu.login()
    status, _ = kefu.request("POST", "/api/v1/compliance/terms",
                             {"term": "秒发", "category": "promise", "severity": "warn"}, bearer=token)
    assert status == 201
    kefu.stop()
    assert lint(kefu, "--platform", "pinduoduo", "下单秒发").returncode == 0
    assert lint(kefu, "--platform", "pinduoduo", "--workspace", "System", "下单秒发").returncode == 1
    unknown = lint(kefu, "--platform", "pinduoduo", "--workspace", "Nobody", "下单秒发")
    assert unknown.returncode == 64 and "Nobody" in unknown.stderr


def test_inbound_reports_the_risk_flags_ingest_sets(kefu):
    risky = lint(kefu, "--platform", "jd", "--inbound", "--json", "您的店铺冻结，请点击链接 http://jd-verify.example.com 验证账户")
    assert risky.returncode == 1, risky.stderr
    report = json.loads(risky.stdout)
    assert report["verdict"] == "warn"
    assert {f["category"] for f in report["findings"]} == {"phishing", "suspiciousLink"}
    link = next(f for f in report["findings"] if f["category"] == "suspiciousLink")
    assert link["matched"] == "http://jd-verify.example.com"
    # The same words an agent may not send are a buyer's to write: no outbound rule applies inbound.
    assert lint(kefu, "--platform", "pinduoduo", "--inbound", "宝贝收到了，全网最好的，加我微信聊").returncode == 0
    mixed = lint(kefu, "--platform", "jd", "--inbound", "--workspace", "Any", "hello")
    assert mixed.returncode == 64 and "--inbound" in mixed.stderr
