"""``manage.py demo_banner``: print the address and the demo accounts before start-up."""

import unicodedata

from django.core.management.base import BaseCommand

from organizations.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    GSEC_GENERAL_BRANCH,
    INSTITUTE_NAME,
    SECRETARY_BRANCH,
)


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Print the demo address and the demo accounts (user name, password, role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the site runs."
        )

    def handle(self, *args, **options):
        header = ("用户名 user", "密码 password", "角色 role", "首页 lands on")
        rows = [
            (
                a.username,
                DEMO_PASSWORD,
                f"{a.role_zh} / {a.role_en}",
                f"{a.home_zh} / {a.home_en}",
            )
            for a in DEMO_ACCOUNTS
        ]
        widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(4)]
        rule = "  ".join("-" * w for w in widths)
        lines = [
            "",
            f"创先争优 · {INSTITUTE_NAME} (demo): {options['url']}",
            f"gsec, secretary, member, staff: {GSEC_GENERAL_BRANCH} · {SECRETARY_BRANCH}",
            "",
            "  ".join(_pad(cell, w) for cell, w in zip(header, widths, strict=True)),
            rule,
        ]
        for row in rows:
            lines.append(
                "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True))
            )
        lines.append("")
        self.stdout.write("\n".join(line.rstrip() for line in lines))
