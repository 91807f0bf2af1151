"""The scale and the fixed choices: version, seed, accounts, categories."""

from dataclasses import dataclass

from organizations.models import BranchCategory, Organization, Person, Role

# Raise when the data a run builds changes: a cached database of another version is
# rebuilt instead of reused.
GENERATOR_VERSION = 3  # 2: twenty accounts per role, the academy; 3: notifications
SEED = 20260701
BATCH = 2000
META_TABLE = "bench_meta"
INSTITUTE_NAME = "基准测试研究所"
# The benchmark's accounts all sign in with this password (bench database only).
BENCH_PASSWORD = "bench-only"  # noqa: S105  # nosec B105: bench databases only
ACCOUNTS = ("office", "leader", "gsec", "secretary", "member", "staff")
# Roles with many accounts for the rotation of users (bench_secretary, bench_secretary02…).
ROTATED = ("secretary", "member", "staff", "gsec", "office", "leader")
ACADEMY_NAME = "基准测试科学院"
K = Organization.Kind
PS = Person.PoliticalStatus
RK = Role.Kind
CATEGORY_CYCLE = [
    BranchCategory.Code.RESEARCH,
    BranchCategory.Code.RESEARCH,
    BranchCategory.Code.RESEARCH,
    BranchCategory.Code.RESEARCH,
    BranchCategory.Code.ORGAN,
    BranchCategory.Code.SUPPORT,
    BranchCategory.Code.RETIRED,
]


@dataclass(frozen=True)
class Scale:
    """How big an institute to build."""

    general_branches: int = 30
    branches_per_general: int = 10
    staff: int = 30_000
    members: int = 10_000
    voters: int = 2_000  # accounts for the casting benchmark, besides the role accounts
    ballots: int = 30_000  # final ballots of the closed mass evaluation (≤ staff)
    cast_targets: int = 50  # targets of the open round every voter may rate
    office: int = 7
    leaders: int = 7
    role_accounts: int = 20  # accounts of each role the load rotates through

    @classmethod
    def from_name(cls, name: str) -> "Scale":
        return getattr(cls, name)()

    @classmethod
    def full(cls) -> "Scale":
        return cls()

    @classmethod
    def demo(cls) -> "Scale":
        """About the demo institute's size (organizations.demo): 7 / 35 / 700 / 300."""
        return cls(7, 5, 700, 300, 200, 700, 20)

    @classmethod
    def small(cls) -> "Scale":
        """For developing the benchmark on a busy machine: 20 branches, 3 000 staff."""
        return cls(4, 5, 3_000, 1_000, 300, 3_000, 20)

    @classmethod
    def tiny(cls) -> "Scale":
        return cls(2, 2, 40, 20, 6, 30, 3, 2, 2, 4)

    @classmethod
    def institute_of_academy(cls) -> "Scale":
        """One institute of the generated academy: 1 500 staff, 20 branches."""
        return cls(5, 4, 1_500, 500, 40, 1_500, 10, 3, 3)

    @classmethod
    def institute_of_small_academy(cls) -> "Scale":
        return cls(2, 2, 200, 60, 10, 200, 4, 2, 2, 4)

    @property
    def branches(self) -> int:
        return self.general_branches * self.branches_per_general

    def check(self) -> None:
        if self.members > self.staff or self.ballots > self.staff:
            raise ValueError("members and ballots cannot exceed the staff")
        if self.members < 5 * self.branches:
            raise ValueError("every branch needs at least five members")
        if self.cast_targets > self.branches:
            raise ValueError("the casting round rates at most every branch")
        if self.role_accounts > self.branches:
            raise ValueError("each rotated secretary needs a branch of their own")


def role_username(prefix: str, role: str, i: int) -> str:
    """The i-th (from 0) account of a role: bench_secretary, bench_secretary02, …"""
    return f"{prefix}{role}" if i == 0 else f"{prefix}{role}{i + 1:02d}"


def spread(n: int, total: int) -> list[int]:
    """``n`` indexes spread evenly over ``range(total)`` (all distinct when n ≤ total)."""
    n = min(n, total)
    return [i * total // n for i in range(n)]
