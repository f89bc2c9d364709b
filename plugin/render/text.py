"""Text from data (group, zone, source names) made inert before QGIS shows it.

QGIS evaluates ``[% … %]`` in layer and group names, legend labels and layout labels
wherever a print layout shows them (legends even twice): a group named
``[% env('HOME') %]`` printed the analyst's home folder in any layout legend. ``plain``
puts an invisible word joiner after each ``[``, so no such text is ever read as an
expression, however often it is evaluated; it is idempotent, so names may pass through
it more than once. Labels are plain text (not HTML): ``<script>`` and quotes print as
they are.
"""

from __future__ import annotations

WORD_JOINER = "\u2060"  # invisible, zero width


def plain(text) -> str:
    """``text`` as a string that QGIS will not evaluate (see the module's docstring)."""
    return unplain(text).replace("[", "[" + WORD_JOINER)


def unplain(text) -> str:
    """What the reader sees: ``plain`` without its invisible marks."""
    return str(text).replace(WORD_JOINER, "")
