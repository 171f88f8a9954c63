"""lipkit.privacy: minimum group size and complementary suppression (conventions §5).

:func:`suppress` decides which nodes of a group hierarchy stay hidden; :mod:`.attack`
checks that no hidden value can be recomputed from what is published.
"""

from lipkit.privacy.attack import audit_table, derivable, derivable_from_equations
from lipkit.privacy.suppression import (
    MISSING,
    Hierarchy,
    Node,
    complete_counts,
    hidden_units,
    suppress,
    suppress_frame,
)

__all__ = [
    "MISSING",
    "Hierarchy",
    "Node",
    "audit_table",
    "complete_counts",
    "derivable",
    "derivable_from_equations",
    "hidden_units",
    "suppress",
    "suppress_frame",
]
