"""Property tests: more base never gives less, and no figure ever exceeds its cap."""

from __future__ import annotations

from decimal import Decimal

from calc_test_support import run
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import blocks as b

money = st.integers(min_value=0, max_value=10**11)
small_money = st.integers(min_value=0, max_value=2_000_000)
pct = st.decimals(min_value=0, max_value=100, places=2)
T = True

# (calculator, fixed payload, field that varies, strategy, cap or None, result field)
MONOTONE = [
    ("first_set_equipment_matching_2022_9", {"recognised_first_set": T}, "municipal_subsidy_yuan", money, None, "amount_yuan"),
    ("energy_saving_municipal_2022_16", {}, "annual_energy_saving_tce",
     st.decimals(min_value=0, max_value=10**6, places=3), 1_500_000, "amount_yuan"),
    ("energy_saving_provincial_2022_16", {"provincial_key_energy_project": T, "in_operation": T}, "annual_energy_saving_tce",
     st.decimals(min_value=0, max_value=10**6, places=3), 8_000_000, "amount_max_yuan"),
    ("industrial_internet_platform_2022_21", {"platform_type": "服务应用平台"}, "platform_investment_yuan", money, 2_000_000,
     "amount_yuan"),
    ("internet_tech_project_2022_21", {}, "project_investment_yuan", money, 2_000_000, "amount_yuan"),
    ("informatization_key_project_2022_21", {"provincial_key_project": T}, "it_investment_3y_yuan", money, 1_000_000,
     "amount_max_yuan"),
    ("joint_rd_subsidy_2022_24", {"industrialised_joint_project": T}, "payments_to_institutes_yuan", money, 500_000,
     "amount_yuan"),
    ("cloud_device_award_2022_30", {"received_municipal_award": T}, "new_devices_count",
     st.integers(min_value=0, max_value=10**6), 50_000, "amount_yuan"),
    ("receivables_financing_2022_51", {"is_large_or_core_enterprise": T, "via_qualified_platform": T},
     "annualised_financing_yuan", money, 2_000_000, "amount_max_yuan"),
    ("recruitment_service_award_2022_59", {"recipient_type": "个人", "employer_is_key_industrial_enterprise": T},
     "workers_introduced", st.integers(min_value=0, max_value=10**6), None, "amount_max_yuan"),
    ("q1_growth_award_2024_8", {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T,
                                "q1_output_growth_pct": 5, "q1_electricity_growth_pct": 5},
     "municipal_award_yuan", small_money, 200_000, "amount_yuan"),
    ("spring_festival_electricity_2024_9", {"is_above_scale_industrial": T, "electricity_feb_2024_kwh": 600_000},
     "municipal_award_yuan", small_money, 150_000, "amount_yuan"),
    ("spring_festival_electricity_2024_9", {"is_above_scale_industrial": T, "municipal_award_yuan": 100_000},
     "electricity_feb_2024_kwh", st.decimals(min_value=0, max_value=10**7, places=1), 150_000, "amount_yuan"),
    ("tech_upgrade_matching_2024_14", {"is_industrial_techupgrade_project": T, "construction_start_date": "2024-02-01",
                                       "municipal_subsidy_yuan": 1000}, "provincial_subsidy_yuan", money, None,
     "amount_yuan"),
    ("value_added_rate_award_2024_7", {"is_above_scale_industrial": T, "value_added_rate_pct": 25}, "output_2023_yuan",
     money, 50_000, "amount_yuan"),
    ("value_added_rate_award_2024_7", {"is_above_scale_industrial": T, "output_2023_yuan": 3 * 10**8},
     "value_added_rate_pct", pct, 50_000, "amount_yuan"),
    ("value_added_rate_award_2024_7", {"is_above_scale_industrial": T, "output_2023_yuan": 6 * 10**8},
     "value_added_rate_pct", pct, 50_000, "amount_yuan"),
    ("recruitment_event_subsidy_2024_23", {"is_key_enterprise_or_project": T, "events_inside_province": 1},
     "events_outside_province", st.integers(min_value=0, max_value=50), 6_000, "amount_yuan"),
    ("matchmaking_event_2022_51", {"is_organiser": T, "bank_institutions_count": 5}, "enterprises_count",
     st.integers(min_value=0, max_value=1000), 50_000, "amount_yuan"),
    ("matchmaking_event_2022_51", {"is_organiser": T, "bank_institutions_count": 5, "enterprises_count": 30},
     "events_count", st.integers(min_value=0, max_value=1000), 50_000 * 1000, "amount_yuan"),
    ("q1_growth_award_2024_8", {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T,
                                "output_growth_not_below_electricity": T},
     "municipal_award_yuan", small_money, 200_000, "amount_yuan"),
]


def _figure(name, fixed, field, value, out):
    r = run(name, **{**fixed, field: value})
    return getattr(r, out) or 0


def _make_test(name, fixed, field, strategy, cap, out):
    @settings(max_examples=60, deadline=None)
    @given(a=strategy, c=strategy)
    def test(a, c):
        lo, hi = sorted([a, c])
        f_lo, f_hi = _figure(name, fixed, field, lo, out), _figure(name, fixed, field, hi, out)
        assert f_lo <= f_hi, f"{name}: {field}={lo} gives {f_lo} > {field}={hi} gives {f_hi}"
        if cap is not None:
            assert f_hi <= cap

    test.__name__ = f"test_monotone_and_capped_{name}_{field}"
    return test


for _spec in MONOTONE:
    _t = _make_test(*_spec)
    globals()[_t.__name__] = _t


@settings(max_examples=80, deadline=None)
@given(prev=st.integers(min_value=1, max_value=10**11), cur_a=st.integers(min_value=0, max_value=10**11),
       cur_b=st.integers(min_value=0, max_value=10**11))
def test_q2_growth_monotone_in_output_and_capped(prev, cur_a, cur_b):
    lo, hi = sorted([cur_a, cur_b])

    def amount(cur):
        return run("q2_growth_award_2022_14", q2_2022_output_yuan=cur, q2_2021_output_yuan=prev,
                   q2_2022_electricity_kwh=2, q2_2021_electricity_kwh=1).amount_yuan

    assert amount(lo) <= amount(hi) <= 200_000
    assert amount(hi) % 10_000 == 0  # whole 1万 steps


@settings(max_examples=80, deadline=None)
@given(a=st.integers(min_value=0, max_value=10**11), c=st.integers(min_value=0, max_value=10**11),
       growth=st.decimals(min_value=10, max_value=1000, places=2))
def test_q2_growth_relative_monotone_in_increase_and_capped(a, c, growth):
    lo, hi = sorted([a, c])

    def amount(increase):
        return run("q2_growth_award_2022_14", q2_output_increase_yuan=increase, q2_output_growth_pct=growth,
                   electricity_grew=True).amount_yuan

    assert amount(lo) <= amount(hi) <= 200_000
    assert amount(hi) == min(hi // 10_000_000, 20) * 10_000  # whole 1000万 increments × 1万, cap 20万


@settings(max_examples=80, deadline=None)
@given(prev=st.integers(min_value=0, max_value=10**12), a=st.integers(min_value=0, max_value=10**12),
       c=st.integers(min_value=0, max_value=10**12))
def test_revenue_monotone_in_revenue(prev, a, c):
    lo, hi = sorted([a, c])

    def amount(now):
        return run("revenue_100yi_award_2022_15", is_industrial_enterprise=True, revenue_yuan=now,
                   previous_highest_revenue_yuan=prev).amount_yuan

    assert amount(lo) <= amount(hi)


@settings(max_examples=100, deadline=None)
@given(base=st.integers(min_value=0, max_value=10**9), rate=st.decimals(min_value=0, max_value=1, places=4),
       cap=st.integers(min_value=0, max_value=10**8))
def test_block_rate_with_cap_never_exceeds_cap_and_is_exact_below(base, rate, cap):
    got = b.rate_with_cap(base, rate, cap)
    assert got.exact <= cap
    assert got.capped == (Decimal(base) * rate > cap)
    if not got.capped:
        assert got.exact == Decimal(base) * rate


@given(amount=st.decimals(min_value=0, max_value=10**6, places=2))
def test_block_minimum_payable(amount):
    # 1万元以下 (inclusive) is not paid
    assert b.minimum_payable(amount, 10_000) == (amount > 10_000)


def test_block_rounding_half_up():
    assert [b.to_yuan(Decimal(x)) for x in ("0.5", "1.5", "2.5", "2.4999", "3703.5")] == [1, 2, 3, 2, 3704]


def test_block_threshold_words_follow_civil_code_1259():
    # 以上/及以上/不低于/达/（含）以上 include the number; 超过/超 exclude it
    for word in ("以上", "及以上", "不低于", "达", "（含）以上"):
        assert b.at_least(300, 300, word) and not b.at_least(Decimal("299.99"), 300, word)
    for word in ("超过", "超"):
        assert not b.at_least(300, 300, word) and b.at_least(Decimal("300.01"), 300, word)
    # 以下/以内 include the number; 不满/低于 exclude it
    for word in ("以下", "以内", "（含）以下"):
        assert b.at_most(160, 160, word) and not b.at_most(Decimal("160.01"), 160, word)
    for word in ("不满", "低于"):
        assert not b.at_most(1, 1, word) and b.at_most(Decimal("0.99"), 1, word)
    assert b.whole_increments(19_999_999, 10_000_000) == 1 and b.whole_increments(-5, 10) == 0
