"""Printable HTML report (Chinese, one page per enterprise, self-contained CSS, no external assets)."""

from __future__ import annotations

from html import escape

from assistant.checkup.report import CheckupReport, total_lines
from calculators.blocks import fmt_yuan

CSS = """
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", SimSun, sans-serif;
       color: #1a1a1a; margin: 0; background: #f4f4f4; font-size: 14px; line-height: 1.55; }
.page { background: #fff; max-width: 210mm; margin: 12px auto; padding: 14mm 14mm 12mm; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 18px 0 6px; border-left: 4px solid #b22222; padding-left: 8px; }
.meta { color: #555; font-size: 12.5px; margin-bottom: 8px; }
table { width: 100%; border-collapse: collapse; margin: 4px 0 8px; font-size: 12.5px; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f0ece4; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.amount { text-align: right; white-space: normal; width: 30%; }
table.awards td:first-child { width: 16%; } table.awards td:nth-child(2) { width: 20%; }
td { overflow-wrap: anywhere; }
.tag { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px; margin-left: 4px; }
.expired { background: #fde2e2; color: #a00; }
.inforce { background: #e3f4e3; color: #17651a; }
.dropped { color: #888; text-decoration: line-through; }
.small { font-size: 11.5px; color: #555; }
.headline { font-size: 17px; font-weight: 700; margin: 6px 0; }
.expired-note { color: #b22222; font-weight: 600; margin: 4px 0 8px; }
caption { text-align: left; }
ul { margin: 4px 0 8px 18px; padding: 0; }
.total { font-weight: 700; }
.box { border: 1px solid #ccc; padding: 6px 10px; background: #fafafa; }
@media print {
  body { background: #fff; font-size: 11.5px; }
  .page { margin: 0; padding: 0; max-width: none; page-break-after: always; }
  .page:last-child { page-break-after: auto; }
  h2 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
  @page { size: A4; margin: 12mm; }
}
"""


def _e(s: object) -> str:
    return escape("" if s is None else str(s))


def _validity_tag(in_force: bool | None) -> str:
    if in_force is False:
        return '<span class="tag expired">已过有效期</span>'
    if in_force is True:
        return '<span class="tag inforce">有效期内</span>'
    return ""


def render_html(report: CheckupReport) -> str:
    """A complete HTML page for one enterprise's report."""
    r = report
    name = r.enterprise_name or "（未填写企业名称）"
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>政策体检报告 - {_e(name)}</title>",
        f"<style>{CSS}</style></head><body>",
        '<div class="page">',
        f"<h1>政策体检报告：{_e(name)}</h1>",
        '<div class="meta">依据：长发改综〔2022〕51号《福州市长乐区促进工业经济平稳增长实施方案》、'
        "长政办规〔2024〕1号《福州市长乐区2024年一季度“开门红”“开门稳”工作方案》"
        f"<br>体检日期（有效期判断日）：{_e(r.as_of.isoformat()) if r.as_of else '未给出（未判断有效期）'}</div>",
    ]

    # ---- totals
    t = r.totals
    out.append("<h2>合计</h2>")
    first, *rest = total_lines(t, r.as_of)
    out.append(f"<p class='headline'>{_e(first)}</p>")
    out.extend(f"<p class='expired-note'>{_e(line)}</p>" for line in rest)
    caption = "按条文测算（含已不在有效期内的条款）" if rest else "按条文测算"
    out.append(f'<table><caption class="small">{caption}</caption>'
               '<tr><th>资金层级</th><th>确定金额</th><th>另有上限/区间奖励（最高可达）</th></tr>')
    for lv in t.by_level:
        out.append(
            f"<tr><td>{_e(lv.level)}</td><td class='num'>{_e(fmt_yuan(lv.exact_yuan))}</td>"
            f"<td class='num'>{_e(fmt_yuan(lv.up_to_yuan)) if lv.up_to_yuan else '—'}</td></tr>"
        )
    out.append(
        f"<tr class='total'><td>合计</td><td class='num'>{_e(fmt_yuan(t.exact_total_yuan))}</td>"
        f"<td class='num'>{_e(fmt_yuan(t.up_to_total_yuan)) if t.up_to_total_yuan else '—'}</td></tr></table>"
    )
    extra = []
    if t.no_figure_count:
        extra.append(f"另有 {t.no_figure_count} 项适用但条文未写金额，不计入合计。")
    extra.append("“最高可达”是上限之和，实际金额由责任单位核定，不与确定金额相加。")
    out.append(f"<p class='small'>{_e(' '.join(extra))}</p>")

    # ---- applicable awards
    out.append("<h2>适用的奖补</h2>")
    if r.applicable:
        out.append(
            "<table class='awards'><tr><th>条款</th><th>事项</th><th>金额</th><th>资金层级</th><th>责任单位</th></tr>"
        )
        for it in r.applicable:
            cls = " class='dropped'" if it.not_repeated else ""
            levels = "、".join(it.funding_levels) or "条文未写明"
            note = "<br><span class='small'>就高不重复，不再享受</span>" if it.not_repeated else ""
            out.append(
                f"<tr{cls}><td>{_e(it.citation_display)}{_validity_tag(it.in_force)}</td><td>{_e(it.title)}</td>"
                f"<td class='amount'>{_e(it.amount_text)}{note}</td><td>{_e(levels)}</td>"
                f"<td>{_e('、'.join(it.responsible_units))}</td></tr>"
            )
        out.append("</table>")
        out.append("<details open><summary class='small'>计算依据（条文原文与计算步骤）</summary><ul class='small'>")
        for it in r.applicable:
            steps = "；".join(f"{s.check}〔“{s.clause_words}”〕" for s in it.steps)
            out.append(f"<li><b>{_e(it.citation_display)}</b> {_e(steps)}</li>")
        out.append("</ul></details>")
    else:
        out.append("<p>根据已填写的信息，暂未发现确定适用的奖补。</p>")

    # ---- duplicates
    if r.duplicates:
        out.append("<h2>就高不重复</h2><ul>")
        for d in r.duplicates:
            out.append(f"<li>{_e(d.matter)}：{_e(d.reason)}</li>")
        out.append("</ul>")

    # ---- may apply
    out.append("<h2>可能适用：请补充信息</h2>")
    if r.may_apply:
        out.append("<table><tr><th>条款</th><th>事项</th><th>需要补充 / 待确认</th><th>责任单位</th></tr>")
        for it in r.may_apply:
            need = it.prompt + (f"（{it.amount_text}）" if it.amount_text else "")
            out.append(
                f"<tr><td>{_e(it.citation_display)}{_validity_tag(it.in_force)}</td><td>{_e(it.title)}</td>"
                f"<td>{_e(need)}</td><td>{_e('、'.join(it.responsible_units))}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p>无。</p>")

    # ---- ruled out
    out.append("<h2>不适用的奖补及原因</h2>")
    if r.ruled_out:
        out.append("<table><tr><th>条款</th><th>事项</th><th>原因</th><th>条文</th></tr>")
        for it in r.ruled_out:
            out.append(
                f"<tr><td>{_e(it.citation_display)}</td><td>{_e(it.title)}</td><td>{_e(it.reason)}</td>"
                f"<td class='small'>{_e(it.clause_words)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p>无。</p>")

    # ---- contact units
    out.append("<h2>申报联系单位</h2>")
    if r.contact_units:
        out.append(f"<p>{_e('、'.join(r.contact_units))}</p>")
    else:
        out.append("<p>暂无（没有确定适用的奖补）。</p>")

    # ---- validity and notes
    out.append("<h2>有效期说明</h2><ul>")
    for v in r.validity_summary:
        out.append(f"<li>{_e(v)}</li>")
    out.append("</ul>")
    if r.not_assessed:
        out.append(
            "<p class='small'>未评估（画像未涉及）："
            + _e("；".join(f"{n.citation_display} {n.title}" for n in r.not_assessed))
            + "</p>"
        )
    out.append("<div class='box small'><ul>")
    for n in r.notes:
        out.append(f"<li>{_e(n)}</li>")
    out.append("</ul></div>")
    out.append("</div></body></html>")
    return "\n".join(out)
