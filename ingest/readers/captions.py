"""What readers recognise in the lines printed over a table, whatever the format."""

from __future__ import annotations

import re

from core.money import UNIT_DECLARATION
from core.text import squeeze

# A field naming who reports, printed over a table: 部门：…, 单位名称：…, 编制单位：….
NAME_FIELD = re.compile(
    r"^(?:编制|填报|编报|预算|决算)?(?:部门|单位)(?:名称)?(?:（(?:盖章|公章)）)?[:：]"
)


def is_name_field(text: str) -> bool:
    """A line or cell that opens with a field naming who reports; ``单位：万元`` is the
    table's unit, never this field."""
    folded = squeeze(text)
    return bool(NAME_FIELD.match(folded)) and not UNIT_DECLARATION.match(folded)
