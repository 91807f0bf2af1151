"""Default scoring lines (评分细则) of the mass organisations' criteria sets.

Like the party's 党支部工作量化考核评分细则, a unit set's scored lines add up to 100 points
over its items, with bonus (加分), penalty (减分) and veto (一票否决) lines; a person set
is rated per item (as 五带头 is), its items' weights adding up to 100. The wording
follows seed 000 (关于深入开展党群共建创先争优活动的实施意见).

They are copied into a campaign (``services.criteria_defaults_apply``), where the office
edits them like any line; code never reads them again for that campaign.
"""

from decimal import Decimal

# (item code, content, rubric, points) per unit set; points add up to 100.
DEFAULT_LINES: dict[str, list[tuple[str, str, str, int]]] = {
    # 模范职工之家: 弘扬劳模精神和岗位建功 · 民主管理和职工权益 · 办实事好事 · 工会组织建设.
    "union_unit": [
        (
            "1",
            "组织劳动竞赛、岗位练兵和技能比武，引导职工在科技创新中岗位建功",
            "全年组织不少于2次得满分；少一次扣5分。",
            15,
        ),
        (
            "1",
            "选树宣传劳动模范和先进工作者，大力弘扬劳模精神",
            "有选树、有宣传得满分；缺一项扣5分。",
            10,
        ),
        (
            "2",
            "落实职工代表大会制度，推进所务公开，职工代表提案按时办理",
            "职代会按期召开、提案全部答复得满分；每有一件逾期未办扣2分。",
            15,
        ),
        (
            "2",
            "依法维护职工合法权益，参与涉及职工切身利益事项的协商",
            "维权渠道畅通、协商有记录得满分。",
            10,
        ),
        (
            "3",
            "建立困难职工档案，开展走访慰问和帮扶救助",
            "档案完整、帮扶到位得满分；漏访一户扣2分。",
            15,
        ),
        (
            "3",
            "为职工办实事好事，开展文体活动，丰富职工生活",
            "全年办成实事不少于3件得满分。",
            10,
        ),
        (
            "4",
            "工会组织健全，按期换届，工会干部分工明确、履职到位",
            "组织健全、按期换届得满分；未按期换届扣5分。",
            15,
        ),
        (
            "4",
            "会员管理规范，工会经费收缴使用合规，职工之家阵地建设达标",
            "管理规范、使用合规得满分；发现问题酌情扣分。",
            10,
        ),
    ],
    # 五四红旗团组织: 四个好.
    "league_unit": [
        (
            "1",
            "团组织健全，按期换届，团干部配备齐全、履职到位",
            "组织健全、按期换届得满分；未按期换届扣5分。",
            15,
        ),
        (
            "1",
            "团员发展、团籍管理和团费收缴规范",
            "管理规范得满分；发现问题酌情扣分。",
            10,
        ),
        (
            "2",
            "开展团员主题教育，落实“三会两制一课”",
            "全年集中教育不少于6次得满分；每少一次扣2分。",
            15,
        ),
        (
            "2",
            "传承“科学院精神”，引导团员青年坚定信念、刻苦学习",
            "有载体、有成效得满分。",
            10,
        ),
        (
            "3",
            "围绕科研生产中心任务组建青年突击队，开展青年创新创效活动",
            "完成年度活动计划得满分；未完成的按比例扣分。",
            15,
        ),
        (
            "3",
            "开展志愿服务和文体活动，活动有计划、有记录、有总结",
            "记录齐全得满分；缺一项扣2分。",
            10,
        ),
        (
            "4",
            "团员青年在科技创新中发挥生力军作用，涌现先进典型",
            "有典型事例并见成效得满分。",
            10,
        ),
        (
            "4",
            "团员青年对团组织工作满意",
            "满意度测评“好”的比例达80%得满分。",
            15,
        ),
    ],
    # 先进妇女组织: 五个好.
    "women_unit": [
        (
            "1",
            "妇委会班子健全，按期换届，分工明确、团结协作",
            "班子健全、按期换届得满分；未按期换届扣5分。",
            10,
        ),
        (
            "1",
            "主动取得同级党组织领导，按时请示报告",
            "按时请示报告得满分；每缺一次扣2分。",
            10,
        ),
        (
            "2",
            "妇女干部配备齐全，定期参加学习培训",
            "配备齐全、参训率达90%得满分。",
            10,
        ),
        (
            "2",
            "妇女干部作风扎实，热心为妇女群众服务",
            "群众评价好得满分。",
            10,
        ),
        (
            "3",
            "工作制度健全，年度工作有计划、有总结",
            "计划、总结齐全得满分；缺一项扣5分。",
            10,
        ),
        (
            "3",
            "与工会、团组织协同配合，党群共建活动常态开展",
            "全年联合开展活动不少于2次得满分。",
            10,
        ),
        (
            "4",
            "组织开展巾帼建功活动，女职工在科技创新中建功立业",
            "完成年度争创目标得满分；未完成的按比例扣分。",
            10,
        ),
        (
            "4",
            "维护女职工特殊权益，关心女职工身心健康",
            "专项制度落实、开展健康关爱活动得满分。",
            10,
        ),
        (
            "5",
            "把妇女组织建设成为“坚强阵地”和“温暖之家”",
            "有载体、有成效得满分。",
            10,
        ),
        (
            "5",
            "妇女群众对妇女组织工作满意",
            "满意度测评“好”的比例达80%得满分。",
            10,
        ),
    ],
}

_REPORTS_LATE = ("未按时报送计划、总结等材料", 3)
_VETO = [
    ("发生严重违法违纪或造成严重不良影响", "poor"),
    ("发生重大安全或泄密事故", "average"),
]

# Bonus and penalty lines (content, most points), veto lines (content, best grade).
DEFAULT_SPECIAL_LINES: dict[str, dict[str, list]] = {
    "union_unit": {
        "bonus": [("获得上级工会表彰", 3), ("工作经验被上级工会推广", 2)],
        "penalty": [_REPORTS_LATE, ("发生侵害职工合法权益的事件", 5)],
        "veto": _VETO,
    },
    "league_unit": {
        "bonus": [("获得上级团组织表彰", 3), ("青年创新创效成果获奖或被推广", 2)],
        "penalty": [_REPORTS_LATE, ("团员受到纪律处分", 5)],
        "veto": _VETO,
    },
    "women_unit": {
        "bonus": [("获得上级妇女组织表彰", 3), ("巾帼建功经验被上级推广", 2)],
        "penalty": [_REPORTS_LATE, ("发生侵害女职工特殊权益的事件", 5)],
        "veto": _VETO,
    },
}

# Weight of each item (by code) of a person set; the weights add up to 100.
_FOUR = {"1": 25, "2": 25, "3": 25, "4": 25}
_FIVE = {"1": 20, "2": 20, "3": 20, "4": 20, "5": 20}
DEFAULT_ITEM_WEIGHTS: dict[str, dict[str, int]] = {
    "union_member": _FOUR,  # 先进工作者
    "league_member": _FOUR,  # 四带头 优秀共青团员
    "women_member": _FIVE,  # 五带头 巾帼标兵
    "league_outstanding": _FOUR,  # 杰出青年
    "women_outstanding": _FOUR,  # 杰出妇女
    "academy_worker": _FOUR,  # 院先进工作者
}

HUNDRED = Decimal(100)
