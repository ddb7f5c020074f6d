"""Record the seeds' findings for ``test_the_seeds_findings_are_the_recorded_ones``.

    .venv/bin/python -m tests.record_seeds      # after a deliberate change of judgement; review the diff
"""

import json
from pathlib import Path

RECORD = Path(__file__).parent / "data" / "seeds_findings.json"


def summarise(findings) -> list[dict]:
    """What must not move when code is only reorganised: ids, types, two-decimal scores, explanations."""
    return [{"id": f.id, "type": f.type, "score": round(f.score, 2), "explanation": f.explanation,
             "same_as": f.same_as} for f in findings]


def main() -> None:
    from contradict import scan

    from .conftest import SEEDS

    findings, _ = scan([SEEDS])
    RECORD.write_text(json.dumps(summarise(findings), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(findings)} findings recorded in {RECORD}")


if __name__ == "__main__":
    main()
