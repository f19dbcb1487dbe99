"""Pseudonymous trainee codes such as ``K7QM-24XH``: the only name a record knows (pure core).

A code is random, so it says nothing about the person; a trainer keeps the
link to a real name outside the record, or in the record's separate identities
table that can be erased on its own, never in the code itself.

A code is two groups of four characters from ``CODE_ALPHABET``; the last one
is a check character. The check is a weighted sum modulo the prime 31 (the
ISBN-10 scheme with 31 for 11): the character values 0..29 times the weights
1..8 add up to a multiple of 31. So every single mistyped character and every
two swapped characters make the code invalid. A code whose check value would
be 30 (no character) is never issued.

Records made before this format hold codes such as ``K7Q-2M4`` (no check
character). Those stay readable, listable, exportable and erasable: looking a
code up (``lookup_trainee_code``) accepts the older form; only a code given for
a new session or a new trainee must pass ``check_trainee_code``.
"""

from __future__ import annotations

import re
import secrets

from simulator.errors import UsageError

__all__ = ["CODE_ALPHABET", "check_trainee_code", "lookup_trainee_code", "new_trainee_code"]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
"""Upper-case letters and digits without look-alikes (0/O, 1/I/L) and without U."""

_MODULUS = 31
_GROUP = 4
_LENGTH = 2 * _GROUP
_SHAPE = re.compile(rf"^[{CODE_ALPHABET}]{{{_GROUP}}}-[{CODE_ALPHABET}]{{{_GROUP}}}$")
_STORED = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")
_MAX_STORED_LENGTH = 32


def _weighted_sum(characters: str) -> int:
    return sum(weight * CODE_ALPHABET.index(c) for weight, c in enumerate(characters, start=1))


def new_trainee_code() -> str:
    """A fresh random code ``XXXX-XXXX``: seven random characters and the check character.

    About 21 billion values (30**7, less the 1 in 31 without a check
    character); read aloud as two groups of four, without look-alikes.
    """
    # The check value c solves S + 8c = 0 (mod 31); 4 is the inverse of 8 modulo 31.
    inverse_of_last_weight = 4
    while True:
        body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(_LENGTH - 1))
        check = -_weighted_sum(body) * inverse_of_last_weight % _MODULUS
        if check < len(CODE_ALPHABET):
            code = body + CODE_ALPHABET[check]
            return f"{code[:_GROUP]}-{code[_GROUP:]}"


def check_trainee_code(code: str) -> str:
    """A new code in its stored form (trimmed, upper case); raise UsageError when it is not one.

    Only the project's own format passes, check character included, so a
    trainee's name or e-mail address typed as a code, or a code with a typo,
    is refused with a hint showing a fresh example.
    """
    normalised = code.strip().upper()
    shaped = _SHAPE.match(normalised)
    if shaped and _weighted_sum(normalised.replace("-", "")) % _MODULUS == 0:
        return normalised
    what = (
        "its check character does not match, so a character is mistyped or two are swapped"
        if shaped
        else f"expected two groups of {_GROUP} letters and digits like {new_trainee_code()} "
        "(no 0, 1, I, L, O or U; the last is a check character that catches typos)"
    )
    raise UsageError(
        f"{code!r} is not a trainee code: {what}; leave --trainee out for a fresh code, and link "
        "a real name to a code with simulator records identity, never in the code"
    )


def lookup_trainee_code(code: str) -> str:
    """A code to look up in a record, in its stored form; older codes without a check
    character pass too. Raise UsageError when it cannot be a stored code at all."""
    normalised = code.strip().upper()
    if not _STORED.match(normalised) or len(normalised) > _MAX_STORED_LENGTH:
        raise UsageError(
            f"{code!r} is not a trainee code; expected letters and digits in groups joined by "
            f"'-', e.g. {new_trainee_code()}"
        )
    return normalised
