from assistant.checkup.report import CheckupReport


def render_html(report: CheckupReport) -> str:
    return "<html></html>"
