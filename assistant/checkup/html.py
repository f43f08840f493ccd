"""Printable HTML report (Chinese, one page per enterprise, self-contained CSS, no external assets).

Why a template: the page is markup around values from the profile, the corpus and the calculators; Jinja2 with
autoescape escapes every one of them (an enterprise named ``<b>x</b>`` shows as text), which string concatenation
left to each call site. The documents the report rests on come from the document registry.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

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


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("assistant.checkup", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["yuan"] = fmt_yuan
    return env


def render_html(report: CheckupReport) -> str:
    """A complete HTML page for one enterprise's report."""
    from assistant.checkup.engine import basis_documents
    from assistant.documents import registry

    reg = registry()
    first, *rest = total_lines(report.totals, report.as_of)
    return _environment().get_template("report.html.j2").render(
        r=report,
        name=report.enterprise_name or "（未填写企业名称）",
        css=Markup(CSS),  # the module's own constant, not data
        documents=[reg.get(k) for k in basis_documents()],
        total_first=first,
        total_rest=rest,
    )
