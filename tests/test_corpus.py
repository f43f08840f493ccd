"""The parse of both documents, checked against the text by hand."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus import CorpusError, load_corpus_from, repair
from assistant.settings import ROOT

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus_from(CORPUS)


def test_clause_counts_and_ids(corpus):
    assert len(corpus.documents["2022"].clauses) == 65
    assert len(corpus.documents["2024"].clauses) == 25
    assert [c.number for c in corpus.documents["2022"].clauses] == list(range(1, 66))
    assert corpus.get("2022#14").display == "长发改综〔2022〕51号 第14条"
    assert corpus.get("2024＃9").id == "2024#9"


def test_copies_are_verbatim():
    for name in ("changle-2022-51.txt", "changle-2024-1.txt"):
        shared = ROOT.parent / "shared" / "policies" / name
        if shared.exists():
            assert (CORPUS / name).read_bytes() == shared.read_bytes()


# Units read off the text by hand, normalised per docs/conventions.md.
UNITS = {
    "2022#1": ["区税务局", "区财政局", "区人社局", "区住建局", "区发改局", "区机关事务管理中心", "区国资中心",
               "人行长乐支行", "各乡镇（街道）"],
    "2022#2": ["区财政局"],
    "2022#4": ["区工信局", "区供电公司"],
    "2022#6": ["区发改局", "区工信局", "区商务局", "区市场监管局"],
    "2022#14": ["区工信局", "区财政局", "区供电公司"],
    "2022#17": ["区工信局", "区财政局", "区水利局"],
    "2022#20": ["区工信局", "促进中小企业发展工作领导小组成员单位"],
    "2022#25": ["区招商办", "区发改局", "区工信局", "区航空城办"],
    "2022#32": ["区发改局", "区工信局", "区气象局", "区生态环境局", "区交通局", "区农业农村局", "区林业局", "区海渔局"],
    "2022#42": ["区交通局", "区工信局", "区港务局"],
    "2022#43": ["区商务局", "区金融办", "长乐银保监组"],
    "2022#50": ["区发改局", "区金融办"],
    "2022#52": ["区发改局", "区工信局", "区金融办", "区国资中心", "人行长乐支行", "长乐银保监组", "区国际航空城办",
                "区闽江口办"],
    "2022#61": ["区工信局", "清理拖欠民营企业、中小企业账款工作领导小组成员单位"],
    "2022#62": ["区工信局", "区直涉企政策制定发布单位"],
    "2022#63": ["区营商办", "区司法局", "“智慧长乐”管理服务中心", "优化营商环境各专项工作组成员单位"],
    "2024#1": ["区财政局", "区税务局"],
    "2024#2": ["区发改局", "区工信局", "区金融办"],
    "2024#3": ["区金融办", "区发改局", "原长乐银保监组", "区工信局", "区商务办", "区农业农村局", "区海洋渔业局", "区文旅局"],
    "2024#5": ["区营商办", "区发改局", "区资源规划局", "区商务办", "区市场监管局（知识产权局）", "区行政服务中心",
               "区不动产登记中心"],
    "2024#8": ["区工信局", "区财政局", "区供电公司"],
    "2024#9": ["区工信局", "区财政局", "区供电公司"],
    "2024#16": ["区招商办", "区属国企"],
    "2024#22": ["区卫健局", "区教育局", "区民政局"],
    "2024#24": ["区发改局", "区商务办", "区市场监管局"],
    "2024#25": ["区安委会各成员单位"],
}


@pytest.mark.parametrize("cid,units", UNITS.items())
def test_responsible_units(corpus, cid, units):
    assert corpus.get(cid).responsible_units == units


def test_every_clause_has_units_and_township_rule(corpus):
    for clause in corpus.clauses:
        assert clause.responsible_units, clause.id
        assert clause.implementing_units == ["各乡镇（街道）"], clause.id


def test_document_rules_belong_to_their_document(corpus):
    d22, d24 = corpus.documents["2022"].meta, corpus.documents["2024"].meta
    assert d22.document_rules.funding_rule_quote and "就高不重复" in d22.document_rules.funding_rule_quote
    assert d22.document_rules.interpreting_units == ["区发改局", "区工信局", "区财政局"]
    assert d24.document_rules.funding_rule_quote is None
    assert d24.document_rules.interpreting_units == []
    assert "就高不重复" not in corpus.documents["2024"].raw
    assert corpus.get("2022#interpretation").responsible_units == ["区发改局", "区工信局", "区财政局"]
    assert "就高不重复" in corpus.get("2022#funding-rule").text
    assert "2024年12月31日" in corpus.get("2022#validity").text
    assert corpus.get("2024#validity").text.startswith("本方案自印发之日起执行，有效期至2024年3月31日")
    assert "区发改局牵头" in corpus.get("2024#implementation").text
    assert corpus.get("2022#preamble").text.startswith("为贯彻落实")


@pytest.mark.parametrize(
    "cid,fragment",
    [
        ("2024#2", "不断延伸民营经济产业链，做大民营经济规模"),
        ("2024#4", "增加合作银行的业务授信"),
        ("2024#6", "重点做强漳港海蚌特色种业，提升漳港海蚌产业效益"),
        ("2024#12", "以东南大数据产业园为重点，向国际航空城"),
        ("2024#14", "盘活闲置土地、低效土地、低效工业厂房"),
        ("2024#16", "发挥国有公司的资本运作平台"),
        ("2024#23", "给予每家企业省外3000元/次、省内1000元/次的一次性补助"),
        ("2024#25", "有序有效科学处置各类突发事件"),
        ("2024#8", "（责任单位：区工信局、财政局，区供电公司)"),
        ("2024#4", "担保放大倍数同比上升25%，年担保费率持续低于1%"),
    ],
)
def test_page_breaks_repaired(corpus, cid, fragment):
    clause = corpus.get(cid)
    assert fragment in clause.text
    assert "\n" not in clause.text and "**" not in clause.text


def test_original_text_kept_for_quoting(corpus):
    c = corpus.get("2024#2")
    assert "民营经济产业\n\n链" in c.original
    assert c.original.startswith("2. **促进新时代民营经济发展。**")
    assert corpus.get("2022#14").original.startswith("    14.鼓励企业增产增效")
    assert corpus.get("2022#14").text.startswith("鼓励企业增产增效")


def test_titles(corpus):
    assert corpus.get("2024#1").title == "全面落实税费减免政策"
    assert corpus.get("2024#13").title == "激发民间投资活力"
    assert corpus.get("2024#9").title == "实施春节期间企业用电奖励"
    assert corpus.get("2022#14").title == "鼓励企业增产增效"
    assert corpus.get("2022#15").title is None  # lead sentence runs on with a comma
    assert corpus.get("2024#13").text.startswith("激发民间投资活力。聚焦")


def test_sections(corpus):
    assert corpus.get("2022#11").section == "三、鼓励提质增效升级，增强创新发展动力"
    assert corpus.get("2024#25").section == "七、守牢安全生产底线"


@pytest.mark.parametrize(
    "cid,day,expected",
    [
        ("2022#14", date(2022, 5, 30), False),
        ("2022#14", date(2022, 5, 31), True),
        ("2022#14", date(2024, 12, 31), True),
        ("2022#14", date(2025, 1, 1), False),
        ("2024#9", date(2024, 2, 7), False),
        ("2024#9", date(2024, 2, 8), True),
        ("2024#9", date(2024, 3, 15), True),  # after the February qualifying period: still in force
        ("2024#9", date(2024, 3, 31), True),
        ("2024#9", date(2024, 4, 1), False),
    ],
)
def test_document_validity(corpus, cid, day, expected):
    assert corpus.validity(cid, day).in_force is expected


def test_measure_periods_of_clause_4(corpus):
    def spot(day):
        v = corpus.validity("2022#4", day)
        return {m.measure[:9]: m.in_force for m in v.measures}, v.in_force

    measures, clause = spot(date(2023, 12, 31))
    assert measures["电压等级不满1千伏"[:9]] is True and clause is True
    measures, clause = spot(date(2024, 1, 1))
    assert measures["电压等级不满1千伏"[:9]] is False
    assert clause is True  # the low-voltage access scheme follows the document
    # "2022年3月…偏差部分免予考核" names the trading month covered (qualifying), not a period of validity
    measures, clause = spot(date(2022, 6, 15))
    assert "2022年3月电力市场交"[:9] not in measures and clause is True


def test_qualifying_periods_are_not_validity(corpus):
    v = corpus.validity("2024#9", date(2024, 3, 15))
    assert v.in_force and not v.measures
    assert [(q.start, q.end) for q in v.qualifying] == [(date(2024, 2, 1), date(2024, 2, 29))]
    assert "不是有效期" in v.note
    q14 = corpus.validity("2022#14", date(2023, 1, 1)).qualifying
    assert [(q.start, q.end) for q in q14] == [(date(2022, 4, 1), date(2022, 6, 30))]


def _copy_corpus(tmp_path: Path) -> Path:
    dest = tmp_path / "corpus"
    dest.mkdir()
    for p in CORPUS.glob("*"):
        if p.is_file():
            shutil.copy(p, dest / p.name)
    return dest


THIRD_TEXT = """长工信〔2025〕9号
福州市长乐区测试方案
为测试新增文件，制定本方案。
一、支持措施
1.鼓励企业上云。对新上云企业给予1万元奖励。（责任单位：区工信局、财政局等）

2.支持人才引进。对引进博士的企业给予
5万元补助。（责任单位：区人社局）
本方案自印发之日起施行，有效期至2025年12月31日。
"""

THIRD_META = """key: "2025"
text_file: third.txt
wenhao: 长工信〔2025〕9号
title: 福州市长乐区测试方案
issuers: [福州市长乐区工业和信息化局]
issued: 2025-03-01
effective_from: 2025-03-01
expires: 2025-12-31
expected_clauses: 2
body_start: 福州市长乐区测试方案
unit_prefix: 区
passages:
  - {key: preamble, title: 目的, match: 为测试新增文件}
  - {key: validity, title: 有效期, match: 本方案自印发之日起施行}
"""


def test_third_document_is_data_only(tmp_path):
    dest = _copy_corpus(tmp_path)
    (dest / "third.txt").write_text(THIRD_TEXT, encoding="utf-8")
    (dest / "third.yaml").write_text(THIRD_META, encoding="utf-8")
    corpus = load_corpus_from(dest)
    assert set(corpus.documents) == {"2022", "2024", "2025"}
    assert corpus.get("2025#1").responsible_units == ["区工信局", "区财政局"]
    assert corpus.get("2025#2").text == "支持人才引进。对引进博士的企业给予5万元补助。（责任单位：区人社局）"
    assert corpus.get("2025#validity").text.startswith("本方案自印发之日起施行")
    assert corpus.validity("2025#1", date(2026, 1, 1)).in_force is False


@pytest.mark.parametrize(
    "mutate,needle",
    [
        (lambda t, m: (t.replace("2.支持人才引进", "3.支持人才引进"), m), "third.txt:7: clause numbering jumps"),
        (lambda t, m: (t, m.replace("expected_clauses: 2", "expected_clauses: 3")), "found 2 clauses"),
        (lambda t, m: (t, m.replace("issued: 2025-03-01", "issued: 2025-13-01")), "field issued"),
        (lambda t, m: (t, m.replace("wenhao: 长工信〔2025〕9号\n", "")), "field wenhao: Field required"),
        (lambda t, m: (t, m.replace("title: 有效期, match: 本方案", "title: 有效期, match: 没有这句")), "not found"),
        (lambda t, m: (t, m.replace("passages:", "passages: [")), "third.yaml:13: invalid YAML"),
        (lambda t, m: (t, m.replace("body_start: 福州市长乐区测试方案", "body_start: 不存在")), "body_start"),
        (lambda t, m: (t, m + "periods:\n  - {clause: 9, kind: in_force, measure: x, start: 2025-01-01, "
                              "end: 2025-02-01, quote: x}\n"), "clause 9 does not exist"),
    ],
)
def test_malformed_document_fails_clearly(tmp_path, mutate, needle):
    dest = _copy_corpus(tmp_path)
    text, meta = mutate(THIRD_TEXT, THIRD_META)
    (dest / "third.txt").write_text(text, encoding="utf-8")
    (dest / "third.yaml").write_text(meta, encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus_from(dest)
    assert needle in str(err.value)


def test_text_without_metadata_fails(tmp_path):
    dest = _copy_corpus(tmp_path)
    (dest / "orphan.txt").write_text(THIRD_TEXT, encoding="utf-8")
    with pytest.raises(CorpusError, match="orphan.txt: has no metadata file orphan.yaml"):
        load_corpus_from(dest)


def test_changed_verbatim_copy_detected(tmp_path):
    dest = _copy_corpus(tmp_path)
    path = dest / "changle-2024-1.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("50万千瓦时", "5万千瓦时"), encoding="utf-8")
    with pytest.raises(CorpusError, match="sha256 differs"):
        load_corpus_from(dest)


def test_repair_keeps_space_between_cjk_words():
    assert repair("《国家发展改革委 工业和信息化部》") == "《国家发展改革委 工业和信息化部》"
    assert repair("省外 3000 元/次") == "省外3000元/次"
    assert repair("**激发。** 聚焦\n\n链") == "激发。聚焦链"
