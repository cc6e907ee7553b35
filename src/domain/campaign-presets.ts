// Two campaigns written from the seeds, offered as presets in the create form: they fill the form
// and the person sees and edits everything before saving. Departments are named as the seed
// names them; the form puts in those the district has and lists those it has not.
import type { PhaseKind, SafetyArea } from '../contracts/enums.js';

export interface PresetArea {
  area: SafetyArea;
  tasks: string;
  responsibleSubject: string;
  /** Department names as in the seed; null: the departments of the district that own the area. */
  responsibleDepartments: string[] | null;
  cooperatingDepartments: string[];
}

export interface CampaignPreset {
  key: '002' | '004';
  label: string;
  name: string;
  description: string;
  startsOn: string;
  endsOn: string;
  selfCheckDue: string | null;
  phases: Array<{ kind: PhaseKind; name: string; startsOn: string; endsOn: string }>;
  areas: PresetArea[];
  /** The built-in checklist the seed's form corresponds to (002 attachment 2). */
  checklistName: string | null;
}

const day = (year: number, md: string) => `${year}-${md}`;

/** 002: 闵行区教育局校园安全专项整治工作实施方案 (2022), its three phases and ten areas, in the given year. */
export function preset002(year: number): CampaignPreset {
  const d = (md: string) => day(year, md);
  return {
    key: '002',
    label: '按 002 闵行方案',
    name: `${year}年校园安全专项整治`,
    description:
      '全面排查整治涉校隐患风险，健全校园安全风险防控体系。集中排查阶段各学校于自查截止日前填写《校园安全风险隐患排查表》，将排查结果、整改计划、完成时限报对应责任部门；专项整治阶段实行周报机制，各责任部门每周将工作推进情况汇总到局安全管理中心；总结评估阶段各责任部门将风险隐患整改情况按三类反馈，领导小组按比例抽查。',
    startsOn: d('03-01'),
    endsOn: d('06-30'),
    selfCheckDue: d('03-20'),
    phases: [
      { kind: 'investigation', name: '集中排查', startsOn: d('03-01'), endsOn: d('03-31') },
      { kind: 'rectification', name: '专项整治', startsOn: d('04-01'), endsOn: d('05-31') },
      { kind: 'summary', name: '总结评估', startsOn: d('06-01'), endsOn: d('06-30') },
    ],
    checklistName: '校园安全风险隐患排查表（专项整治）',
    areas: [
      {
        area: 'management',
        tasks: '依法建立健全各项安全管理制度和安全应急机制，在校园隐患排查、应急处置、舆情管控、侵害未成年人权益案件强制报告与处置干预等方面确保责任到位、措施到位、落实到位。',
        responsibleSubject: '各学校',
        responsibleDepartments: ['法制科', '安全管理中心'],
        cooperatingDepartments: [],
      },
      {
        area: 'fire_chemicals',
        tasks:
          '①以学生宿舍、食堂、实验室、教室、图书馆、会议室等人群集中场所为重点，检查电动自行车、疏散设施、安全出口、应急照明、应急广播、消防器材；②规范用火、用电、用气管理，限时完成电缆、电路和电器设施整改；③加强危化品废弃物处置、易制毒和易制爆化学试剂使用和管理；④化学实验室硬件安全设施符合要求。',
        responsibleSubject: '各学校',
        responsibleDepartments: ['安全管理中心', '教育基建装备资产管理中心', '普教二科'],
        cooperatingDepartments: [],
      },
      {
        area: 'food_disease',
        tasks:
          '①深化“食品安全进校园”“明厨亮灶”；②“阳光午餐学校食品安全追溯管理平台”上线率达到100%，原料信息、供应商、基地三级追溯清晰；③供餐单位遴选规范操作；④加强卫生保健室建设，完善突发公共卫生事件处置预案，及时上报。',
        responsibleSubject: '各学校',
        responsibleDepartments: ['安全管理中心', '普教一科', '教育基建装备资产管理中心', '学前科'],
        cooperatingDepartments: ['办公室', '法制科', '信访办'],
      },
      {
        area: 'mental_bullying',
        tasks:
          '①动态掌握师生心理状况，健全心理档案和底数清单，落实心理测评、分类帮扶、心理疏导；②设立学生求助电话和联系人，及早发现、及时干预学生欺凌和暴力行为，加强防性侵教育；③完善专门学校建设（启德学校）；④可引入青少年社工做好欺凌和暴力行为防控。',
        responsibleSubject: '各学校（专门学校建设：启德学校）',
        responsibleDepartments: ['人事科', '普教一科', '法制科'],
        cooperatingDepartments: ['学前科', '职业和终身教育科', '信访办'],
      },
      {
        area: 'education',
        tasks:
          '①区教育学院至少确定1名公共安全教育专职教研员，学校至少1名公共安全教育专（兼）职教师；②提高校内公共安全体验场馆和教室资源利用率；③完善安全教育内容和方式，将安全知识作为校长、教师培训必备内容；④定期组织安全教育，提高学生自护、自救、防灾、逃生能力。',
        responsibleSubject: '区教育学院、各学校',
        responsibleDepartments: ['普教二科', '法制科', '安全管理中心', '人事科', '党群科', '普教一科', '学前科'],
        cooperatingDepartments: [],
      },
      {
        area: 'emergency',
        tasks: '①完善个人暴力犯罪预防发现和现场处置等应急预案，定期组织保安员开展防暴装备使用技能培训和实战演练；②落实值班值守制度，发生突发事件第一时间报告，提高舆情应对能力。',
        responsibleSubject: '安全管理中心、各学校',
        responsibleDepartments: ['安全管理中心', '办公室', '信访办', '普教一科', '普教二科', '学前科', '法制科'],
        cooperatingDepartments: [],
      },
      {
        area: 'closed_campus',
        tasks:
          '围墙安装周界入侵报警系统并24小时设防；学生在校期间非上、放学时段校门锁闭；严格执行“四个一律”（外来人员由教职工带入并逐一登记、闲散可疑人员禁止进入、无关车辆禁止进入、上放学时段教师和保安员在门口护送）；严防管制刀具、易燃易爆等危险物品带入校园。',
        responsibleSubject: '各学校',
        responsibleDepartments: ['安全管理中心'],
        cooperatingDepartments: [],
      },
      {
        area: 'guards',
        tasks:
          '聘用专业保安服务公司保安员；白天学生在校期间每个门岗至少2名保安员；夜间无寄宿学生的学校至少1名；寄宿制学校夜间按双倍配置；小学、幼儿园上放学高峰在“一门两保安”基础上叠加2名；落实入职安全教育培训与法律道德培训，强化入职审查。',
        responsibleSubject: '各学校',
        responsibleDepartments: ['安全管理中心'],
        cooperatingDepartments: [],
      },
      {
        area: 'defences',
        tasks:
          '100%安装一键式紧急报警装置并处于良好运行状态；保安上下学时段持械上岗；化学实验室、危化品贮存室安装必要技防物防设施；出入口、食堂安装视频监控并接入区教育局安全管理中心，图像保存不少于30日且回放清晰。',
        responsibleSubject: '各学校',
        responsibleDepartments: ['安全管理中心'],
        cooperatingDepartments: [],
      },
      {
        area: 'surroundings',
        tasks: '探索将学校周边200米划为学生安全区域，加强对周边重点人员滚动排查；清理整治周边网吧、KTV、游戏机房等场所；规范学校周边交通秩序，设置家长接送等待区域，上放学时段安排交通协管员。',
        responsibleSubject: '法制科（配合单位：各学校）',
        responsibleDepartments: ['法制科'],
        cooperatingDepartments: [],
      },
    ],
  };
}

/**
 * 004: 2024年校园安全专项整治实施方案, four phases from May to December. The seed dates the last
 * two phases only by the year ("集中攻坚（2024年）", "巩固提升（2024年）"): the preset places
 * them in the autumn and in December, for the bureau to adjust. The seed's departments are 股室
 * without names, so each area takes the district's departments that own it.
 */
export function preset004(year: number): CampaignPreset {
  const d = (md: string) => day(year, md);
  const area = (a: SafetyArea, tasks: string): PresetArea => ({ area: a, tasks, responsibleSubject: '各中小学、幼儿园', responsibleDepartments: null, cooperatingDepartments: [] });
  return {
    key: '004',
    label: '按 004 三年行动',
    name: `${year}年校园安全专项整治三年行动`,
    description:
      '对安全风险隐患全面排查，建立问题隐患、整改措施、责任落实“三清单”，制定时间表路线图，坚持边查边改、立查立改；动态更新“三清单”，针对重点难点问题集中攻坚，确保按时整改销案；总结经验形成制度成果，年底前形成年度报告。',
    startsOn: d('05-01'),
    endsOn: d('12-31'),
    selfCheckDue: null,
    phases: [
      { kind: 'mobilise', name: '动员部署', startsOn: d('05-01'), endsOn: d('06-30') },
      { kind: 'implement', name: '组织实施', startsOn: d('06-01'), endsOn: d('12-31') },
      { kind: 'tackle', name: '集中攻坚', startsOn: d('09-01'), endsOn: d('11-30') },
      { kind: 'consolidate', name: '巩固提升', startsOn: d('12-01'), endsOn: d('12-31') },
    ],
    checklistName: '校园安全风险隐患排查表（专项整治）',
    areas: [
      area('management', '落实学校安全主体责任，建立全员安全责任体系，健全“明责、知责、履责、问责”的安全责任运行机制。'),
      area('fire_chemicals', '集中开展消防安全隐患排查整治，对高层建筑开展消防安全综合整治；健全实验室及危险化学品分级管理责任体系，建立危险源全周期管理制度。'),
      area('food_disease', '建立健全食品安全管理制度，落实食品安全校长（园长）负责制，定期开展食品安全自查自纠。'),
      area('traffic', '严格落实《校车安全管理条例》，清理不达标载客汽车、非专用校车，督促落实校车安全管理制度，加强交通安全教育。'),
      area('education', '把安全教育纳入学校教育内容，开展科普讲座、亲身体验、专题专栏等形式的安全教育，培养学生安全意识和自救互救能力。'),
      area('emergency', '制定突发事件应急预案，严格值班和信息报告制度，加强应急队伍和物资储备，定期开展应急演练。'),
    ],
  };
}

export const campaignPresets = [preset002, preset004];
