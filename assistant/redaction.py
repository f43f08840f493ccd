"""Messages shown to people never carry the machine's directories (the log keeps them)."""

from __future__ import annotations

import re

# An absolute POSIX or Windows path (at least two components), as it may appear inside an exception message.
_ABS_PATH = re.compile(r"""(?<![\w.~])(?:[A-Za-z]:\\|/)(?:[^\s/\\'"`()（）,，;；:]+[/\\])+([^\s/\\'"`()（）,，;；:]*)""")


def redact_paths(text: str) -> str:
    """``/work/main/.index/builds/b-1/chroma`` -> ``…/chroma``: readiness and error messages are shown to anyone who
    can reach the service, and the machine's directory layout is none of their business."""
    return _ABS_PATH.sub(lambda m: "…/" + m.group(1) if m.group(1) else "…/", text)
