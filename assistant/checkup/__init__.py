"""政策体检 (policy check-up): an enterprise profile in, every applicable award out (issue 9, 2022 第62条 “政策云配”).

Public interface (used by the CLI, ``POST /v1/match`` and the UI tab)::

    from assistant.checkup import EnterpriseProfile, CheckupReport, match, render_html
    report = match(profile, as_of)      # deterministic, no model
    html = render_html(report)          # complete printable HTML page
"""

from assistant.checkup.engine import match
from assistant.checkup.html import render_html
from assistant.checkup.profile import EnterpriseProfile, Industry
from assistant.checkup.report import CheckupReport

__all__ = ["EnterpriseProfile", "CheckupReport", "match", "render_html", "Industry"]
