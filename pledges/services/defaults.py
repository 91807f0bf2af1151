"""Default data: the criteria sets of DOMAIN.md and the 分类指导 templates. They are copied into each new campaign, where the office edits them; code never reads them again."""

from organizations.models import (
    BranchCategory,
    Family,
)
from pledges.models import (
    CriteriaSet,
)

U, P = CriteriaSet.Audience.UNIT, CriteriaSet.Audience.PERSON
# Seed 000 §三: 先进工作者, 杰出青年, 杰出妇女 strive "在促进本单位科技创新中、在完成急难险重
# 任务中、在做好本职工作中、在提高素质能力中创先争优".
_WORKER_ITEMS = [
    (n, [])
    for n in ("促进本单位科技创新", "完成急难险重任务", "做好本职工作", "提高素质能力")
]
DEFAULT_CRITERIA_SETS = [
    (
        "party_branch",
        "五个好 先进基层党组织",
        "先进基层党组织",
        Family.PARTY,
        U,
        [
            ("班子建设好", ["政治引领好", "自身建设好"]),
            ("党员队伍好", ["坚持学习好"]),
            ("工作机制好", ["保密安全好"]),
            ("工作业绩好", ["推动发展好", "改革创新好"]),
            ("群众反映好", ["凝聚保障好"]),
        ],
    ),
    (
        "party_member",
        "五带头 优秀共产党员",
        "优秀共产党员",
        Family.PARTY,
        P,
        [
            ("带头学习提高", ["政治素质好", "自觉学习好"]),
            ("带头创新攻关", ["岗位技能好", "工作业绩好"]),
            ("带头服务群众", ["群众评价好"]),
            ("带头促进和谐", ["团结协作好"]),
            ("带头弘扬正气", ["拼搏奉献好"]),
        ],
    ),
    (
        "league_unit",
        "四个好 五四红旗团组织",
        "五四红旗团组织",
        Family.LEAGUE,
        U,
        [(n, []) for n in ("组织建设好", "团员教育好", "活动开展好", "青年反映好")],
    ),
    (
        "league_member",
        "四带头 优秀共青团员",
        "优秀共青团员",
        Family.LEAGUE,
        P,
        [
            (n, [])
            for n in ("带头坚定信念", "带头刻苦学习", "带头争创佳绩", "带头弘扬新风")
        ],
    ),
    (
        "women_unit",
        "五个好 先进妇女组织",
        "先进妇女组织",
        Family.WOMEN,
        U,
        [
            (n, [])
            for n in (
                "领导班子好",
                "干部队伍好",
                "工作机制好",
                "工作业绩好",
                "妇女反映好",
            )
        ],
    ),
    (
        "women_member",
        "五带头 巾帼标兵",
        "巾帼标兵",
        Family.WOMEN,
        P,
        [
            (n, [])
            for n in (
                "带头坚定理想信念",
                "带头刻苦学习",
                "带头岗位建功",
                "带头传承文明",
                "带头遵纪守法",
            )
        ],
    ),
    # Seed 000 §二: the union joins the campaign with four things (结合起来).
    (
        "union_unit",
        "模范职工之家",
        "模范职工之家",
        Family.UNION,
        U,
        [
            (n, [])
            for n in (
                "弘扬劳模精神和岗位建功",
                "加强民主管理和维护职工权益",
                "解决职工实际困难和办实事好事",
                "加强基层工会组织建设",
            )
        ],
    ),
    ("union_member", "先进工作者", "先进工作者", Family.UNION, P, _WORKER_ITEMS),
    # Seed 000 §三: the titles above the mass organisations' own.
    ("league_outstanding", "杰出青年", "杰出青年", Family.LEAGUE, P, _WORKER_ITEMS),
    ("women_outstanding", "杰出妇女", "杰出妇女", Family.WOMEN, P, _WORKER_ITEMS),
    ("academy_worker", "院先进工作者", "院先进工作者", Family.UNION, P, _WORKER_ITEMS),
]
# Sets only a campaign held at an academy or branch academy gets: its own titles.
ACADEMY_ONLY_SETS = frozenset({"academy_worker"})

_PLEDGE_PLANS = (
    "结合本职岗位，围绕年度重点任务，明确本人在学习、工作、服务等方面的具体打算。"
)
_PLEDGE_DIRECTION = "以“五带头”为标准，立足岗位创先进、争当优秀共产党员。"
DEFAULT_TEMPLATES = {
    BranchCategory.Code.RESEARCH: (
        "围绕科研生产任务，在更新观念、服从大局、弘扬军工精神、争当业务骨干中创先争优。",
        "重点型号任务按节点完成；党员在技术攻关中发挥先锋模范作用。",
        [
            "组织党员围绕重点任务开展技术攻关",
            "设立党员先锋岗、党员责任区",
            "每季度召开支部党员大会通报争创进展",
        ],
    ),
    BranchCategory.Code.ORGAN: (
        "在进一步提升业务能力、协调能力、带头提高服务质量和工作效率中创先争优。",
        "服务质量和工作效率明显提高，群众满意度提升。",
        [
            "推行首问负责制和限时办结制",
            "开展业务能力培训与岗位练兵",
            "每半年开展一次服务对象满意度调查",
        ],
    ),
    BranchCategory.Code.SUPPORT: (
        "从热情优质服务、参与支持改革以及维护稳定和谐中创先争优。",
        "服务保障及时到位，安全稳定无事故。",
        [
            "开展优质服务竞赛",
            "公开服务承诺，接受职工监督",
            "定期排查安全隐患",
        ],
    ),
    BranchCategory.Code.RETIRED: (
        "从维护稳定、关心发展、支持改革、服从大局中创先争优。",
        "离退休党员组织生活正常开展，发挥余热。",
        [
            "每月组织一次集中学习",
            "开展走访慰问困难党员",
            "组织老党员为青年职工讲传统",
        ],
    ),
}
DEFAULT_MASS_TEMPLATES = {
    Family.UNION: (
        "建设模范职工之家，维护职工权益，开展劳动竞赛，争当先进工作者。",
        "职工之家建设达标，劳动竞赛覆盖全体会员。",
        ["开展岗位练兵和技能竞赛", "落实职工代表提案办理", "开展困难职工帮扶"],
    ),
    Family.LEAGUE: (
        "争创五四红旗团组织，引导团员青年在科研生产一线建功立业。",
        "团员青年创新创效成果明显，青年突击队完成重点任务。",
        ["组建青年突击队", "开展青年创新创效活动", "组织团员主题教育"],
    ),
    Family.WOMEN: (
        "争创先进妇女组织，组织女职工岗位建功、争当巾帼标兵。",
        "女职工岗位建功活动全面开展。",
        ["开展巾帼建功活动", "组织女职工学习培训", "关心女职工身心健康"],
    ),
}
