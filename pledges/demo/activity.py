"""Demo data of phase 2 (积极争创): records, meetings, reading, news and suggestions.

``seed(institute)`` is called by the demo builder after the organisation tree, people,
roles (and, where present, plans and pledges) exist. It is idempotent: every row is
found by its natural key before it is made, so a second run adds nothing.

The demo's "today" is the real today (the demo year is today's year): news reports
cover every month so far, with some branches missing some months; most secretaries,
but not all, have given their 党课.
"""

import datetime
import random
import struct
import zlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization, Person, Role
from pledges.models import (
    ActivityRecord,
    Meeting,
    MeetingAttendance,
    NewsImage,
    NewsReport,
    PledgeItem,
    ReadingBook,
    ReadingNote,
    RecordAttachment,
    Suggestion,
)
from pledges.uploads import PDF, PNG

RECORDS = [
    (
        "process",
        "开展“创先争优”主题党日活动",
        "支部组织党员学习活动方案，逐条对照争创计划分解任务。",
    ),
    (
        "major",
        "攻克型号关键技术难题",
        "支部党员组成攻关小组，连续奋战完成关键试验，节点提前两周。",
    ),
    (
        "process",
        "党员先锋岗挂牌",
        "在科研一线设立党员先锋岗，公开承诺内容接受群众监督。",
    ),
    ("effect", "争创成效阶段总结", "半年来支部完成承诺事项过半，群众满意度明显提升。"),
]
MEMBER_RECORDS = [
    ("process", "参加专题学习并撰写心得", "按计划完成专题学习，撰写心得体会一篇。"),
    ("effect", "承诺事项按期完成", "承诺的技术文档按期完成并通过评审。"),
]
MEETINGS = [
    (Meeting.Kind.GENERAL, 1, "学习传达上级会议精神，部署创先争优工作"),
    (Meeting.Kind.COMMITTEE, 2, "研究支部争创计划和党员承诺书审核"),
    (Meeting.Kind.GROUP, 4, "党小组交流践诺进展"),
    (Meeting.Kind.GENERAL, 7, "半年工作点评与整改部署"),
    (Meeting.Kind.COMMITTEE, 9, "研究第三季度督查发现问题的整改"),
]
LECTURE_TOPICS = [
    "弘扬军工精神，争当岗位先锋",
    "以创先争优推动科研生产任务完成",
    "做研发先锋，当创新标兵",
    "践行承诺，服务群众",
]
BOOKS = [
    (
        "习近平新时代中国特色社会主义思想学习纲要",
        "中共中央宣传部",
        "系统学习党的创新理论。",
    ),
    ("红岩", "罗广斌、杨益言", "重温革命先辈的理想信念。"),
    ("钱学森传", "叶永烈", "学习老一辈科学家的爱国情怀与创新精神。"),
    ("平凡的世界", "路遥", "在平凡岗位上书写不平凡。"),
    ("两弹一星元勋传", "本书编写组", "传承“两弹一星”精神。"),
]
LAST_YEAR_BOOKS = [
    ("中国共产党简史", "本书编写组", "学党史，明初心。"),
    ("苦难辉煌", "金一南", "读懂中国共产党的奋斗历程。"),
]
CHANNELS = [c for c, _label in NewsReport.Channel.choices]
SUGGESTIONS = [
    "建议支部组织活动时兼顾一线科研人员的时间安排。",
    "希望公开承诺的进展情况能定期在宣传橱窗更新。",
    "建议多组织青年职工参与的技术交流活动。",
    "食堂晚餐供应时间能否延长，方便加班的同事。",
    "建议党员先锋岗增加联系方式，方便群众反映问题。",
    "希望读书活动推荐一些专业技术类书籍。",
]
ANSWERS = [
    "感谢您的建议，支部已调整活动时间安排。",
    "已安排每月更新宣传橱窗内容，欢迎继续监督。",
    "已纳入下季度工作计划。",
]


def _png(width: int = 320, height: int = 180) -> bytes:
    """A small picture in party red with a light band, for the demo's photos."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    red, light = b"\xb3\x26\x1e", b"\xf6\xe7\xc1"
    rows = b"".join(
        b"\x00" + (light if height // 3 <= y < height // 3 + 20 else red) * width
        for y in range(height)
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _pdf(title: str) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%% " + title.encode() + b"\n%%EOF\n"
    )


def _day(year: int, month: int, day: int, today: datetime.date) -> datetime.date | None:
    """A date in the demo year, or None if it lies after today."""
    value = datetime.date(year, month, min(day, 28))
    return value if value <= today else None


def _holder_of(role_kind: str, node: Organization) -> Person | None:
    """The first person holding a role at a node (account or not)."""
    role = (
        Role.objects.filter(kind=role_kind, node=node)
        .select_related("person__user")
        .order_by("order", "pk")
        .first()
    )
    return role.person if role else None


def _user_of(role_kind: str, node: Organization):
    """The account of the role holder, for "filed by" fields (None without one)."""
    person = _holder_of(role_kind, node)
    return person.user if person is not None else None


@transaction.atomic
def seed(institute: Organization) -> None:
    """Add phase-2 activity to every active party branch of ``institute`` (idempotent)."""
    today = timezone.localdate()
    year = today.year
    rng = random.Random(f"activity-{institute.pk}")  # nosec B311 - demo data
    branches = list(
        Organization.objects.filter(
            institute=institute, kind=Organization.Kind.BRANCH, is_active=True
        ).order_by("path")
    )
    office_body = Organization.objects.filter(
        institute=institute, kind=Organization.Kind.ACTIVITY_OFFICE
    ).first()
    office_user = _user_of(Role.Kind.OFFICE, office_body) if office_body else None

    books = _seed_books(institute, year)
    for index, branch in enumerate(branches):
        secretary = _holder_of(Role.Kind.SECRETARY, branch)
        sec_user = secretary.user if secretary is not None else None
        members = list(
            Person.objects.filter(
                branch=branch,
                is_active=True,
                political_status__in=Person.PARTY_STATUSES,
            ).order_by("staff_no")
        )
        _seed_records(branch, members, sec_user, year, today, index)
        _seed_meetings(branch, members, secretary, sec_user, year, today, index, rng)
        _seed_news(branch, sec_user, year, today, index, rng)
        _seed_notes(institute, branch, members, books, year, today, index)
    _seed_picks(institute, office_user, year)
    _seed_suggestions(institute, branches, office_user, today, rng)


def _seed_books(institute, year) -> list[ReadingBook]:
    result = []
    for y, books in ((year, BOOKS), (year - 1, LAST_YEAR_BOOKS)):
        for order, (title, author, note) in enumerate(books):
            book, _created = ReadingBook.objects.get_or_create(
                institute=institute,
                year=y,
                title=title,
                defaults={"author": author, "note": note, "order": order},
            )
            if y == year:
                result.append(book)
    return result


def _pledge_item_of(person):
    """A committed item of the person's pledge, if plans and pledges were seeded."""
    return (
        PledgeItem.objects.filter(
            pledge__person=person, pledge__unit_id=person.branch_id
        )
        .order_by("pk")
        .first()
    )


def _seed_records(branch, members, by, year, today, index):
    for n, (kind, title, text) in enumerate(RECORDS):
        day = _day(year, 2 + n * 2, 10 + index % 10, today)
        if day is None:
            continue
        record, created = ActivityRecord.objects.get_or_create(
            branch=branch,
            person=None,
            title=title,
            defaults={
                "kind": kind,
                "occurred_on": day,
                "text": text,
                "created_by": by,
            },
        )
        if created and n % 2 == 0:
            content, name, ctype = (
                (_pdf(title), f"{title}.pdf", PDF)
                if n == 0
                else (_png(), "现场照片.png", PNG)
            )
            attachment = RecordAttachment(
                record=record, name=name, content_type=ctype, size=len(content)
            )
            attachment.file.save(
                "upload" + (".pdf" if ctype == PDF else ".png"),
                ContentFile(content),
                save=False,
            )
            attachment.save()
    for m, person in enumerate(members[:3]):
        for n, (kind, title, text) in enumerate(MEMBER_RECORDS):
            day = _day(year, 3 + n * 4, 5 + m, today)
            if day is None:
                continue
            item = _pledge_item_of(person) if kind == "effect" else None
            ActivityRecord.objects.get_or_create(
                branch=branch,
                person=person,
                title=title,
                defaults={
                    "kind": kind,
                    "occurred_on": day,
                    "text": text,
                    "created_by": person.user,
                    "pledge_item": item,
                },
            )


def _seed_meetings(branch, members, secretary, by, year, today, index, rng):
    for kind, month, topic in MEETINGS:
        day = _day(year, month, 8 + index % 15, today)
        if day is not None:
            _meeting(branch, kind, day, topic, secretary, members, by, rng)
    # Most secretaries, not all, have given their party lecture (every fourth has not).
    if secretary is not None and index % 4 != 3:
        day = _day(year, 3 + index % 6, 20, today)
        if day is not None:
            topic = LECTURE_TOPICS[index % len(LECTURE_TOPICS)]
            _meeting(
                branch, Meeting.Kind.LECTURE, day, topic, secretary, members, by, rng
            )
    elif index % 4 == 3:
        # A lecture by someone else does not meet the secretary's rule.
        day = _day(year, 5, 12, today)
        if day is not None:
            _meeting(
                branch,
                Meeting.Kind.LECTURE,
                day,
                "专家辅导：保密安全形势与任务",
                None,
                members,
                by,
                rng,
                speaker_name="所保密办专家",
            )


def _meeting(branch, kind, day, topic, speaker, members, by, rng, speaker_name=""):
    meeting, created = Meeting.objects.get_or_create(
        branch=branch,
        kind=kind,
        held_on=day,
        topic=topic,
        defaults={
            "speaker": speaker,
            "speaker_name": speaker_name,
            "place": "支部活动室",
            "summary": f"{topic}。与会党员结合岗位实际开展讨论。",
            "created_by": by,
        },
    )
    if not created:
        return meeting
    rows = []
    # Someone is away at most meetings: one excused (with a reason), now and then one
    # absent without leave.
    away = meeting.pk % len(members) if len(members) >= 3 else None
    for i, person in enumerate(members):
        status, reason = MeetingAttendance.Status.PRESENT, ""
        if i == away:
            status, reason = (
                MeetingAttendance.Status.EXCUSED,
                rng.choice(["出差", "病假", "外场试验"]),
            )
        elif away is not None and rng.random() < 0.05:
            status = MeetingAttendance.Status.ABSENT
        rows.append(
            MeetingAttendance(
                meeting=meeting, person=person, status=status, reason=reason
            )
        )
    MeetingAttendance.objects.bulk_create(rows)
    return meeting


def _seed_news(branch, by, year, today, index, rng):
    # Every eighth branch is a laggard: it misses every third month. Others miss one
    # now and then. The current month is still open: about half have filed.
    for month in range(1, today.month + 1):
        if month == today.month:
            if (index + month) % 2:
                continue
        elif index % 8 == 5:
            if month % 3 == 2:
                continue
        elif (index * 7 + month) % 11 == 0:
            continue
        for n in range(1 + ((index + month) % 4 == 0)):
            day = _day(year, month, 3 + n * 10 + index % 7, today)
            if day is None:
                continue
            title = f"{branch.name}{month}月工作动态" + ("（二）" if n else "")
            report, created = NewsReport.objects.get_or_create(
                branch=branch,
                title=title,
                published_on=day,
                defaults={
                    "text": f"{month}月，{branch.name}围绕创先争优活动扎实推进各项工作。",
                    "channel": CHANNELS[rng.randrange(len(CHANNELS))],
                    "created_by": by,
                },
            )
            if created and month % 3 == 0:
                image = NewsImage(
                    report=report, name="活动照片.png", content_type=PNG, size=0
                )
                content = _png()
                image.size = len(content)
                image.file.save("upload.png", ContentFile(content), save=False)
                image.save()


def _seed_notes(institute, branch, members, books, year, today, index):
    for m, person in enumerate(members[:2]):
        book = books[(index + m) % len(books)] if books and m == 0 else None
        day = _day(year, 4 + (index + m) % 6, 15, today)
        if day is None:
            continue
        lookup = {"person": person, "written_on": day}
        if book is not None:
            lookup["book"] = book
        else:
            lookup["title"] = "科技创新与国家安全"
        ReadingNote.objects.get_or_create(
            **lookup,
            defaults={
                "institute": institute,
                "branch": branch,
                "text": "读后深受启发：要把个人成长融入单位发展，在岗位上践行承诺，"
                "以实际行动争当研发先锋。",
            },
        )


def _seed_picks(institute, office_user, year):
    if ReadingNote.objects.filter(
        institute=institute, picked=True, written_on__year=year
    ).exists():
        return
    chosen = list(
        ReadingNote.objects.filter(institute=institute, written_on__year=year).order_by(
            "pk"
        )
    )[::3][:5]
    for note in chosen:
        note.picked = True
        note.pick_comment = "联系工作实际，体会真切，予以展评。"
        note.picked_by = office_user
        note.picked_at = timezone.now()
        note.save(update_fields=["picked", "pick_comment", "picked_by", "picked_at"])


def _seed_suggestions(institute, branches, office_user, today, rng):
    staff = list(
        Person.objects.filter(institute=institute, is_active=True, user__isnull=False)
        .exclude(political_status__in=Person.PARTY_STATUSES)
        .order_by("staff_no")[:10]
    )
    liaison_ids = set(
        Role.objects.filter(
            kind=Role.Kind.LIAISON, node__institute=institute
        ).values_list("node_id", flat=True)
    )
    targets = [b for b in branches if b.pk in liaison_ids]
    targets += [b for i, b in enumerate(branches) if i % 3 == 0 and b not in targets]
    targets = targets[:8] + [None, None]
    for n, branch in enumerate(targets):
        text = SUGGESTIONS[n % len(SUGGESTIONS)]
        anonymous = n % 3 == 1 or not staff
        filed_on = today - datetime.timedelta(days=5 + n * 9)
        suggestion, created = Suggestion.objects.get_or_create(
            institute=institute,
            branch=branch,
            text=text,
            defaults={
                "is_anonymous": anonymous,
                "author": None if anonymous else staff[n % len(staff)],
                "filed_on": filed_on,
            },
        )
        if not created or n % 2:
            continue
        answerer = _user_of(Role.Kind.SECRETARY, branch) if branch else office_user
        suggestion.answer = ANSWERS[n % len(ANSWERS)]
        suggestion.answered_by = answerer
        suggestion.answered_at = timezone.now()
        suggestion.status = Suggestion.Status.ANSWERED
        suggestion.save(
            update_fields=["answer", "answered_by", "answered_at", "status"]
        )
