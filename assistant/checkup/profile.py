"""The enterprise profile an owner or a hotline official fills in for the 政策体检 (2022 第62条 “政策云配”).

Every field is optional: a field left empty is *not known*, never "no" or 0. Units are in the field names (money in
integer 元, exports and foreign capital in 美元, electricity in 千瓦时, energy saving in 吨标准煤, shares and growth in
percent). Impossible or contradictory figures are rejected with a message that names the field(s).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

# ---- field kinds (mirror calculators.models, but optional) --------------------------------------------------------
# Every kind accepts exactly what its JSON Schema says (the API publishes it and is fuzzed against it): no "true"
# for a yes/no, no "5" for a count, no 0 for a date, no text for a figure.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("日期格式应为 YYYY-MM-DD")


def _figure(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise ValueError("应为数字")
    return value


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def number(ge: int | Decimal, le: int | Decimal) -> Any:
    """A figure (Decimal, exact) given and returned as a JSON number; the schema says ``number`` with its bounds."""
    return Annotated[Decimal, BeforeValidator(_figure), Field(ge=ge, le=le),
                     PlainSerializer(_json_number, when_used="json"),
                     WithJsonSchema({"type": "number", "minimum": float(ge), "maximum": float(le)})]


Flag = Annotated[bool, Field(strict=True)]
Day = Annotated[date, BeforeValidator(_day)]
Yuan = Annotated[int, Field(ge=0, le=10**16, strict=True)]
Usd = Annotated[int, Field(ge=0, le=10**15, strict=True)]
Count = Annotated[int, Field(ge=0, le=10**7, strict=True)]
Kwh = number(0, 10**13)
Tce = number(0, 10**9)
SharePct = number(0, 100)
GrowthPct = number(-100, 100000)


class Industry(str, Enum):
    """行业, grouped the way the clauses need it (国民经济行业分类 GB/T 4754-2017).

    工业 = 采矿业 + 制造业 + 电力、热力、燃气及水生产和供应业 (2022 第15条, 2024 第7/9/10条 “工业企业”);
    制造业 (2024 第8条 “规模以上制造业企业”); 钢铁 (2022 第7条 “钢铁生产企业”); 房地产业、金融业 (2022 第36条 排除).
    """

    TEXTILE = "纺织业"
    APPAREL = "纺织服装、服饰业"
    CHEMICAL_FIBRE = "化学纤维制造业"
    STEEL = "黑色金属冶炼和压延加工业"
    ELECTRONICS = "计算机、通信和其他电子设备制造业"
    FOOD = "食品制造业"
    OTHER_MANUFACTURING = "其他制造业"
    MINING = "采矿业"
    UTILITIES = "电力、热力、燃气及水生产和供应业"
    CONSTRUCTION = "建筑业"
    WHOLESALE_RETAIL = "批发和零售业"
    LOGISTICS = "交通运输、仓储和邮政业"
    SOFTWARE = "软件和信息技术服务业"
    REAL_ESTATE = "房地产业"
    FINANCE = "金融业"
    OTHER_SERVICES = "其他服务业"


MANUFACTURING = {
    Industry.TEXTILE,
    Industry.APPAREL,
    Industry.CHEMICAL_FIBRE,
    Industry.STEEL,
    Industry.ELECTRONICS,
    Industry.FOOD,
    Industry.OTHER_MANUFACTURING,
}
INDUSTRIAL = MANUFACTURING | {Industry.MINING, Industry.UTILITIES}

StatsEntryKind = Literal["新建投产纳统", "规下转规上"]
ForeignDesignation = Literal[
    "国家4A级物流企业", "国家5A级物流企业", "国家级服务型制造示范", "国家级工业设计中心", "其他"
]
PlatformType = Literal["基础赋能平台", "行业特色平台", "服务应用平台"]


def _f(title: str, description: str = "", **kw: Any) -> Any:
    return Field(default=None, title=title, description=description or title, **kw)


class EnterpriseProfile(BaseModel):
    """企业画像：所有字段可不填；不填 = 未知（不会被当作“否”或0）。"""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, title="企业画像（政策体检）")

    # ---- 基本情况 ------------------------------------------------------------------------------------------------
    name: str | None = _f("企业名称", max_length=200)
    founded_date: Day | None = _f("成立日期", "企业成立（注册）日期 YYYY-MM-DD")
    scale: Literal["规上", "规下"] | None = _f("规模", "是否规模以上（规上）企业，按当前统计口径")
    small_or_micro: Flag | None = _f("是否小微企业")
    employees: Count | None = _f("从业人员数（人）")
    industry: Industry | None = _f("所属行业", "国民经济行业分类；工业 = 采矿业、制造业、电力热力燃气及水")
    industrial_enterprise: Flag | None = _f(
        "是否工业企业（未选行业时）", "只知道是否工业企业、不知具体行业时填写；选了行业则以行业为准"
    )
    manufacturing_enterprise: Flag | None = _f(
        "是否制造业企业（未选行业时）", "只知道是否制造业企业、不知具体行业时填写；选了行业则以行业为准"
    )
    foreign_invested: Flag | None = _f("是否外资企业")
    key_enterprise: Flag | None = _f("是否重点企业（重点工业企业、重点项目）", "人社、工信部门认定的重点企业或重点项目")
    fuzhou_industrial_leader: Flag | None = _f("是否被市工信局列为福州市工业龙头企业")
    high_tech_enterprise: Flag | None = _f(
        "是否国家高新技术企业", "仅记录：两份文件未设以高新技术企业为条件的奖补（2022 第18条为倍增计划，无金额）"
    )

    # ---- 纳统 -------------------------------------------------------------------------------------------------
    above_scale_entry_kind: StatsEntryKind | None = _f("首次纳入规上统计方式", "新建投产纳统 或 规下转规上")
    above_scale_entry_date: Day | None = _f("纳入规上统计日期", "首次纳入规模以上统计的日期（取该月任一日即可）")
    in_small_to_scale_pool: Flag | None = _f("是否纳入省“小升规”培育库")

    # ---- 营业收入、产值 --------------------------------------------------------------------------------------
    revenue_this_year_yuan: Yuan | None = _f("本年度营业收入（元）")
    previous_highest_revenue_yuan: Yuan | None = _f("此前历年最高营业收入（元）")
    output_2023_yuan: Yuan | None = _f("2023年产值（元）")
    value_added_rate_pct: SharePct | None = _f("增加值率（%）", "按联网报送平台成本费用调查表计算的增加值率")
    q2_2022_output_yuan: Yuan | None = _f("2022年二季度累计产值（元）", "2022年4-6月累计产值")
    q2_2021_output_yuan: Yuan | None = _f("2021年二季度累计产值（元）", "2021年4-6月累计产值")
    q2_2022_output_growth_pct: GrowthPct | None = _f("2022年二季度产值同比增幅（%）")
    q2_2022_output_increase_yuan: Yuan | None = _f(
        "2022年二季度产值同比增加额（元）", "2022年二季度累计产值比2021年二季度增加的金额（产值下降的请填增幅，不填本项）"
    )
    q2_2022_electricity_grew: Flag | None = _f("2022年二季度用电量是否同比增长", "不知道具体用电量时填写")
    q4_2023_output_yuan: Yuan | None = _f("2023年第四季度工业总产值（元）")
    q1_2024_output_yuan: Yuan | None = _f("2024年第一季度工业总产值（元）")
    q1_2024_output_growth_pct: GrowthPct | None = _f("2024年一季度产值同比增幅（%）")

    # ---- 用电 -------------------------------------------------------------------------------------------------
    q2_2022_electricity_kwh: Count | None = _f("2022年二季度累计用电量（千瓦时）", le=10**13)
    q2_2021_electricity_kwh: Count | None = _f("2021年二季度累计用电量（千瓦时）", le=10**13)
    q2_2022_electricity_growth_pct: GrowthPct | None = _f("2022年二季度用电量同比增幅（%）")
    electricity_feb_2024_kwh: Kwh | None = _f("2024年2月1日至2月29日用电量（千瓦时）")
    q1_2024_electricity_growth_pct: GrowthPct | None = _f("2024年一季度用电量同比增幅（%）")
    q1_2024_output_growth_not_below_electricity: Flag | None = _f(
        "2024年一季度产值增幅是否不低于用电增幅", "不知道具体增幅时填写"
    )
    equipment_capacity_kw: number(0, 10**9) | None = _f("用电设备容量（千瓦）")
    low_voltage_connection: Flag | None = _f("是否采取低压方式接入电网")
    supply_voltage_kv: number(0, 10**4) | None = _f("用电电压等级（千伏）")
    in_spot_market: Flag | None = _f("是否参与电力现货市场交易")
    in_fujian_power_market: Flag | None = _f("是否参与福建电力市场交易的市场主体")

    # ---- 已获上级奖励（区级奖励以此为基数） ------------------------------------------------------------------
    meets_provincial_q1_2024_conditions: Flag | None = _f("是否符合2024年一季度省级增产增效奖励条件")
    municipal_q1_2024_growth_award_yuan: Yuan | None = _f("已获2024年一季度市级增产增效奖励（元）")
    municipal_spring_festival_award_yuan: Yuan | None = _f("已获2024年春节用电市级奖励（元）")
    first_set_recognised: Flag | None = _f("是否经认定属于国内、省内首台（套）重大技术装备")
    first_set_municipal_subsidy_yuan: Yuan | None = _f("首台（套）已获市级财政资金补助（元）")
    industrial_internet_benchmark: Flag | None = _f(
        "是否入选工业互联网省级以上应用标杆企业或国家级应用典型案例", "入选即获市级奖励30万元，区级追加5万元"
    )
    cloud_new_devices_count: Count | None = _f("新增“上平台”工业设备台（套）数")
    cloud_devices_municipal_award: Flag | None = _f("新增上平台设备是否已获市级奖补")
    cloud_software_used: Flag | None = _f("核心业务是否使用云化工业软件或云计算、存储、网络、安全资源服务")
    techupgrade_project: Flag | None = _f("是否有工业技术改造项目")
    techupgrade_meets_higher_level_policy: Flag | None = _f("技改项目是否符合省、市技术改造项目补助政策")
    techupgrade_start_date: Day | None = _f("技改项目开工建设日期")
    techupgrade_provincial_subsidy_yuan: Yuan | None = _f("技改项目已获省级技改补助（元）")
    techupgrade_municipal_subsidy_yuan: Yuan | None = _f("技改项目已获市级技改补助（元）")

    # ---- 投资 -------------------------------------------------------------------------------------------------
    platform_investment_yuan: Yuan | None = _f("工业互联网平台建设投资额（元）")
    platform_type: PlatformType | None = _f("工业互联网平台类型")
    internet_project_investment_yuan: Yuan | None = _f("基于互联网技术的建设项目投资额（元）")
    informatization_key_project: Flag | None = _f("是否省级两化融合重点项目")
    it_investment_3y_yuan: Yuan | None = _f("近三年信息化相关软硬件投资额（元）")
    energy_saving_tce: Tce | None = _f("节能项目年节能量（吨标准煤）")
    energy_saving_self_implemented: Flag | None = _f("节能项目是否企业自身实施的节能技术改造")
    provincial_key_energy_project: Flag | None = _f("是否省工业重点节能项目")
    energy_project_in_operation: Flag | None = _f("节能项目是否已投用（投产）")
    rd_largest_single_project_yuan: Yuan | None = _f("单个项目研发经费投入（元）", "研发经费投入最大的单个项目")
    rd_prior_year_yuan: Yuan | None = _f("上年度研发经费投入（元）")
    joint_rd_industrialised: Flag | None = _f("与高校、科研院所联合开发的项目是否已实现产业化")
    payments_to_institutes_yuan: Yuan | None = _f("支付给高校、科研院所的技术开发合作费用（元）")
    unveiling_project_selected: Flag | None = _f("是否列入实施的“揭榜挂帅”项目")
    provincial_key_tech_project: Flag | None = _f("是否符合省级技术创新重点攻关及产业化项目条件")
    scrap_purchase_yuan: Yuan | None = _f("采购废钢、废铁等再生资源交易额（元）")
    paid_in_capital_yuan: Yuan | None = _f("实缴注册资本（元）")

    # ---- 认定、称号 -------------------------------------------------------------------------------------------
    new_provincial_specialized: Flag | None = _f("是否新认定省“专精特新”中小企业")
    new_national_little_giant: Flag | None = _f("是否新认定国家专精特新“小巨人”企业")
    new_national_tech_centre: Flag | None = _f("是否新认定国家级企业技术中心")
    new_provincial_tech_centre: Flag | None = _f("是否新认定省级企业技术中心")
    new_municipal_tech_centre: Flag | None = _f("是否新认定市级企业技术中心")
    national_efficiency_title: Flag | None = _f("是否获得国家“能效之星”“能效领跑者”等能效先进称号")
    provincial_efficiency_benchmark: Flag | None = _f("是否省级能效、水效领跑者标杆企业")
    national_efficiency_benchmark: Flag | None = _f("是否国家级能效、水效领跑者标杆企业")
    miit_integration_pilot: Flag | None = _f("是否列入工信部两化融合管理体系贯标试点")
    app_solution_recognised: Flag | None = _f("是否入选工业互联网APP优秀解决方案")
    national_green_factory: Flag | None = _f("是否获评国家级绿色工厂或绿色供应链管理企业")
    recycling_standard_passed: Flag | None = _f("是否通过再生资源行业加工规范条件")
    circular_economy_project: Flag | None = _f("是否实施推进循环经济发展、节约资源的项目")
    provincial_circular_model: Flag | None = _f("是否列入省级循环经济示范企业")
    circular_model_accepted: Flag | None = _f("省级循环经济示范是否通过验收")
    national_fund_investment: Flag | None = _f(
        "是否获得国家制造业转型升级基金、中小企业发展基金或其一级子基金股权投资"
    )
    does_5g_rd: Flag | None = _f("是否从事5G相关产品研发")
    registered_in_changle: Flag | None = _f("是否在长乐区注册或在长乐区设立研发中心、分支机构")

    # ---- 外资、外贸 -------------------------------------------------------------------------------------------
    foreign_new_or_capital_increase: Flag | None = _f("是否新设（含增资）外资企业")
    foreign_paid_in_usd: Usd | None = _f("外资实际到资（美元）")
    foreign_designation: ForeignDesignation | None = _f(
        "外资企业获评国家级称号", "国家4A/5A级物流企业、国家级服务型制造示范、国家级工业设计中心，或其他"
    )
    foreign_trade_enterprise: Flag | None = _f("是否外贸企业")
    export_usd_last_year: Usd | None = _f("上一年度出口额（美元）")

    # ---- 对接活动、融资 ---------------------------------------------------------------------------------------
    matchmaking_organiser: Flag | None = _f("是否牵头组织产融合作政银企对接活动")
    matchmaking_events_count: Count | None = _f("牵头组织的对接活动场次（场）", "每场参会规模均达到下面两项人数的场次")
    matchmaking_enterprises_per_event: Count | None = _f("每场参会企业数（家）")
    matchmaking_banks_per_event: Count | None = _f("每场参会银行金融机构数（家）")
    receivables_core_enterprise: Flag | None = _f("是否辖区大型企业或供应链核心企业（帮助中小企业应收账款融资）")
    receivables_via_platform: Flag | None = _f("是否通过中征应收账款融资服务平台或银行自建供应链融资平台")
    receivables_annualised_financing_yuan: Yuan | None = _f("帮助中小企业应收账款融资的年化融资金额（元）")

    # ---- 用工、招聘 -------------------------------------------------------------------------------------------
    q1_2024_output_vs_q4_2023_pct: number(0, 100000) | None = _f(
        "2024年一季度工业总产值为2023年四季度的百分比（%）", "如95；不知道两季产值时填写")
    q1_2024_insured_vs_q4_2023_pct: number(0, 100000) | None = _f(
        "2024年一季度失业保险月平均参保人数为2023年四季度的百分比（%）", "如92；不知道两季人数时填写")
    q4_2023_avg_insured: number(0, 10**7) | None = _f("2023年第四季度失业保险月平均参保缴费人数")
    q1_2024_avg_insured: number(0, 10**7) | None = _f("2024年第一季度失业保险月平均参保缴费人数")
    recruitment_events_outside_province_2024: Count | None = _f("2024年赴省外参加或举办招聘活动次数")
    recruitment_events_inside_province_2024: Count | None = _f("2024年赴省内参加或举办招聘活动次数")
    recruitment_events_subsidised_2024: int | None = _f("2024年已获招聘活动补助次数（0-2）", ge=0, le=2, strict=True)
    workers_introduced_count: Count | None = _f(
        "本单位为重点工业企业引进劳动力人数", "本单位作为社会机构、人力资源服务机构引进劳动力时填写"
    )
    workers_introduced_to_key_industrial: Flag | None = _f("引进劳动力的用工企业是否重点工业企业")

    @model_validator(mode="after")
    def _consistent(self) -> EnterpriseProfile:
        problems = contradictions(self)
        if problems:
            raise ValueError("\n".join(f"{', '.join(fields)}: {msg}" for fields, msg in problems))
        return self


def _pct(new: Decimal | int, old: Decimal | int) -> Decimal:
    return (Decimal(new) - Decimal(old)) * 100 / Decimal(old)


def ecur_eprev_known(p: EnterpriseProfile) -> bool:
    return p.q2_2022_electricity_kwh is not None and p.q2_2021_electricity_kwh is not None


def contradictions(p: EnterpriseProfile) -> list[tuple[tuple[str, ...], str]]:
    """Figures that cannot all be true at once. Each entry names the fields involved and says why."""
    out: list[tuple[tuple[str, ...], str]] = []

    def add(fields: tuple[str, ...], msg: str) -> None:
        out.append((fields, msg))

    # 规下 vs having entered the above-scale statistics
    if p.scale == "规下" and (p.above_scale_entry_kind is not None or p.above_scale_entry_date is not None):
        add(
            ("scale", "above_scale_entry_kind" if p.above_scale_entry_kind else "above_scale_entry_date"),
            "规模填“规下”，却填写了纳入规上统计的方式或日期；纳入规上统计的企业是规上企业，请核对其一",
        )
    if p.above_scale_entry_date and p.founded_date and p.above_scale_entry_date < p.founded_date:
        add(
            ("above_scale_entry_date", "founded_date"),
            f"纳入规上统计日期 {p.above_scale_entry_date} 早于成立日期 {p.founded_date}",
        )
    if p.techupgrade_start_date and p.founded_date and p.techupgrade_start_date < p.founded_date:
        add(("techupgrade_start_date", "founded_date"), f"技改项目开工日期 {p.techupgrade_start_date} 早于成立日期 {p.founded_date}")
    if p.founded_date and p.founded_date > date(2100, 1, 1):
        add(("founded_date",), "成立日期不合理")
    # 2022 Q2 output: absolute figures vs growth / increase
    cur, prev = p.q2_2022_output_yuan, p.q2_2021_output_yuan
    if cur is not None and prev is not None:
        if p.q2_2022_output_increase_yuan is not None and p.q2_2022_output_increase_yuan != cur - prev:
            add(
                ("q2_2022_output_increase_yuan", "q2_2022_output_yuan", "q2_2021_output_yuan"),
                f"二季度产值增加额 {p.q2_2022_output_increase_yuan:,} 元 与 两期产值之差 {cur - prev:,} 元 不一致",
            )
        if p.q2_2022_output_growth_pct is not None:
            if prev == 0:
                add(("q2_2022_output_growth_pct", "q2_2021_output_yuan"), "上年同期产值为0，无法有同比增幅")
            elif abs(_pct(cur, prev) - p.q2_2022_output_growth_pct) > Decimal("0.5"):
                add(
                    ("q2_2022_output_growth_pct", "q2_2022_output_yuan", "q2_2021_output_yuan"),
                    f"二季度产值增幅 {p.q2_2022_output_growth_pct}% 与两期产值算出的 {_pct(cur, prev):.2f}% 不一致",
                )
    if (
        p.q2_2022_output_growth_pct is not None
        and p.q2_2022_output_increase_yuan is not None
        and (p.q2_2022_output_growth_pct > 0) != (p.q2_2022_output_increase_yuan > 0)
    ):
        add(
            ("q2_2022_output_growth_pct", "q2_2022_output_increase_yuan"),
            "产值增幅与产值增加额不一致：一个表示增长、一个表示没有增长",
        )
    eg = p.q2_2022_electricity_growth_pct
    if eg is not None and p.q2_2022_electricity_grew is not None and p.q2_2022_electricity_grew != (eg > 0):
        add(
            ("q2_2022_electricity_grew", "q2_2022_electricity_growth_pct"),
            f"用电“{'增长' if p.q2_2022_electricity_grew else '未增长'}”与用电增幅 {eg}% 矛盾",
        )
    if ecur_eprev_known(p) and p.q2_2022_electricity_grew is not None:
        if p.q2_2022_electricity_grew != (p.q2_2022_electricity_kwh > p.q2_2021_electricity_kwh):  # type: ignore[operator]
            add(
                ("q2_2022_electricity_grew", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"),
                "用电是否增长与两期用电量矛盾",
            )
    ecur, eprev = p.q2_2022_electricity_kwh, p.q2_2021_electricity_kwh
    if ecur is not None and eprev is not None and p.q2_2022_electricity_growth_pct is not None:
        if eprev == 0:
            add(("q2_2022_electricity_growth_pct", "q2_2021_electricity_kwh"), "上年同期用电量为0，无法有同比增幅")
        elif abs(_pct(ecur, eprev) - p.q2_2022_electricity_growth_pct) > Decimal("0.5"):
            add(
                ("q2_2022_electricity_growth_pct", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"),
                f"二季度用电增幅 {p.q2_2022_electricity_growth_pct}% 与两期用电量算出的 {_pct(ecur, eprev):.2f}% 不一致",
            )
    og, eg4 = p.q1_2024_output_growth_pct, p.q1_2024_electricity_growth_pct
    flag = p.q1_2024_output_growth_not_below_electricity
    if og is not None and eg4 is not None and flag is not None and flag != (og >= eg4):
        add(
            ("q1_2024_output_growth_not_below_electricity", "q1_2024_output_growth_pct", "q1_2024_electricity_growth_pct"),
            f"“产值增幅{'不低于' if flag else '低于'}用电增幅”与所填增幅（产值 {og}%、用电 {eg4}%）矛盾",
        )
    # 工业 / 制造业 flags against each other and against a named industry
    if p.industrial_enterprise is False and p.manufacturing_enterprise is True:
        add(("industrial_enterprise", "manufacturing_enterprise"), "制造业企业是工业企业，“否”与“是”矛盾，请核对其一")
    if p.industry is not None:
        for name, group, label in (("industrial_enterprise", INDUSTRIAL, "工业"), ("manufacturing_enterprise", MANUFACTURING, "制造业")):
            flag = getattr(p, name)
            if flag is not None and flag != (p.industry in group):
                add(("industry", name), f"所属行业“{p.industry.value}”{'属于' if p.industry in group else '不属于'}{label}，与所填“{'是' if flag else '否'}”矛盾")
    # revenue
    if (
        p.revenue_this_year_yuan is not None
        and p.small_or_micro is True
        and p.employees is not None
        and p.industry in INDUSTRIAL
        and p.employees >= 300
        and p.revenue_this_year_yuan >= 20_000_000
    ):
        add(
            ("small_or_micro", "employees", "revenue_this_year_yuan"),
            "工业企业从业人员300人及以上且营业收入2000万元及以上即为中型及以上企业（统计上大中小微型企业划分办法（2017）），不是小微企业",
        )
    # first set: a municipal subsidy presupposes recognition
    if p.first_set_recognised is False and (p.first_set_municipal_subsidy_yuan or 0) > 0:
        add(
            ("first_set_recognised", "first_set_municipal_subsidy_yuan"),
            "未认定为首台（套），却填写了首台（套）市级补助",
        )
    # foreign capital
    if p.foreign_invested is False and (
        p.foreign_new_or_capital_increase or (p.foreign_paid_in_usd or 0) > 0 or p.foreign_designation not in (None, "其他")
    ):
        fields = [
            f
            for f, v in (
                ("foreign_new_or_capital_increase", p.foreign_new_or_capital_increase),
                ("foreign_paid_in_usd", p.foreign_paid_in_usd),
                ("foreign_designation", p.foreign_designation),
            )
            if v
        ]
        add(("foreign_invested", *fields), "填写“不是外资企业”，却填写了外资新设/增资、外资到资或外资企业称号")
    if p.foreign_trade_enterprise is False and (p.export_usd_last_year or 0) > 0:
        add(("foreign_trade_enterprise", "export_usd_last_year"), "填写“不是外贸企业”，却有出口额")
    # efficiency benchmarks, circular model acceptance
    if p.provincial_circular_model is False and p.circular_model_accepted is True:
        add(("provincial_circular_model", "circular_model_accepted"), "未列入省级循环经济示范企业，不会有示范验收")
    # tech-upgrade subsidies without a project
    if p.techupgrade_project is False and (
        (p.techupgrade_provincial_subsidy_yuan or 0) > 0
        or (p.techupgrade_municipal_subsidy_yuan or 0) > 0
        or p.techupgrade_start_date is not None
        or p.techupgrade_meets_higher_level_policy
    ):
        add(("techupgrade_project",), "填写“没有技改项目”，却填写了技改项目的开工日期、补助或政策符合情况")
    # cloud devices
    if p.cloud_devices_municipal_award is True and p.cloud_new_devices_count == 0:
        add(("cloud_devices_municipal_award", "cloud_new_devices_count"), "没有新增上平台设备，却填写“已获市级奖补”")
    # matchmaking events
    if p.matchmaking_organiser is False and (p.matchmaking_events_count or 0) > 0:
        add(("matchmaking_organiser", "matchmaking_events_count"), "填写“不是牵头组织单位”，却填写了牵头组织的场次")
    # recruitment
    subsidised = p.recruitment_events_subsidised_2024
    events = (p.recruitment_events_outside_province_2024 or 0) + (p.recruitment_events_inside_province_2024 or 0)
    if (
        subsidised is not None
        and p.recruitment_events_outside_province_2024 is not None
        and p.recruitment_events_inside_province_2024 is not None
        and subsidised > events
    ):
        add(
            (
                "recruitment_events_subsidised_2024",
                "recruitment_events_outside_province_2024",
                "recruitment_events_inside_province_2024",
            ),
            f"已获补助 {subsidised} 次，多于参加或举办的招聘活动 {events} 次",
        )
    # insured headcount larger than employees is possible (agency staff) — not checked.
    # new entrant in 2024 Q1 with 2023 Q4 output of a 规上 enterprise is possible — not checked.
    return out


def profile_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """(field(s), message) pairs from a profile ValidationError, for CLI and API error output."""
    out: list[tuple[str, str]] = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"])
        msg = str(e["msg"])
        if not loc and msg.startswith("Value error, "):
            for line in msg[len("Value error, "):].splitlines():
                fields, _, text = line.partition(": ")
                out.append((fields, text))
            continue
        out.append((loc or "(profile)", msg))
    return out
