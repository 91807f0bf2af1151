"""Path converters for numbers in URLs, bounded so no number reaches the database or
``datetime`` out of range: ``<id:pk>`` for primary keys (PostgreSQL bigint) and
``<year:year>`` for calendar years. A number out of range matches no URL (404).

Registered by ``chuangxian.apps`` before any URL is read; Django's own ``int``
converter is not used for patterns of the project (a test checks).
"""

from django.urls import register_converter

BIGINT_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1900, 2999


class IdConverter:
    """A primary key: digits, at most PostgreSQL's bigint."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BIGINT_MAX:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class YearConverter:
    """A calendar year the product can hold (four digits, 1900–2999)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not YEAR_MIN <= number <= YEAR_MAX:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def converters_register() -> None:
    register_converter(IdConverter, "id")
    register_converter(YearConverter, "year")
