"""`kefu store add --shop-address`: a store's own shop link, checked against its platform before the store exists."""
import json
import subprocess


def add_store(kefu, *extra):
    return subprocess.run(
        [kefu.binary, "store", "add", "--workspace", "System", "--merchant", "Brand", "--platform", "tmall",
         "--name", "Tmall Store", "--timezone", "Asia/Shanghai", "--json", *extra],
        env=kefu.env, capture_output=True, text=True, timeout=60)


def test_shop_address_on_another_platform_is_refused_and_nothing_is_created(kefu):
    kefu.set_up_workspace()
    refused = add_store(kefu, "--shop-address", "https://lumihome.jd.com")
    assert refused.returncode != 0
    assert "shopAddress must be a link to the store's shop on tmall" in refused.stderr
    created = add_store(kefu, "--shop-address", "https://lumihome.tmall.com")
    assert created.returncode == 0, created.stderr
    store_id = json.loads(created.stdout)["id"]
    kefu.start()
    status, body = kefu.request("GET", "/api/v1/stores", bearer=kefu.login())
    assert status == 200
    tmall = [store for store in body["items"] if store["platform"] == "tmall"]
    assert [(store["id"], store["shopAddress"]) for store in tmall] == [(store_id, "https://lumihome.tmall.com")]
