"""The shape of the institute; sectors tie departments to their general branch."""

from organizations.demo.accounts import (
    CAT,
    DEMO_GSEC,
    DEMO_LEADER,
    DEMO_LEAGUE,
    DEMO_MEMBER,
    DEMO_OFFICE,
    DEMO_SECRETARY,
    DEMO_STAFF,
    DEMO_UNION,
    DEMO_WOMEN,
    INSTITUTE_NAME,
    PS,
)

COMMITTEE_NAME = f"{INSTITUTE_NAME}党委"
LEADING_GROUP_NAME = f"{INSTITUTE_NAME}创先争优活动领导小组"
OFFICE_NAME = f"{INSTITUTE_NAME}创先争优活动办公室"
UNION_NAME = f"{INSTITUTE_NAME}工会"
LEAGUE_NAME = f"{INSTITUTE_NAME}团委"
WOMEN_NAME = f"{INSTITUTE_NAME}妇委会"

# (name, parent department or None, sector)
DEPARTMENTS = [
    ("综合办公室", None, "organ"),
    ("组织人事处", None, "organ"),
    ("党群工作处", None, "organ"),
    ("科研计划处", None, "organ"),
    ("财务资产处", None, "organ"),
    ("质量安全处", None, "organ"),
    ("纪检监察审计室", None, "direct"),
    ("保密办公室", None, "organ"),
    ("规划发展办公室", None, "organ"),
    ("第一事业部", None, "rd1"),
    ("射频组件室", "第一事业部", "rd1"),
    ("微波模块室", "第一事业部", "rd1"),
    ("信号处理室", "第一事业部", "rd1"),
    ("测试验证室", "第一事业部", "rd1"),
    ("第二事业部", None, "rd2"),
    ("传感器件室", "第二事业部", "rd2"),
    ("微纳工艺室", "第二事业部", "rd2"),
    ("封装集成室", "第二事业部", "rd2"),
    ("可靠性室", "第二事业部", "rd2"),
    ("第三事业部", None, "rd3"),
    ("光电探测室", "第三事业部", "rd3"),
    ("激光器件室", "第三事业部", "rd3"),
    ("光学设计室", "第三事业部", "rd3"),
    ("系统集成室", "第三事业部", "rd3"),
    ("声表器件产业中心", None, "ind"),
    ("惯性器件产业中心", None, "ind"),
    ("电源模块产业中心", None, "ind"),
    ("智能装备产业中心", None, "ind"),
    ("标准化研究中心", None, "direct"),
    ("后勤服务中心", None, "support"),
    ("物资供应中心", None, "support"),
    ("信息网络中心", None, "support"),
    ("动力保障中心", None, "support"),
    ("档案信息中心", None, "direct"),
    ("离退休工作处", None, "retired"),
]
SECTOR_OF = {name: sector for name, _parent, sector in DEPARTMENTS}

# (name, category)
GENERAL_BRANCHES = [
    ("第一事业部党总支", CAT.RESEARCH),
    ("第二事业部党总支", CAT.RESEARCH),
    ("第三事业部党总支", CAT.RESEARCH),
    ("产业中心党总支", CAT.RESEARCH),
    ("机关党总支", CAT.ORGAN),
    ("保障服务党总支", CAT.SUPPORT),
    ("离退休党总支", CAT.RETIRED),
]
GSEC_GENERAL_BRANCH = "第一事业部党总支"

# (name, general branch or None for directly under the committee, category, department)
BRANCHES = [
    ("射频组件室党支部", "第一事业部党总支", CAT.RESEARCH, "射频组件室"),
    ("微波模块室党支部", "第一事业部党总支", CAT.RESEARCH, "微波模块室"),
    ("信号处理室党支部", "第一事业部党总支", CAT.RESEARCH, "信号处理室"),
    ("测试验证室党支部", "第一事业部党总支", CAT.RESEARCH, "测试验证室"),
    ("传感器件室党支部", "第二事业部党总支", CAT.RESEARCH, "传感器件室"),
    ("微纳工艺室党支部", "第二事业部党总支", CAT.RESEARCH, "微纳工艺室"),
    ("封装集成室党支部", "第二事业部党总支", CAT.RESEARCH, "封装集成室"),
    ("可靠性室党支部", "第二事业部党总支", CAT.RESEARCH, "可靠性室"),
    ("光电探测室党支部", "第三事业部党总支", CAT.RESEARCH, "光电探测室"),
    ("激光器件室党支部", "第三事业部党总支", CAT.RESEARCH, "激光器件室"),
    ("光学设计室党支部", "第三事业部党总支", CAT.RESEARCH, "光学设计室"),
    ("系统集成室党支部", "第三事业部党总支", CAT.RESEARCH, "系统集成室"),
    ("声表器件产业中心党支部", "产业中心党总支", CAT.RESEARCH, "声表器件产业中心"),
    ("惯性器件产业中心党支部", "产业中心党总支", CAT.RESEARCH, "惯性器件产业中心"),
    ("电源模块产业中心党支部", "产业中心党总支", CAT.RESEARCH, "电源模块产业中心"),
    ("智能装备产业中心党支部", "产业中心党总支", CAT.RESEARCH, "智能装备产业中心"),
    ("综合办公室党支部", "机关党总支", CAT.ORGAN, "综合办公室"),
    ("组织人事处党支部", "机关党总支", CAT.ORGAN, "组织人事处"),
    ("党群工作处党支部", "机关党总支", CAT.ORGAN, "党群工作处"),
    ("科研计划处党支部", "机关党总支", CAT.ORGAN, "科研计划处"),
    ("财务资产处党支部", "机关党总支", CAT.ORGAN, "财务资产处"),
    ("质量安全处党支部", "机关党总支", CAT.ORGAN, "质量安全处"),
    ("后勤服务中心党支部", "保障服务党总支", CAT.SUPPORT, "后勤服务中心"),
    ("物资供应中心党支部", "保障服务党总支", CAT.SUPPORT, "物资供应中心"),
    ("信息网络中心党支部", "保障服务党总支", CAT.SUPPORT, "信息网络中心"),
    ("动力保障中心党支部", "保障服务党总支", CAT.SUPPORT, "动力保障中心"),
    ("离退休第一党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    ("离退休第二党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    ("离退休第三党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    ("离退休第四党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    # 未设党总支的支部
    ("纪检监察审计室党支部", None, CAT.ORGAN, "纪检监察审计室"),
    ("标准化研究中心党支部", None, CAT.RESEARCH, "标准化研究中心"),
    ("档案信息中心党支部", None, CAT.SUPPORT, "档案信息中心"),
]
SECRETARY_BRANCH = "射频组件室党支部"
# Departments without a branch of their own: their party members join this branch.
BRANCH_FOR_DEPARTMENT = {
    "保密办公室": "综合办公室党支部",
    "规划发展办公室": "综合办公室党支部",
}

# (department, head count, position pool); retirees are a second cohort of their office.
COHORTS = [
    ("综合办公室", 16, "organ"),
    ("组织人事处", 13, "organ"),
    ("党群工作处", 13, "organ"),
    ("科研计划处", 14, "organ"),
    ("财务资产处", 12, "organ"),
    ("质量安全处", 12, "organ"),
    ("纪检监察审计室", 8, "organ"),
    ("保密办公室", 6, "organ"),
    ("规划发展办公室", 7, "organ"),
    ("射频组件室", 24, "research"),
    ("微波模块室", 24, "research"),
    ("信号处理室", 24, "research"),
    ("测试验证室", 24, "research"),
    ("传感器件室", 24, "research"),
    ("微纳工艺室", 24, "research"),
    ("封装集成室", 24, "research"),
    ("可靠性室", 24, "research"),
    ("光电探测室", 24, "research"),
    ("激光器件室", 24, "research"),
    ("光学设计室", 24, "research"),
    ("系统集成室", 24, "research"),
    ("声表器件产业中心", 26, "research"),
    ("惯性器件产业中心", 26, "research"),
    ("电源模块产业中心", 26, "research"),
    ("智能装备产业中心", 26, "research"),
    ("标准化研究中心", 18, "research"),
    ("后勤服务中心", 22, "support"),
    ("物资供应中心", 22, "support"),
    ("信息网络中心", 22, "support"),
    ("动力保障中心", 22, "support"),
    ("档案信息中心", 10, "support"),
    ("离退休工作处", 6, "organ"),
    ("离退休工作处", 56, "retired"),
]
POSITIONS = {
    "research": [
        ("研究员", 1),
        ("高级工程师", 5),
        ("工程师", 7),
        ("助理工程师", 5),
        ("技术员", 2),
    ],
    "organ": [("主管", 3), ("干事", 4), ("科员", 2), ("高级经济师", 1)],
    "support": [
        ("工程师", 3),
        ("高级技师", 1),
        ("技师", 3),
        ("技术员", 2),
        ("管理员", 2),
    ],
    "retired": [
        ("退休研究员", 1),
        ("退休高级工程师", 3),
        ("退休工程师", 3),
        ("退休职工", 3),
    ],
}
PARTY_RATE = {"research": 0.5, "organ": 0.75, "support": 0.4, "retired": 0.85}
FEMALE_RATE = {"research": 0.38, "organ": 0.5, "support": 0.4, "retired": 0.35}

# People placed on purpose: (key, department, position, political status, gender).
KEY_PEOPLE = [
    (DEMO_LEADER, "综合办公室", "党委副书记、副所长", PS.PARTY_FULL, ""),
    ("lg_vice_a", "综合办公室", "党委副书记、纪委书记", PS.PARTY_FULL, ""),
    ("lg_vice_b", "综合办公室", "所长", PS.PARTY_FULL, ""),
    ("lg_m1", "综合办公室", "副所长", PS.PARTY_FULL, ""),
    ("lg_m2", "综合办公室", "副所长", PS.PARTY_FULL, ""),
    ("lg_m3", "财务资产处", "总会计师", PS.PARTY_FULL, ""),
    ("lg_union", "党群工作处", "工会主席", PS.PARTY_FULL, ""),
    (DEMO_OFFICE, "党群工作处", "党群工作处副处长", PS.PARTY_FULL, ""),
    ("of_1", "组织人事处", "所长助理、组织人事处处长", PS.PARTY_FULL, ""),
    ("of_2", "综合办公室", "综合办公室副主任", PS.PARTY_FULL, ""),
    ("of_3", "纪检监察审计室", "纪检监察审计室副主任", PS.PARTY_FULL, ""),
    ("of_4", "组织人事处", "组织人事处组织干事", PS.PARTY_FULL, ""),
    ("of_5", "党群工作处", "党群工作处宣传干事", PS.PARTY_FULL, ""),
    ("of_6", "党群工作处", "党群工作处组织干事", PS.PARTY_FULL, ""),
    (DEMO_UNION, "党群工作处", "工会常务副主席", PS.PARTY_FULL, ""),
    (DEMO_LEAGUE, "党群工作处", "团委书记", PS.PARTY_PROBATIONARY, ""),
    (DEMO_WOMEN, "组织人事处", "妇委会主任", PS.PARTY_FULL, "F"),
    (DEMO_GSEC, "微波模块室", "第一事业部副主任", PS.PARTY_FULL, ""),
    (DEMO_SECRETARY, "射频组件室", "高级工程师", PS.PARTY_FULL, ""),
    (DEMO_MEMBER, "射频组件室", "工程师", PS.PARTY_FULL, ""),
    (DEMO_STAFF, "射频组件室", "助理工程师", PS.MASSES, ""),
]
# (key, title) in order: 组长, 副组长, 成员 (seed 003 §二).
LEADING_GROUP = [
    (DEMO_LEADER, "组长"),
    ("lg_vice_a", "副组长"),
    ("lg_vice_b", "副组长"),
    ("lg_m1", "成员"),
    ("lg_m2", "成员"),
    ("lg_m3", "成员"),
    ("lg_union", "成员"),
]
ACTIVITY_OFFICE = [
    (DEMO_OFFICE, "主任"),
    ("of_1", "成员"),
    ("of_2", "成员"),
    ("of_3", "成员"),
    ("of_4", "成员"),
    ("of_5", "成员"),
    ("of_6", "成员"),
]

# Mass organisations: (name, leading party unit, sectors whose staff join it).
UNION_BRANCHES = [
    ("第一事业部分工会", "第一事业部党总支", {"rd1"}),
    ("第二事业部分工会", "第二事业部党总支", {"rd2"}),
    ("第三事业部分工会", "第三事业部党总支", {"rd3"}),
    ("产业中心分工会", "产业中心党总支", {"ind"}),
    ("机关分工会", "机关党总支", {"organ"}),
    ("保障服务分工会", "保障服务党总支", {"support"}),
    ("直属单位分工会", COMMITTEE_NAME, {"direct", "retired"}),
]
# (name, union branch, leading party unit, departments whose staff join it).
UNION_GROUPS = [
    ("射频组件室工会小组", "第一事业部分工会", "射频组件室党支部", {"射频组件室"}),
    ("微波模块室工会小组", "第一事业部分工会", "微波模块室党支部", {"微波模块室"}),
    ("信号处理室工会小组", "第一事业部分工会", "信号处理室党支部", {"信号处理室"}),
    ("测试验证室工会小组", "第一事业部分工会", "测试验证室党支部", {"测试验证室"}),
    (
        "后勤服务中心工会小组",
        "保障服务分工会",
        "后勤服务中心党支部",
        {"后勤服务中心"},
    ),
    (
        "动力保障中心工会小组",
        "保障服务分工会",
        "动力保障中心党支部",
        {"动力保障中心"},
    ),
]
LEAGUE_BRANCHES = [
    ("第一事业部团支部", "第一事业部党总支", {"rd1"}),
    ("第二事业部团支部", "第二事业部党总支", {"rd2"}),
    ("第三事业部团支部", "第三事业部党总支", {"rd3"}),
    ("产业中心团支部", "产业中心党总支", {"ind"}),
    ("机关保障联合团支部", "机关党总支", {"organ", "support", "direct", "retired"}),
]
WOMEN_GROUPS = [
    ("第一事业部妇女小组", "第一事业部党总支", {"rd1"}),
    ("第二第三事业部妇女小组", "第二事业部党总支", {"rd2", "rd3"}),
    ("产业中心妇女小组", "产业中心党总支", {"ind"}),
    ("机关妇女小组", "机关党总支", {"organ", "direct"}),
    ("保障服务妇女小组", "保障服务党总支", {"support"}),
    ("离退休妇女小组", "离退休党总支", {"retired"}),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任卢姚钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱侯尹薛闫段雷"
    "黎史龙陶贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
MALE_CHARS = "建国志明伟强军平辉斌鹏宇浩凯俊峰磊杰勇刚健超亮林东海文华翔晨阳毅骏博睿哲楠琦航远鑫立成松岩振庆正铭"
FEMALE_CHARS = (
    "丽芳娟敏静燕艳婷雪玲萍红霞慧琳颖倩佳欣悦璐蕾薇洁琪晶岚瑶莉梅兰珊雯思怡宁蓉萱月秀"
)
# The people named in the seed documents: never generated.
SEED_NAMES = frozenset(
    "江波 沈虹 欧黎 胡少勤 秦廷辉 范方云 吴应康 章瑜 张涛 吴兆刚 张旋 周尚平 王彤 曾翀".split()
)
