// The built-in checklists, written from the seed documents (../shared/seeds, DOMAIN.md "Numbers the
// system must know"). Each item says what to check, how, against which standard, and where the rule
// comes from: '002 第8条' is area 8 of seed 002's ten areas, ① … ④ its numbered tasks; 000 and 001
// are cited by item number, 003 by its section, 004 by its task heading.
// Keys are stable: hazards keep the key of the item they came from, so never renumber a key; add
// new items with new keys. A changed text here becomes a new version of the template at next start.
import type { ChecklistSection } from './checklist.js';

export interface BuiltinChecklist {
  /** Unique per district (the template's name). */
  name: string;
  description: string;
  sections: ChecklistSection[];
}

/** The seed documents an item's source refers to, for a tooltip or the printed form. */
export const seedTitles: Record<string, string> = {
  '000': '普陀区教育局《2024年普陀区教育系统安全工作要点》（普教德〔2024〕12号）',
  '001': '兖州区《全区教育系统2024年学校安全工作要点》（兖教体发〔2024〕7号）',
  '002': '闵行区教育局《校园安全专项整治工作实施方案》（2022）及附件2《校园安全风险隐患排查表》',
  '003': '普陀区教育局《关于切实做好党的二十大前后本区教育系统安全保障工作的通知》（普教办〔2022〕9号）',
  '004': '《2024年校园安全专项整治实施方案》（三清单、六项机制）',
};

// Seed 002, section 四（一）: the ten areas of the concentrated investigation, in its order.
const campaign: ChecklistSection[] = [
  {
    title: '一、校园安全管理机制',
    area: 'management',
    items: [
      {
        key: 'mgmt-01',
        text: '学校与区教育局签订安全生产责任书，校内逐级签订至各部门、班级和岗位',
        method: '查看资料（责任书）',
        standard: '签约率 100%，层层签订、责任到人',
        source: '000 第1条',
      },
      {
        key: 'mgmt-02',
        text: '落实校园安全工作例会制度：领导班子每季度召开安全专题会议，分管领导每月召开安全专题会议',
        method: '查看资料（会议记录、纪要）',
        standard: '领导班子每季度至少 1 次、分管领导每月至少 1 次',
        source: '000 第1条',
      },
      {
        key: 'mgmt-03',
        text: '建立健全安全管理制度和安全应急机制，覆盖隐患排查、应急处置、舆情管控、侵害未成年人权益案件强制报告与处置干预',
        method: '查看资料（制度汇编）、询问',
        standard: '责任到位、措施到位、落实到位',
        source: '002 第1条',
      },
      {
        key: 'mgmt-04',
        text: '建立侵害未成年人案件强制报告制度，明确强制报告联络员，知晓报告途径',
        method: '查看资料、询问联络员',
        standard: '发现侵害未成年人权益情况及时报告',
        source: '001 第11条；000 第14条',
      },
      {
        key: 'mgmt-05',
        text: '建立隐患排查治理台账，隐患挂账销号、每一环节签字压责，检查过程性资料留存',
        method: '查看隐患台账、抽查整改记录',
        standard: '“部署、检查、反馈、整改、查验、评价”闭环管理，隐患动态清零',
        source: '001 第24条；000 第3条',
      },
      {
        key: 'mgmt-06',
        text: '开展安全风险辨识评估，形成安全风险清单，针对基础性、季节性、节假日和特殊风险落实管控措施',
        method: '查看资料（风险清单、评估记录）',
        standard: '风险查找、研判、预警、防范、处置和责任“六项机制”健全',
        source: '004 二（二）；003 二',
      },
      {
        key: 'mgmt-07',
        text: '教职工入职查询性侵违法犯罪信息，保安、校车司机、保洁等外包服务人员一并查询',
        method: '抽查人事档案与查询记录',
        standard: '在职及新入职人员 100% 查询，涉案人员依法依规处理',
        source: '001 第11条',
      },
      {
        key: 'mgmt-08',
        text: '按规定办理校方责任保险，足额及时缴纳保费',
        method: '查看资料（保单、缴费凭证）',
        standard: '应保尽保，严禁脱保漏保',
        source: '001 第26条；000 任务分解表第29项',
      },
    ],
  },
  {
    title: '二、校园消防安全、危化品管理',
    area: 'fire_chemicals',
    items: [
      {
        key: 'fire-01',
        text: '学生宿舍、食堂、实验室、教室、图书馆、会议室等人员密集场所的疏散通道、安全出口畅通，无锁闭、无不当障碍物',
        method: '现场查看',
        standard: '疏散通道和安全出口不得锁闭、堵塞、占用',
        source: '002 第2条①；003 二',
      },
      {
        key: 'fire-02',
        text: '公共场所应急照明、疏散指示标志、应急广播完好有效',
        method: '现场测试',
        standard: '断电后应急照明正常启用，应急广播可覆盖人员集中场所',
        source: '002 第2条①',
      },
      {
        key: 'fire-03',
        text: '灭火器、消火栓等消防器材配置到位、在有效期内，消防设施设备定期巡检',
        method: '现场查看、抽查巡检记录',
        standard: '器材完好有效，巡检有记录，不得停用消防设施',
        source: '002 第2条①；003 三',
      },
      {
        key: 'fire-04',
        text: '校园电动自行车在指定区域停放、集中充电，不在楼道、宿舍内停放或充电',
        method: '现场查看',
        standard: '无违规停放、充电电动车',
        source: '002 第2条①；001 第13条；003 二',
      },
      {
        key: 'fire-05',
        text: '用火、用电、用气规范：无私拉电线、随意改造插座、集中使用伪劣电器或违规使用大功率电器，老化电缆电路限时整改',
        method: '现场查看',
        standard: '电缆、电路和电器设施按期完成整改',
        source: '002 第2条②；001 第13条',
      },
      {
        key: 'fire-06',
        text: '燃气管道无违规占压，使用燃气场所安装燃气泄漏报警器',
        method: '现场查看、现场测试',
        standard: '燃气安全隐患全面整治',
        source: '001 第13条',
      },
      {
        key: 'fire-07',
        text: '危险化学品采购、储存、使用、处置全过程管理，易制毒、易制爆化学试剂专门管理，账物相符',
        method: '查看台账、现场核对库存',
        standard: '全过程、全周期、可追溯',
        source: '002 第2条③；003 三；000 第9条',
      },
      {
        key: 'fire-08',
        text: '实验室危险废物按规范流程处置，有处置记录',
        method: '查看资料（处置合同、转移记录）',
        standard: '危废处置全链条管理',
        source: '002 第2条③；001 第19条',
      },
      {
        key: 'fire-09',
        text: '化学实验室、危化品室硬件安全设施符合要求：监控、通风、防火、防盗设施运行良好',
        method: '现场查看',
        standard: '危化品“三防”建设到位',
        source: '002 第2条④；001 第19条；000 第9条',
      },
      {
        key: 'fire-10',
        text: '电梯等特种设备落实“三落实、两有证、一检验、一预案”，第三方维保合同有效、定期维护保养',
        method: '查看资料（使用登记证、检验报告、维保记录）',
        standard: '三落实、两有证、一检验、一预案',
        source: '001 第19条；000 第9条',
      },
      {
        key: 'fire-11',
        text: '教职工具备消防安全“四个能力”：会查找火灾隐患、会扑救初起火灾、会组织人员疏散逃生、会开展消防宣传教育',
        method: '询问、抽查',
        standard: '抽问教职工能正确使用消防器材、说出本校疏散路线',
        source: '001 第13条',
      },
      {
        key: 'fire-12',
        text: '学校配备消防巡查人员，落实每月“消防安全检查日”，对教学楼、宿舍楼、图书馆、实验室、餐厅等火灾事故多发部位开展隐患排查',
        method: '查看巡查人员名单和检查记录',
        standard: '巡查人员到位，每月检查有记录（消防标准化）',
        source: '001 第13条',
      },
    ],
  },
  {
    title: '三、校园食品安全、传染病防控',
    area: 'food_disease',
    items: [
      {
        key: 'food-01',
        text: '食堂落实“明厨亮灶”，后厨加工过程可视，开展“互联网+明厨亮灶”线上巡查',
        method: '现场查看、查看平台',
        standard: '食堂日常视频巡查有记录',
        source: '002 第3条①；001 第17条；000 第7条',
      },
      {
        key: 'food-02',
        text: '“阳光午餐学校食品安全追溯管理平台”上线运行，原料信息、供应商、基地三级追溯清晰',
        method: '查看平台数据',
        standard: '上线率 100%',
        source: '002 第3条②',
      },
      {
        key: 'food-03',
        text: '供餐单位遴选程序规范，资料齐全',
        method: '查看资料（遴选材料、合同）',
        standard: '按《闵行区关于进一步加强学校食品安全与营养健康工作的若干规定》（闵教规字〔2020〕1号）操作',
        source: '002 第3条③',
      },
      {
        key: 'food-04',
        text: '落实食品安全校（园）长负责制和校（园）长陪餐制',
        method: '查看陪餐记录、询问',
        standard: '陪餐有记录',
        source: '001 第17条；000 第7条',
      },
      {
        key: 'food-05',
        text: '落实“月调度、周排查、日管控”，定期开展食品安全自查自纠',
        method: '查看资料（调度、排查、管控记录）',
        standard: '食品安全排查率、验收率“两个100%”',
        source: '000 第7条',
      },
      {
        key: 'food-06',
        text: '食品原辅材料验收、核查到位，米、面、粮、油、蛋、肉等原材料采供渠道正规、库存清楚',
        method: '抽查验收记录、现场核对库存',
        standard: '严把原辅材料验收关',
        source: '000 第7条；003 四',
      },
      {
        key: 'food-07',
        text: '学校卫生保健室建设到位，突发公共卫生事件处置预案完善，发生（疑似）事件按规定及时上报',
        method: '现场查看、查看预案',
        standard: '在卫生健康部门指导下建设与处置',
        source: '002 第3条④',
      },
      {
        key: 'food-08',
        text: '严格落实晨午检、因病缺课缺勤追踪上报制度',
        method: '抽查晨午检与缺勤追踪记录',
        standard: '早发现、早报告、早处置',
        source: '001 第16条',
      },
    ],
  },
  {
    title: '四、师生心理健康和校园欺凌',
    area: 'mental_bullying',
    items: [
      {
        key: 'mental-01',
        text: '动态掌握教师、学生心理状况，健全心理档案和底数清单，心理测评、分类帮扶、心理疏导制度落实',
        method: '查看资料（心理档案、底数清单）',
        standard: '制度落实到位',
        source: '002 第4条①',
      },
      {
        key: 'mental-02',
        text: '对小学高年级及初中、高中学生每学期开展 1 次全员心理筛查，建立“一生一档”',
        method: '查看筛查记录、抽查档案',
        standard: '每学期 1 次，全员覆盖',
        source: '001 第9条',
      },
      {
        key: 'mental-03',
        text: '对特异体质、心理异常学生摸排包靠，建立包靠台账，“一对一”落实包靠措施',
        method: '查看包靠台账、询问包靠教师',
        standard: '动态管理，一人一责任人',
        source: '001 第20条',
      },
      {
        key: 'mental-04',
        text: '设立学生求助电话和联系人，学生知晓求助途径',
        method: '现场查看、询问学生',
        standard: '及早发现、及时干预、有效制止学生欺凌和暴力行为',
        source: '002 第4条②',
      },
      {
        key: 'mental-05',
        text: '建立完善预防性侵害、性骚扰工作机制，防性侵教育纳入常态化教学',
        method: '查看资料、抽查教学安排',
        standard: '机制健全、教育常态化',
        source: '002 第4条②；001 第11条',
      },
      {
        key: 'mental-06',
        text: '校园欺凌治理委员会发挥作用，欺凌预防处置机制健全，发挥班级、宿舍网格员作用开展重点群体学生摸排',
        method: '查看资料、询问',
        standard: '早摸排、早发现、早处置',
        source: '001 第10条',
      },
      {
        key: 'mental-07',
        text: '对有不良行为、暴力行为的学生，由担任法治副校长的检察官、民警实施训诫教育，有记录',
        method: '查看资料、询问',
        standard: '训诫制度有落实',
        source: '002 第4条②；000 第14条',
      },
    ],
  },
  {
    title: '五、校园安全教育',
    area: 'education',
    items: [
      {
        key: 'edu-01',
        text: '学校配备至少 1 名公共安全教育专（兼）职教师，定期开展公共安全教育教研活动',
        method: '查看资料（任命文件、教研记录）',
        standard: '至少 1 名，教研定期开展',
        source: '002 第5条①',
      },
      {
        key: 'edu-02',
        text: '校内公共安全体验场馆和教室有效利用，列入见习教师规范化培训内容',
        method: '现场查看、查看使用记录',
        standard: '提高利用率',
        source: '002 第5条②',
      },
      {
        key: 'edu-03',
        text: '安全培训学时达标：新任校（园）长、副校（园）长任职培训，分管安全副校长年度培训，班主任和专任教师年度培训，新任安全管理干部岗前培训',
        method: '查看培训记录、抽查学时',
        standard: '任职培训 ≥ 40 学时；分管安全副校长和安全部门负责人每年 ≥ 20 学时；班主任、专任教师每年 ≥ 10 学时；安全管理干部先培训后上岗',
        source: '001 第7条；002 第5条③',
      },
      {
        key: 'edu-04',
        text: '按学段定期开展安全教育：防溺水、防交通事故、防欺凌、防性侵、毒品预防等，提高学生自护、自救、防灾、逃生能力',
        method: '查看教学计划与活动记录、询问学生',
        standard: '落实中小学公共安全教育课程计划',
        source: '002 第5条④；000 第15条；001 第12条',
      },
      {
        key: 'edu-05',
        text: '开展主题教育活动：“开学第一课”、全国中小学生安全教育日（3月最后一个周一）、5.12 防灾减灾日、6.16 安全生产宣传咨询日、6.26 国际禁毒日、9.18 演练、11.9 消防日、12.2 交通安全日',
        method: '查看活动记录与照片',
        standard: '各时间节点活动有开展、有记录',
        source: '000 第15条及任务分解表',
      },
      {
        key: 'edu-06',
        text: '通过家校联系平台常态化向家长推送校园安全宣传教育资料',
        method: '查看推送记录',
        standard: '常态化推送',
        source: '000 第13条',
      },
    ],
  },
  {
    title: '六、校园应急处置',
    area: 'emergency',
    items: [
      {
        key: 'emerg-01',
        text: '制定个人暴力犯罪预防发现和现场处置等应急预案，相关人员熟悉预案和流程',
        method: '查看预案、询问',
        standard: '预案完善并适时修订',
        source: '002 第6条①；001 第6条',
      },
      {
        key: 'emerg-02',
        text: '保安员等相关人员熟练使用防暴盾牌、塑胶短警棍等装备，定期开展技能培训和实战演练',
        method: '现场测试、查看培训演练记录',
        standard: '装备使用熟练、应急处置有效得当',
        source: '002 第6条①',
      },
      {
        key: 'emerg-03',
        text: '定期开展防地震、防火灾、防踩踏等实战型应急疏散演练',
        method: '查看演练记录、方案与照片',
        standard: '中小学每月至少 1 次；幼儿园每季度至少 1 次',
        source: '000 第17条；001 第6条',
      },
      {
        key: 'emerg-04',
        text: '专项演练：寄宿制学校夜间应急疏散演练，使用校车学校校车安全事故应急疏散演练，幼儿园午睡时段应急疏散演练',
        method: '查看演练记录',
        standard: '寄宿制学校每年至少 2 次夜间演练；使用校车学校每学期至少 1 次校车事故演练；幼儿园开展午睡时段演练',
        source: '001 第6条；000 第5条',
      },
      {
        key: 'emerg-05',
        text: '落实值班值守和节假日领导带班制度，突发事件第一时间报告',
        method: '查看值班表与值班记录、电话抽查',
        standard: '重要时段每天领导 24 小时在岗带班并安排正式工作人员 24 小时值班；杜绝迟报、漏报、谎报、瞒报',
        source: '002 第6条②；000 第4条；003 五',
      },
      {
        key: 'emerg-06',
        text: '舆情应对机制健全，在上级部门指导下及时正面发声、回应关切',
        method: '查看资料、询问',
        standard: '舆情监测和应对处置有专人负责',
        source: '002 第6条②；003 五',
      },
      {
        key: 'emerg-07',
        text: '应急队伍和应急物资储备到位，应急物资在有效期内',
        method: '现场查看物资、查看清单',
        standard: '备齐备足各类应急物资',
        source: '000 第4条、第10条；004 二（四）4',
      },
    ],
  },
  {
    title: '七、校园封闭管理',
    area: 'closed_campus',
    items: [
      {
        key: 'closed-01',
        text: '学校围墙安装周界入侵报警系统，不定时检查设备运行情况',
        method: '现场测试、查看检查记录',
        standard: '周界报警系统 24 小时设防',
        source: '002 第7条',
      },
      {
        key: 'closed-02',
        text: '学生在校期间实行封闭式管理，非上学、放学时段校门锁闭',
        method: '现场查看',
        standard: '非上、放学时段校门锁闭',
        source: '002 第7条',
      },
      {
        key: 'closed-03',
        text: '外来人员一律由教职工带入校园并逐一登记',
        method: '现场查看、查看来访登记台账',
        standard: '“四个一律”之一：带入、逐一登记',
        source: '002 第7条',
      },
      {
        key: 'closed-04',
        text: '闲散可疑人员一律禁止进入校园',
        method: '现场查看、询问门卫',
        standard: '“四个一律”之二',
        source: '002 第7条',
      },
      {
        key: 'closed-05',
        text: '无关车辆一律禁止进入校园，车辆出入登记',
        method: '现场查看、查看车辆登记',
        standard: '“四个一律”之三',
        source: '002 第7条',
      },
      {
        key: 'closed-06',
        text: '上学、放学时段一律安排教师和保安员在校门口护送',
        method: '上放学时段现场查看',
        standard: '“四个一律”之四',
        source: '002 第7条；001 第15条',
      },
      {
        key: 'closed-07',
        text: '健全外来人员、车辆登记及学生、幼儿接送管理和检查制度，设立台账；低年级、幼儿园落实交接制度',
        method: '查看制度与台账',
        standard: '制度健全、台账完整',
        source: '002 第7条；001 第8条',
      },
      {
        key: 'closed-08',
        text: '门卫认真查验出入人员和车辆，严防管制刀具、易燃易爆等危险物品带入校园',
        method: '现场查看、询问门卫',
        standard: '门卫值守与内部巡查双结合',
        source: '002 第7条；001 第4条；000 第12条',
      },
    ],
  },
  {
    title: '八、校园保安员配备',
    area: 'guards',
    items: [
      {
        key: 'guard-01',
        text: '聘用专业保安服务公司提供的保安员，持证上岗',
        method: '查看服务合同、保安员证',
        standard: '按国家法律法规及本市规定聘用',
        source: '002 第8条',
      },
      {
        key: 'guard-02',
        text: '白天学生在校期间，每个门岗保安员在岗值勤人数',
        method: '现场清点、核对排班表',
        standard: '每个门岗至少 2 名保安员在岗（“一门两保安”）',
        source: '002 第8条',
      },
      {
        key: 'guard-03',
        text: '夜间无寄宿学生的学校保安员值勤人数',
        method: '查看夜间排班与值勤记录',
        standard: '至少 1 名保安员值勤',
        source: '002 第8条',
      },
      {
        key: 'guard-04',
        text: '寄宿制学校夜间保安员配置，开展日常守护、巡逻、护校',
        method: '查看夜间排班与巡逻记录',
        standard: '至少按普通学校标准双倍配置',
        source: '002 第8条',
      },
      {
        key: 'guard-05',
        text: '小学、幼儿园上学、放学高峰时段保安员配置',
        method: '高峰时段现场清点',
        standard: '在“一门两保安”基础上叠加 2 名保安员协同守护',
        source: '002 第8条',
      },
      {
        key: 'guard-06',
        text: '保安员入职审查（含性侵违法犯罪信息查询），落实入职安全教育培训与法律道德培训',
        method: '查看审查与培训记录',
        standard: '先审查、先培训后上岗，保安公司落实常态化专业培训',
        source: '002 第8条；001 第11条；000 第11条',
      },
      {
        key: 'guard-07',
        text: '保安员熟悉岗位职责和应急处置流程，门卫值守与校内巡逻有记录',
        method: '询问、抽查巡逻记录',
        standard: '日常守护、巡逻、护校落实到位',
        source: '002 第8条；001 第4条',
      },
    ],
  },
  {
    title: '九、校园技防、物防设施配备',
    area: 'defences',
    items: [
      {
        key: 'def-01',
        text: '一键式紧急报警装置安装并处于良好运行状态',
        method: '现场测试（与接警中心联动试报）',
        standard: '100% 安装，运行良好',
        source: '002 第9条；001 第4条',
      },
      {
        key: 'def-02',
        text: '门卫及相关人员知晓一键报警装置位置并掌握使用技能',
        method: '询问、现场演示',
        standard: '人人知晓、会用',
        source: '002 第9条',
      },
      {
        key: 'def-03',
        text: '配备必要的安保警械，保安在上学、放学时段持械上岗',
        method: '现场查看',
        standard: '上下学时段持械上岗',
        source: '002 第9条',
      },
      {
        key: 'def-04',
        text: '学校出入口、食堂安装视频监控系统，并接入区教育局安全管理中心',
        method: '现场查看、与区安全管理中心核对在线状态',
        standard: '出入口、食堂全覆盖并联网',
        source: '002 第9条；001 第4条',
      },
      {
        key: 'def-05',
        text: '视频监控系统定期维护，图像保存时间与回放清晰度',
        method: '现场调阅 30 天前的录像回放',
        standard: '图像保存不少于 30 日，回放图像清晰',
        source: '002 第9条',
      },
      {
        key: 'def-06',
        text: '化学实验室、危化品贮存室安装视频监控、入侵报警装置、防盗安全门、防盗保险柜等技防物防设施',
        method: '现场查看、现场测试',
        standard: '按有关规定配齐',
        source: '002 第9条',
      },
      {
        key: 'def-07',
        text: '推进安全生产物联网监控：温度传感、烟雾报警、视频监控接入学校安全管理平台',
        method: '查看平台、现场测试',
        standard: '有条件的学校建设并运行',
        source: '004 二（四）3；001 第23条',
      },
    ],
  },
  {
    title: '十、校园周边治安环境',
    area: 'surroundings',
    items: [
      {
        key: 'surr-01',
        text: '学校周边 200 米学生安全区域综合治理，配合属地对周边重点人员开展滚动排查',
        method: '询问、查看与属地联动记录',
        standard: '周边 200 米划为学生安全区域',
        source: '002 第10条',
      },
      {
        key: 'surr-02',
        text: '校园周边 200 米内无网吧、KTV、游戏机房等不适宜未成年人的场所',
        method: '现场查看',
        standard: '发现的场所已报告并推动清理整治',
        source: '002 第10条',
      },
      {
        key: 'surr-03',
        text: '校园周边无“涉黄涉赌涉毒”场所',
        method: '现场查看、询问属地派出所',
        standard: '发现线索及时报告',
        source: '002 第10条',
      },
      {
        key: 'surr-04',
        text: '因地制宜设置家长接送、等待区域',
        method: '上放学时段现场查看',
        standard: '接送区域设置合理、秩序良好',
        source: '002 第10条',
      },
      {
        key: 'surr-05',
        text: '上学、放学时段有交通协管员维护交通秩序，校门口交通警示标志齐全',
        method: '上放学时段现场查看',
        standard: '交通秩序规范',
        source: '002 第10条；000 第6条',
      },
      {
        key: 'surr-06',
        text: '落实“护学岗”：上下学时段安全管理人员、值班教师和保安员在校门口区域警戒守护',
        method: '上放学时段现场查看',
        standard: '护学岗人员到岗',
        source: '001 第15条',
      },
      {
        key: 'surr-07',
        text: '校园周边无无照摊点、占道经营，无出售伪劣品、危险品、低俗书刊等情况',
        method: '现场查看',
        standard: '发现问题已报告属地联合整治',
        source: '001 第15条；000 第12条',
      },
    ],
  },
];

// A shorter form for kindergartens, from the rules the seeds set for them (and the general ones
// that apply to a kindergarten too). Items repeat wording of the campaign form where the rule is the same.
const kindergarten: ChecklistSection[] = [
  {
    title: '一、消防与设施安全',
    area: 'fire_chemicals',
    items: [
      {
        key: 'kg-fire-01',
        text: '幼儿园疏散通道、安全出口畅通，应急照明和疏散指示有效',
        method: '现场查看、现场测试',
        standard: '疏散通道不得锁闭、堵塞',
        source: '000 第5条；002 第2条①',
      },
      {
        key: 'kg-fire-02',
        text: '活动室、午睡室电器及线路规范，无私拉电线、违规使用大功率电器',
        method: '现场查看',
        standard: '电器及线路综合整治到位',
        source: '000 第5条；002 第2条②',
      },
      {
        key: 'kg-fire-03',
        text: '使用老旧闲置校舍的，已进行风险评估并采取相应措施',
        method: '查看评估报告',
        standard: '存在重大安全隐患的不得使用',
        source: '001 第18条',
      },
    ],
  },
  {
    title: '二、卫生保健与食品安全',
    area: 'food_disease',
    items: [
      {
        key: 'kg-food-01',
        text: '落实园长食品安全负责制和园长陪餐制',
        method: '查看陪餐记录',
        standard: '陪餐有记录',
        source: '001 第17条',
      },
      {
        key: 'kg-food-02',
        text: '严格晨午检和因病缺勤追踪上报',
        method: '抽查晨午检记录',
        standard: '早发现、早报告、早处置',
        source: '001 第16条',
      },
      {
        key: 'kg-food-03',
        text: '保健室建设到位，突发公共卫生事件处置预案完善',
        method: '现场查看、查看预案',
        standard: '按规定及时上报',
        source: '002 第3条④',
      },
    ],
  },
  {
    title: '三、安保与封闭管理',
    area: 'guards',
    items: [
      {
        key: 'kg-guard-01',
        text: '白天幼儿在园期间每个门岗保安员在岗人数',
        method: '现场清点',
        standard: '每个门岗至少 2 名',
        source: '002 第8条',
      },
      {
        key: 'kg-guard-02',
        text: '入园、离园高峰时段保安员配置',
        method: '高峰时段现场清点',
        standard: '在“一门两保安”基础上叠加 2 名',
        source: '002 第8条',
      },
      {
        key: 'kg-guard-03',
        text: '幼儿接送交接制度落实，外来人员由教职工带入并逐一登记',
        method: '现场查看、查看接送与来访台账',
        standard: '交接有记录，“四个一律”执行到位',
        source: '001 第8条；002 第7条',
      },
    ],
  },
  {
    title: '四、技防设施',
    area: 'defences',
    items: [
      {
        key: 'kg-def-01',
        text: '一键式紧急报警装置安装并运行良好，门卫会用',
        method: '现场测试',
        standard: '100% 安装，运行良好',
        source: '002 第9条',
      },
      {
        key: 'kg-def-02',
        text: '幼儿园视频监控全覆盖，出入口、食堂监控接入区教育局，图像保存不少于 30 日',
        method: '现场调阅录像',
        standard: '全覆盖，保存 ≥ 30 日',
        source: '000 第11条；002 第9条',
      },
    ],
  },
  {
    title: '五、应急演练',
    area: 'emergency',
    items: [
      {
        key: 'kg-emerg-01',
        text: '应急疏散演练频次',
        method: '查看演练记录',
        standard: '每季度至少 1 次',
        source: '000 第17条；001 第6条',
      },
      {
        key: 'kg-emerg-02',
        text: '开展午睡时段应急逃生疏散演练',
        method: '查看演练记录',
        standard: '午睡时段演练有开展',
        source: '000 第5条',
      },
      {
        key: 'kg-emerg-03',
        text: '使用校车的幼儿园每学期开展校车安全事故应急疏散演练，校车照管员资格审查到位',
        method: '查看演练记录与照管员资料',
        standard: '每学期至少 1 次',
        source: '001 第6条、第14条',
      },
    ],
  },
];

// Online video patrols (网上视频巡查): what an officer can see through a school's cameras — the
// gate at the peaks, the canteen kitchen (明厨亮灶), the perimeter, the cameras themselves.
// 001 第4条 (校园天眼：探头站岗、鼠标巡逻), 000 第7条 and 001 第17条 (食堂日常视频巡查，明厨亮灶线上巡查).
const videoPatrol: ChecklistSection[] = [
  {
    title: '一、校门与门岗',
    area: 'guards',
    items: [
      { key: 'vp-gate-01', text: '上下学高峰门岗在岗，保安按要求佩戴装备、护学岗到位', method: '查看校门视频点位（上下学时段）', standard: '高峰时段门岗在岗、装备齐全', source: '001 第4条' },
      { key: 'vp-gate-02', text: '校门处于封闭管理状态，外来人员和车辆登记查验后进入', method: '查看校门视频点位', standard: '无随意进出', source: '001 第4条' },
    ],
  },
  {
    title: '二、食堂后厨（明厨亮灶）',
    area: 'food_disease',
    items: [
      { key: 'vp-canteen-01', text: '后厨人员规范着装，佩戴帽子口罩', method: '查看食堂后厨视频点位', standard: '工作服、帽子、口罩佩戴规范', source: '000 第7条；001 第17条' },
      { key: 'vp-canteen-02', text: '生熟分开，操作区整洁，无违规加工行为', method: '查看食堂后厨视频点位', standard: '生熟分开、台面整洁', source: '000 第7条' },
      { key: 'vp-canteen-03', text: '后厨无无关人员进入，无吸烟、玩手机等行为', method: '查看食堂后厨视频点位', standard: '无违规行为', source: '001 第17条' },
    ],
  },
  {
    title: '三、周界与技防',
    area: 'defences',
    items: [
      { key: 'vp-perimeter-01', text: '周界完好，围墙、护栏无破损、无攀爬痕迹', method: '查看周界视频点位', standard: '周界完好', source: '001 第4条' },
      { key: 'vp-camera-01', text: '监控画面在线清晰，重点部位无遮挡、无黑屏', method: '逐个打开学校视频点位', standard: '画面在线、清晰', source: '001 第4条' },
    ],
  },
];

/** The name of the built-in video patrol checklist: a video patrol uses it without a choice. */
export const VIDEO_PATROL_CHECKLIST = '视频巡查检查表';

export const builtinChecklists: BuiltinChecklist[] = [
  {
    name: '校园安全风险隐患排查表（专项整治）',
    description: '依据闵行区校园安全专项整治实施方案附件2编制，覆盖十个方面，供学校自查、镇街普查和区级抽查使用。',
    sections: campaign,
  },
  {
    name: '幼儿园安全检查表',
    description: '幼儿园适用的简表：消防、卫生保健、安保、技防和演练的重点项目。',
    sections: kindergarten,
  },
  {
    name: VIDEO_PATROL_CHECKLIST,
    description: '网上视频巡查用：通过校园天眼、明厨亮灶视频点位查看门岗、后厨、周界和监控画面。',
    sections: videoPatrol,
  },
];
