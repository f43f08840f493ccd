"""`policy-assistant match profile.json [--html out.html] [--as-of YYYY-MM-DD] [--json]`: the 政策体检 from a profile file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from pydantic import ValidationError

from assistant import cli_output

match_app = typer.Typer(
    help="政策体检：读入企业画像 JSON，列出适用、可能适用和不适用的奖补（规则计算，无模型）。",
    invoke_without_command=True,
    no_args_is_help=True,
    # a group stops parsing options at its first positional; this one has no sub-commands, so let options follow
    # the profile path as documented: `policy-assistant match profile.json --html out.html`
    context_settings={"allow_interspersed_args": True},
)


@match_app.callback()
def match_command(
    profile_path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="企业画像 JSON 文件"),
    html: Path | None = typer.Option(None, "--html", help="同时写出可打印的 HTML 报告"),
    as_of: str | None = typer.Option(None, "--as-of", help="有效期判断日 YYYY-MM-DD（默认今天）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出完整报告"),
) -> None:
    from assistant.checkup import EnterpriseProfile, match, render_html
    from assistant.checkup.profile import profile_errors

    err = cli_output.console(stderr=True)
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        err.print(f"[red]--as-of: 日期格式应为 YYYY-MM-DD，收到 {as_of!r}[/red]")
        raise typer.Exit(2) from None
    try:
        data = json.loads(profile_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        err.print(f"[red]{profile_path}: 不是有效的 JSON（{e}）[/red]")
        raise typer.Exit(2) from None
    try:
        profile = EnterpriseProfile.model_validate(data)
    except ValidationError as e:
        err.print(f"[red]{profile_path}: 企业画像有误[/red]")
        for field, msg in profile_errors(e):
            err.print(f"  {field}: {msg}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    report = match(profile, day)
    if html is not None:
        html.write_text(render_html(report), encoding="utf-8")
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    _print(report, html)


def _print(report, html: Path | None) -> None:  # type: ignore[no-untyped-def]
    from assistant.checkup.report import total_lines
    from calculators.blocks import fmt_yuan

    con = cli_output.console()
    cli_output.echo(f"政策体检：{report.enterprise_name or '（未填写企业名称）'}  体检日期 {report.as_of}", con, style="bold")
    rows = []
    for it in report.applicable:
        mark = "（就高不重复，不再享受）" if it.not_repeated else ""
        expired = "（已过有效期）" if it.in_force is False else ""
        rows.append((it.citation_display + expired, it.title, it.amount_text + mark,
                     "、".join(it.funding_levels) or "未写明", "、".join(it.responsible_units)))
    cli_output.table(("条款", "事项", "金额", "资金层级", "责任单位"), rows, con, title="适用的奖补", whole=("条款",))
    tt = report.totals
    for line in total_lines(tt, report.as_of):
        con.print(line, markup=False, highlight=False)
    if tt.up_to_total_yuan:
        con.print(f"另有上限/区间奖励最高可达 {fmt_yuan(tt.up_to_total_yuan)}（按条文测算）")
    for lv in tt.by_level:
        con.print(f"  {lv.level}: {fmt_yuan(lv.exact_yuan)}" + (f"（另最高 {fmt_yuan(lv.up_to_yuan)}）" if lv.up_to_yuan else ""))
    if report.may_apply:
        cli_output.echo("可能适用（请补充）", con, style="bold")
        for it in report.may_apply:
            con.print(f"  - {it.prompt}", markup=False, highlight=False)
    if report.ruled_out:
        cli_output.echo("不适用", con, style="bold")
        for it in report.ruled_out:
            con.print(f"  - {it.citation_display} {it.title}：{it.reason}", markup=False, highlight=False)
    if report.contact_units:
        cli_output.echo("申报联系单位：" + "、".join(report.contact_units), con)
    for v in report.validity_summary:
        cli_output.echo(v, con, style="dim")
    if html is not None:
        cli_output.echo(f"HTML 报告已写出：{html}", con)
