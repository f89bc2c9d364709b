"""Errors the user reads, raised by Qt-free code and translated where they are shown.

``str(err)`` is the English message (logs, tests and scripts read it); the glue shows
``err.translated(tr)`` (``i18n.error_text``), which translates the ``N_``-marked template
and fills in the same values. A value that is itself a fixed phrase or a part of the
sentence (a ``Message``) is translated too; other values (paths, names, numbers, what
Python or pandas said) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable


def _same(text: str) -> str:
    return text


class Message:
    """An ``N_`` template with named values, rendered in English or through a translator."""

    def __init__(self, template: str, **values):
        self.template, self.values = template, values

    def text(self, translate: Callable[[str], str] = _same) -> str:
        template = translate(self.template)
        if not self.values:  # a message made whole elsewhere: its braces are not fields
            return template
        values = {
            k: v.text(translate) if isinstance(v, Message) else v for k, v in self.values.items()
        }
        return template.format(**values)

    def __str__(self) -> str:
        return self.text()


class TranslatableError:
    """Mixin for exceptions (before ValueError / RuntimeError in the bases): built from an
    ``N_`` template and named values, or from a finished text as before."""

    def __init__(self, template: str, **values):
        self.message = Message(template, **values)
        super().__init__(self.message.text())

    def translated(self, translate: Callable[[str], str]) -> str:
        return self.message.text(translate)
