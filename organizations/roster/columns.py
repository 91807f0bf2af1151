"""The roster file's sheets, columns and labels, and the errors of an import."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import BranchCategory, Organization, Person

PEOPLE_SHEET = "人员"
UNITS_SHEET = "组织机构"
NOTES_SHEET = "说明"

# Person columns, in file order, with the model field each one fills.
NAME, STAFF_NO, GENDER, DEPARTMENT, BRANCH = "姓名", "工号", "性别", "部门", "支部"
STATUS, JOINED, POSITION, EMAIL = "政治面貌", "入党日期", "职务", "邮箱"
PEOPLE_COLUMNS = {
    NAME: "name",
    STAFF_NO: "staff_no",
    GENDER: "gender",
    DEPARTMENT: "department",
    BRANCH: "branch",
    STATUS: "political_status",
    JOINED: "party_joined_on",
    POSITION: "position",
    EMAIL: "email",
}
PEOPLE_REQUIRED = (NAME, STAFF_NO)

UNIT_NAME, UNIT_KIND, UNIT_PARENT = "名称", "类型", "上级"
UNIT_CATEGORY, UNIT_DEPARTMENT = "支部类别", "服务部门"
UNIT_COLUMNS = (UNIT_NAME, UNIT_KIND, UNIT_PARENT, UNIT_CATEGORY, UNIT_DEPARTMENT)
UNITS_REQUIRED = (UNIT_NAME, UNIT_KIND)

K = Organization.Kind
PS = Person.PoliticalStatus
KIND_LABELS = {
    "党委": K.PARTY_COMMITTEE,
    "党总支": K.GENERAL_BRANCH,
    "党支部": K.BRANCH,
    "部门": K.DEPARTMENT,
    "工会": K.UNION,
    "分工会": K.UNION_BRANCH,
    "工会小组": K.UNION_GROUP,
    "团委": K.LEAGUE_COMMITTEE,
    "团支部": K.LEAGUE_BRANCH,
    "妇委会": K.WOMEN_COMMITTEE,
    "妇女小组": K.WOMEN_GROUP,
}
CATEGORY_LABELS = {
    "事业部/产业中心": BranchCategory.Code.RESEARCH,
    "机关": BranchCategory.Code.ORGAN,
    "保障服务": BranchCategory.Code.SUPPORT,
    "离退休": BranchCategory.Code.RETIRED,
}
STATUS_LABELS = {
    "中共党员": PS.PARTY_FULL,
    "中共预备党员": PS.PARTY_PROBATIONARY,
    "共青团员": PS.LEAGUE,
    "民主党派": PS.OTHER_PARTY,
    "群众": PS.MASSES,
}
GENDER_LABELS = {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}

KIND_NAMES = {v: k for k, v in KIND_LABELS.items()}
CATEGORY_NAMES = {v: k for k, v in CATEGORY_LABELS.items()}
STATUS_NAMES = {v: k for k, v in STATUS_LABELS.items()}
GENDER_NAMES = {v: k for k, v in GENDER_LABELS.items()}

# Other ways rosters write a 政治面貌 (政治面貌的常见写法), each to its label above.
STATUS_SYNONYMS = {
    "党员": "中共党员",
    "中国共产党党员": "中共党员",
    "共产党员": "中共党员",
    "中共正式党员": "中共党员",
    "正式党员": "中共党员",
    "预备党员": "中共预备党员",
    "中国共产党预备党员": "中共预备党员",
    "团员": "共青团员",
    "共青团": "共青团员",
    "中国共产主义青年团团员": "共青团员",
    **{
        name: "民主党派"
        for name in (
            "民革党员",
            "民盟盟员",
            "民建会员",
            "民进会员",
            "农工党党员",
            "致公党党员",
            "九三学社社员",
            "台盟盟员",
            "民革",
            "民盟",
            "民建",
            "民进",
            "农工党",
            "致公党",
            "九三学社",
            "台盟",
        )
    },
    "无": "群众",
}

# Blank rows count too: a sheet cannot make the server walk a million formatted rows.
MAX_ROWS = 60_000
# Columns read from each row; cells further right are ignored, whatever the sheet's
# declared dimension says (a forged ``A1:XFD…`` would pad every row to 16 384 cells).
MAX_COLUMNS = 40
# A title and notes may stand above the header row: it is looked for this far down.
HEADER_SEARCH_ROWS = 10
# A workbook unpacks to at most this much (a zip bomb is refused before parsing): the
# whole, the shared strings, and the number of parts.
MAX_UNPACKED = 96 * 1024 * 1024
MAX_SHARED_STRINGS = 24 * 1024 * 1024
MAX_PARTS = 200
DATE_RE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
DATE_CN_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
DATE_DIGITS_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterFileError(ValidationError):
    """The file as a whole cannot be read as a roster (format, size, headers)."""


class RosterProblems(ValidationError):
    """Some rows have problems, so nothing may be written."""

    def __init__(self, preview: "Preview"):  # noqa: F821  (organizations.roster.plan)
        super().__init__(
            _(
                "%(count)s row(s) have problems; nothing was written. Fix them in "
                "the file and upload it again."
            )
            % {"count": preview.counts["rejected"] + preview.counts["units_rejected"]}
        )
        self.preview = preview


class TransitionError(ValidationError):
    """An import moved past the state an action needs (applied or discarded)."""


class Action(models.TextChoices):
    """What applying a row would do."""

    CREATE = "create", gettext_lazy("New")
    UPDATE = "update", gettext_lazy("Changed")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    REJECTED = "rejected", gettext_lazy("Has problems")
