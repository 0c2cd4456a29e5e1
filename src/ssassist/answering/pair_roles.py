"""The person's roles given beside a pair (the coverage tab's pickers, ``ssassist check
--from/--lives-in``): each must be one of the two countries, or empty."""

from __future__ import annotations

from ssassist.errors import SSAssistError
from ssassist.matrix.countries import resolve_country


class RoleNotInPairError(SSAssistError, ValueError):
    """A role names a country that is not one of the two checked."""

    def __init__(self, role: str, country: str, a: str, b: str) -> None:
        self.role, self.country = role, country
        super().__init__(
            f"{role}: {country} is not one of the two countries ({a}, {b}). / "
            f"{role}: {country} no es uno de los dos países ({a}, {b})."
        )


def role_in_pair(role: str, value: str | None, a: str, b: str) -> str | None:
    """The ISO code of *value* when it is *a* or *b*; None when empty.

    Raises:
        UnknownCountryError: a name does not resolve.
        RoleNotInPairError: it resolves to a third country.
    """
    if value is None or not value.strip():
        return None
    code = resolve_country(value).code
    pair = {resolve_country(a).code, resolve_country(b).code}
    if code not in pair:
        raise RoleNotInPairError(role, value, a, b)
    return code
