"""Pseudonymous trainee codes such as ``K7Q-2M4``: the only name a record knows (pure core).

A code is random, so it says nothing about the person; a trainer keeps the
link to a real name outside the record, or in the record's separate identities
table that can be erased on its own.
"""

from __future__ import annotations

import re
import secrets

from simulator.errors import UsageError

__all__ = ["CODE_ALPHABET", "check_trainee_code", "new_trainee_code"]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
"""Upper-case letters and digits without look-alikes (0/O, 1/I/L) and without U."""

_CODE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")
_MAX_LENGTH = 32


def new_trainee_code(groups: int = 2, size: int = 3) -> str:
    """A fresh random code of ``groups`` groups of ``size`` characters joined by ``-``.

    The default ``XXX-XXX`` has 30**6 (about 729 million) values; read aloud or
    typed without confusing look-alike characters.
    """
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(size)) for _ in range(groups)
    )


def check_trainee_code(code: str) -> str:
    """The code in its stored form (trimmed, upper case); raise UsageError when it is no code.

    Only upper-case letters, digits and single hyphens are allowed, so an
    e-mail address or a name with spaces cannot end up in a record as a code.
    """
    normalised = code.strip().upper()
    if not _CODE.match(normalised) or len(normalised) > _MAX_LENGTH:
        raise UsageError(
            f"{code!r} is not a trainee code; expected letters and digits in groups joined by "
            f"'-', at most {_MAX_LENGTH} characters, e.g. {new_trainee_code()}"
        )
    return normalised
