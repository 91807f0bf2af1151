"""The scale and the fixed choices: version, seed, accounts, categories."""

from dataclasses import dataclass

from organizations.models import BranchCategory, Organization, Person, Role

# Raise when the data a run builds changes: a cached database of another version is
# rebuilt instead of reused.
GENERATOR_VERSION = 1
SEED = 20260701
BATCH = 2000
META_TABLE = "bench_meta"
INSTITUTE_NAME = "基准测试研究所"
# The benchmark's accounts all sign in with this password (bench database only).
BENCH_PASSWORD = "bench-only"  # noqa: S105  # nosec B105: bench databases only
ACCOUNTS = ("office", "leader", "gsec", "secretary", "member", "staff")
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

    @classmethod
    def full(cls) -> "Scale":
        return cls()

    @classmethod
    def demo(cls) -> "Scale":
        """About the demo institute's size (organizations.demo): 7 / 35 / 700 / 300."""
        return cls(7, 5, 700, 300, 200, 700, 20)

    @classmethod
    def tiny(cls) -> "Scale":
        return cls(2, 2, 40, 20, 6, 30, 3, 2, 2)

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
