"""What a graded test cell printed, read back from an autograded notebook.

The grading summary export and the trainer dashboard both count "the most common failing
checks" from these lines; they read them here, the same way.
"""
from __future__ import annotations

import re

STATUS_PREFIX = re.compile(r"^[^:：]{1,20}[:：]\s*")  # "Incorrect: ", "不正确：" ...


def failing_checks(cell: dict, keep_status: bool = True) -> list[str]:
    """The reasons a failed check gave (or its message when it gave none), once each.

    ``keep_status`` keeps the outcome's label ("Not attempted: ...") on a message.
    """
    text = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            text.append(str(output.get("evalue", "")))
        elif output.get("output_type") == "stream":
            text.append("".join(output.get("text", "")))
    lines = [line.strip() for chunk in text for line in chunk.splitlines() if line.strip()]
    reasons = [line[2:].strip() for line in lines
               if line.startswith("- ") and not line.startswith("- ...")]  # "... and 10 more."
    if reasons:
        return list(dict.fromkeys(reasons))
    if not lines:
        return []
    return [lines[0] if keep_status else STATUS_PREFIX.sub("", lines[0], count=1)]
