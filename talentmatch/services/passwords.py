"""Password rules: long enough, and not one of the passwords attackers try first."""

from __future__ import annotations

from functools import cache

from flask_babel import gettext as _

MIN_LENGTH = 8
MAX_LENGTH = 256

# The most common passwords in public breach corpora, plus local favourites.
COMMON_PASSWORDS = frozenset(
    """
    123456 123456789 12345678 password qwerty123 qwerty1 111111 12345 secret 123123 1234567890
    1234567 000000 qwerty abc123 password1 iloveyou 11111111 dragon monkey 123321 654321 666666
    7777777 112233 121212 123qwe 1q2w3e4r 1qaz2wsx zaq12wsx qwertyuiop asdfghjkl football
    baseball letmein welcome welcome1 admin admin123 administrator passw0rd password123
    password12 p@ssw0rd sunshine princess shadow superman michael charlie jennifer hunter2
    trustno1 starwars whatever freedom master access login abcd1234 aa123456 changeme
    iloveyou1 qwe123 987654321 88888888 99999999 12341234 11223344 q1w2e3r4 asdf1234
    salasana salasana1 salasana123 kissa123 koira123 perkele suomi123 helsinki helsinki1
    hyvaa123 talentmatch talentmatch1 lösenord losenord hemligt 1q2w3e4r5t zxcvbnm
    zxcvbnm123 google linkedin computer internet qazwsx
    """.split()
)


@cache
def breached_passwords() -> frozenset[str]:
    """The 30,000 passwords most often found in breach corpora, from zxcvbn's frequency lists
    (Dropbox's zxcvbn, MIT licence), loaded on first use."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "") -> str | None:
    """A message saying what is wrong with `password`, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or lowered in breached_passwords() or len(set(password)) <= 2:
        return _("This password is too common. Choose one that is harder to guess.")
    local_part = email.split("@", 1)[0].lower()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return _("Your password must not contain your email address.")
    return None
