"""`calc list` / `calc run` through typer's CliRunner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from calculators import registry
from calculators.cli import calc_app

runner = CliRunner()


def test_list_shows_every_calculator():
    res = runner.invoke(calc_app, ["list"])
    assert res.exit_code == 0, res.output
    for c in registry.all():
        assert c.name in res.output
    assert "2024#9" in res.output and "春节期间企业用电区级配套奖励" in res.output


def test_run_prints_result_json():
    payload = {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 500000, "municipal_award_yuan": 300002}
    res = runner.invoke(calc_app, ["run", "spring_festival_electricity_2024_9", "--json", json.dumps(payload),
                                   "--as-of", "2024-03-01"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    # 50% × 300,002 = 150,001 > cap 150,000
    assert out["amount_yuan"] == 150_000 and out["citation"] == "2024#9" and out["as_of"] == "2024-03-01"
    assert out["in_force"] is True


def test_run_bad_field_exits_2_and_names_field_and_type():
    payload = {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": "abc", "municipal_award_yuan": -1}
    res = runner.invoke(calc_app, ["run", "spring_festival_electricity_2024_9", "--json", json.dumps(payload)])
    assert res.exit_code == 2
    assert "electricity_feb_2024_kwh" in res.output and "number" in res.output
    assert "municipal_award_yuan" in res.output and "integer ≥ 0" in res.output


def test_run_missing_field_lists_required_inputs_in_chinese():
    res = runner.invoke(calc_app, ["run", "spring_festival_electricity_2024_9", "--json", "{}"])
    assert res.exit_code == 2
    assert "2024年2月1日至2月29日用电量（千瓦时）" in res.output and "是否规上工业企业" in res.output
    # the municipal award is optional now (without it only eligibility is decided), so it is not listed as required
    assert "市级春节用电奖励（元）" not in res.output


def test_run_unknown_name_bad_json_bad_date():
    assert runner.invoke(calc_app, ["run", "no_such_calc", "--json", "{}"]).exit_code == 2
    assert runner.invoke(calc_app, ["run", "spring_festival_electricity_2024_9", "--json", "{oops"]).exit_code == 2
    res = runner.invoke(calc_app, ["run", "spring_festival_electricity_2024_9", "--json", "{}", "--as-of", "2024/03/01"])
    assert res.exit_code == 2 and "--as-of" in res.output


def test_run_missing_combination_names_its_fields():
    res = runner.invoke(calc_app, ["run", "rd_pre_subsidy_recommendation_2022_19", "--json", "{}"])
    assert res.exit_code == 2
    assert "largest_single_project_rd_yuan" in res.output and "prior_year_rd_yuan" in res.output
    assert "至少填写一项" in res.output and "required fields: \n" not in res.output
