import json
from pathlib import Path


from assistant.checkup import EnterpriseProfile

PROFILES = Path(__file__).resolve().parents[2] / "examples" / "profiles"


def load(name: str) -> EnterpriseProfile:
    return EnterpriseProfile.model_validate(json.loads((PROFILES / f"{name}.json").read_text(encoding="utf-8")))


