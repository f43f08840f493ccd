"""POST /v1/match (政策体检) through the API: JSON report, HTML page, and field-named errors. No model needed."""

from __future__ import annotations

PROFILE = {"name": "测试纺织有限公司", "scale": "规上", "industry": "纺织业", "electricity_feb_2024_kwh": 900000}


def test_match_json_report(loading):
    r = loading.post("/v1/match", json={"profile": PROFILE, "as_of": "2024-03-15"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    report = r.json()
    assert report["enterprise_name"] == "测试纺织有限公司" and report["as_of"] == "2024-03-15"
    # 2024#9: 规上工业企业 (纺织业 is manufacturing) with 90万 kWh ≥ 50万 in Feb 2024 qualifies.
    spring = next(a for a in report["applicable"] if a["citation"] == "2024#9")
    assert spring["citation_display"] == "长政办规〔2024〕1号 第9条"
    assert spring["responsible_units"] == ["区工信局", "区财政局", "区供电公司"]


def test_match_same_profile_same_report(loading):
    a = loading.post("/v1/match", json={"profile": PROFILE, "as_of": "2024-03-15"}).json()
    b = loading.post("/v1/match", json={"profile": PROFILE, "as_of": "2024-03-15"}).json()
    assert a == b


def test_match_html(loading):
    r = loading.post("/v1/match", params={"format": "html"}, json={"profile": PROFILE, "as_of": "2024-03-15"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "长政办规〔2024〕1号 第9条" in r.text and "测试纺织有限公司" in r.text


def test_match_empty_profile_is_allowed(loading):
    r = loading.post("/v1/match", json={"profile": {}})
    assert r.status_code == 200 and r.json()["applicable"] == []


def test_match_errors_name_the_field(loading):
    def fields(r):
        return [".".join(map(str, e["loc"])) for e in r.json()["detail"]]

    r = loading.post("/v1/match", json={})
    assert r.status_code == 422 and fields(r) == ["body.profile"]
    r = loading.post("/v1/match", json={"profile": {"employees": "很多"}})
    assert r.status_code == 422 and fields(r) == ["body.profile.employees"]
    r = loading.post("/v1/match", json={"profile": {"favourite_colour": "红"}})
    assert r.status_code == 422 and fields(r) == ["body.profile.favourite_colour"]
    r = loading.post("/v1/match", json={"profile": {}, "as_of": "2024-02-30"})
    assert r.status_code == 422 and fields(r) == ["body.as_of"]
    r = loading.post("/v1/match", json={"profile": {}, "extra": 1})
    assert r.status_code == 422 and fields(r) == ["body.extra"]
    r = loading.post("/v1/match", params={"format": "pdf"}, json={"profile": {}})
    assert r.status_code == 422 and fields(r) == ["query.format"]
