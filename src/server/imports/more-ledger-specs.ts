// The import templates of the ledgers of issue 15 (more-ledgers.ts): each column of the ledger's
// export with whether it is needed, what it takes and an example, for workbook.ts's template.
import { chemicalMovementKindLabels, controlClassLabels } from '../../contracts/chemicals.js';
import { educationKindLabels } from '../../contracts/education.js';
import { equipmentKindLabels, equipmentLogKindLabels } from '../../contracts/equipment.js';
import { certificateTypeLabels, foodKindLabels, mealLabels } from '../../contracts/food.js';
import { gateKindLabels } from '../../contracts/gate.js';
import { checkSessionLabels } from '../../contracts/health-checks.js';
import { netsecSystemKindLabels } from '../../contracts/network-security.js';
import { backgroundResultLabels, licenceClasses } from '../../contracts/buses.js';
import { healthCheckSymptomColumns } from '../../contracts/imports.js';
import { symptomLabels } from '../../domain/health-checks.js';
import type { MoreLedgerKind } from './more-ledgers.js';

/** workbook.ts's ColumnSpec. */
interface Spec {
  header: string;
  need: '必填' | '选填';
  note: string;
  width: number;
  example: string | number;
  list?: string[];
}

const school: Spec = { header: '学校', need: '必填', note: '学校全称，与系统中的名称一致；只能填写您管辖范围内的学校。', width: 26, example: '示例镇中心小学' };
const dateNote = '日期，如 2026-05-06（也可使用 Excel 日期格式）';
const yesNo = ['是', '否'];
const values = (labels: Record<string, string>) => Object.values(labels);
const choice = (header: string, need: Spec['need'], labels: Record<string, string>, example: string, width = 14, more = ''): Spec => ({
  header,
  need,
  note: `可填：${values(labels).join('、')}。${more}`,
  width,
  example,
  list: values(labels),
});
const count = (header: string, example: number | string, note = '0 或正整数。', need: Spec['need'] = '选填'): Spec => ({ header, need, note, width: 10, example });
const text = (header: string, max: number, example: string, need: Spec['need'] = '选填', more = ''): Spec => ({ header, need, note: `${more}最多 ${max} 字。`, width: Math.min(40, Math.max(12, max / 4)), example });

export const moreLedgerSpecs: Record<MoreLedgerKind, Spec[]> = {
  food: [
    school,
    choice('记录类型', '必填', foodKindLabels, '日管控', 14, '每种记录只填本类型用到的列，其余留空。'),
    { header: '日期', need: '必填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2026-05-06' },
    text('负责人', 50, '王校长', '必填'),
    count('晨检从业人员数', 8, '日管控必填：0–1000 的整数。'),
    count('身体不适人员数', 0, '日管控必填（没有填 0），不能多于晨检人数。'),
    count('留样份数', 6, '日管控必填：0–200 的整数。'),
    count('每份留样克数', 125, '有留样时必填，每份不少于 125 克。'),
    count('留样时长（小时）', 48, '有留样时必填，不少于 48 小时。'),
    count('发现问题数', '', '周排查必填（没有填 0）；发现问题时“记录内容”写明问题和整改要求。'),
    choice('餐次', '选填', mealLabels, '', 8, '陪餐必填。'),
    choice('证照类型', '选填', certificateTypeLabels, '', 16, '证照必填。'),
    text('证照编号', 64, ''),
    { header: '有效期至', need: '选填', note: `证照必填：${dateNote}；已过期的证照不能登记。`, width: 12, example: '' },
    { header: '明厨亮灶在线', need: '选填', note: '明厨亮灶与追溯平台必填：是 或 否。', width: 10, example: '', list: yesNo },
    { header: '追溯平台在线', need: '选填', note: '明厨亮灶与追溯平台必填：是 或 否。', width: 10, example: '', list: yesNo },
    text('记录内容', 2000, '食堂日管控检查无异常'),
  ],
  gate: [
    school,
    choice('登记类型', '必填', gateKindLabels, '来访人员', 10, '每种登记只填本类型用到的列，其余留空。'),
    { header: '日期', need: '选填', note: `护学岗必填：${dateNote}。来访人员和车辆的日期是到达那天，可留空。`, width: 12, example: '' },
    text('值班门卫', 30, '赵师傅', '必填'),
    text('来访人', 30, '李四', '选填', '来访人员必填。'),
    { header: '身份证号（脱敏）', need: '选填', note: '来访人员的 18 位居民身份证号码（系统只保存脱敏后的号码），或导出文件中已脱敏的号码。', width: 22, example: '' },
    { header: '已核验证件', need: '选填', note: '是 或 否。', width: 10, example: '是', list: yesNo },
    { header: '联系电话', need: '选填', note: '11 位手机号，或带区号的固定电话。', width: 14, example: '' },
    text('来访单位', 100, '区疾控中心'),
    text('事由', 200, '食堂检查'),
    text('被访人', 30, '王校长'),
    text('带领教职工', 30, '张老师', '选填', '来访人员一律由教职工带入（四个一律）；准入但未填写的会被标记。'),
    text('车牌号', 12, '', '选填', '车辆必填。'),
    text('驾驶人', 30, ''),
    { header: '是否准入', need: '选填', note: '来访人员和车辆必填：是 或 否。', width: 10, example: '是', list: yesNo },
    text('拒绝理由', 200, '', '选填', '不准入时必填。'),
    { header: '到达时间', need: '选填', note: '来访人员和车辆必填：北京时间，如 2026-05-06 09:30；不能晚于现在。', width: 17, example: '2026-05-06 09:30' },
    { header: '离开时间', need: '选填', note: '北京时间，如 2026-05-06 10:15；不能早于到达时间；不准入的没有离开时间。', width: 17, example: '2026-05-06 10:15' },
    count('上学时段教师数', '', '护学岗必填：0–50 的整数。'),
    count('上学时段保安数', '', '护学岗必填：0–50 的整数。'),
    count('放学时段教师数', '', '护学岗必填：0–50 的整数。'),
    count('放学时段保安数', '', '护学岗必填：0–50 的整数。'),
    text('到岗人员', 200, ''),
    text('备注', 500, ''),
  ],
  health_checks: [
    school,
    { header: '检查日期', need: '必填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2026-05-06' },
    choice('检查时段', '必填', checkSessionLabels, '晨检', 8),
    text('班级', 30, '三年级（2）班', '必填'),
    text('检查人', 30, '陈老师', '必填'),
    count('应到人数', 45, '1–500 的整数。', '必填'),
    count('缺勤人数', 1, '0–500 的整数，不能多于应到人数。', '必填'),
    count('因病缺勤人数', 1, '不能多于缺勤人数；每人须在“因病缺课追踪”中登记。', '必填'),
    ...healthCheckSymptomColumns.map((h, i) => count(h, i === 0 ? 1 : 0, '有此症状的学生人数，不能多于实到人数；没有填 0 或留空。')),
    {
      header: '因病缺课追踪',
      need: '选填',
      note: `每名因病缺勤学生一条：“姓名（症状）：追踪情况”，多人用“；”分隔。症状可填：${Object.values(symptomLabels).join('、')}。`,
      width: 40,
      example: '王小明（发热）：已电话联系家长，就医中',
    },
    text('备注', 500, ''),
  ],
  education: [
    school,
    choice('记录类型', '必填', educationKindLabels, '安全教育活动', 14, '每种记录只填本类型用到的列，其余留空。'),
    { header: '日期', need: '必填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2026-03-30' },
    text('负责人', 50, '刘主任', '必填'),
    {
      header: '教育日',
      need: '选填',
      note: '安全教育活动必填：教育日的编号，与导出文件相同，如 safety_education_day:2026（全国中小学生安全教育日）、first_lesson:2025-2026-2（开学第一课）；其他主题活动填 other。',
      width: 26,
      example: 'safety_education_day:2026',
    },
    text('活动主题', 100, '防溺水安全教育', '选填', '安全教育活动必填。'),
    count('覆盖班级数', 18, '安全教育活动必填：0–500 的整数。'),
    count('参加人数', 860, '0–20000 的整数。'),
    text('宿舍', 30, '', '选填', '寄宿生晚点名必填。'),
    count('应到人数', '', '寄宿生晚点名必填。'),
    count('实到人数', '', '寄宿生晚点名必填，不能多于应到人数。'),
    count('未请假缺勤人数', '', '寄宿生晚点名必填（没有填 0）。'),
    count('当天已通知家长人数', '', '寄宿生晚点名必填，不能多于未请假缺勤人数。'),
    count('班级数', '', '防溺水告家长书必填。'),
    count('已回执班级数', '', '防溺水告家长书必填，不能多于班级数。'),
    count('学生数', '', '0–20000 的整数。'),
    count('已回执学生数', '', '不能多于学生数。'),
    text('记录内容', 2000, ''),
  ],
  equipment: [
    school,
    choice('设备类别', '必填', equipmentKindLabels, values(equipmentKindLabels)[0], 14),
    text('设备名称', 100, '1号燃气锅炉', '必填', '同一学校请勿重名（维保检验记录按名称找设备）。'),
    text('安装位置', 100, '食堂锅炉房'),
    { header: '在用', need: '选填', note: '是 或 否；空白视为在用。', width: 6, example: '是', list: yesNo },
    text('安全责任人', 50, '王校长', '选填', '三落实之一。'),
    text('维保单位', 100, '示例特种设备维保有限公司', '选填', '三落实之一。'),
    text('安全管理员', 50, '赵老师', '选填', '三落实之一。'),
    text('使用登记证编号', 64, '', '选填', '两有证之一。'),
    text('作业人员', 50, ''),
    text('作业人员证编号', 64, '', '选填', '两有证之一；填写有效期时必填。'),
    { header: '作业人员证有效期至', need: '选填', note: `${dateNote}；已过期的证书不能登记。`, width: 14, example: '' },
    { header: '登记时下次检验日期', need: '必填', note: `${dateNote}。此后的定期检验记录会更新应检日期。`, width: 14, example: '2026-10-31' },
  ],
  equipment_logs: [
    school,
    text('设备名称', 100, '1号燃气锅炉', '必填', '本校已登记的特种设备名称（先在特种设备台账中登记或导入）。'),
    choice('记录类型', '必填', equipmentLogKindLabels, '定期检验', 10),
    { header: '日期', need: '必填', note: `实施日期：${dateNote}；不能晚于今天。`, width: 12, example: '2026-04-20' },
    text('实施单位或人员', 100, '区特种设备检验所', '必填'),
    text('结果', 1000, '合格'),
    { header: '应检日期', need: '选填', note: `定期检验必填：${dateNote}。`, width: 12, example: '2026-04-30' },
    { header: '按期检验', need: '选填', note: '定期检验必填：是 或 否；检验日期晚于应检日期的不能填“是”。', width: 8, example: '是', list: yesNo },
    { header: '下次检验日期', need: '选填', note: `定期检验必填：${dateNote}；须晚于检验日期。`, width: 12, example: '2027-04-30' },
    text('检验报告编号', 64, 'TJ-2026-0420'),
  ],
  chemicals: [
    school,
    text('药品室', 50, '化学药品室', '必填'),
    text('药品名称', 100, '浓硫酸', '必填'),
    { header: 'CAS号', need: '选填', note: '格式如 7664-93-9。', width: 14, example: '7664-93-9' },
    text('计量单位', 10, 'mL', '必填'),
    choice('管制类别', '选填', controlClassLabels, '一般危化品', 10, '空白视为一般危化品。'),
    text('存放位置', 100, '危化品专柜 A-1', '必填'),
    text('保管人一', 50, '周老师', '必填', '双人双锁：第一把锁的保管人。'),
    text('保管人二', 50, '吴老师', '必填', '双人双锁：第二把锁的保管人，须与保管人一不同。'),
    { header: '有效期至', need: '选填', note: `${dateNote}。`, width: 12, example: '' },
  ],
  chemical_movements: [
    school,
    { header: '编号', need: '选填', note: '本行的编号（导出文件中是记录编号）；归还行的“对应领用编号”用它指向本文件中的领用行。', width: 8, example: 1 },
    text('药品室', 50, '化学药品室', '选填', '同一学校有同名药品时必填。'),
    text('药品名称', 100, '浓硫酸', '必填', '本校已登记的危险化学品（先在危险化学品台账中登记或导入）。'),
    choice('类型', '必填', chemicalMovementKindLabels, '采购入库', 10, '结存由出入库记录计算：领用、处置不能超过当时结存，归还不能超过该次领用未还的数量。'),
    { header: '日期', need: '必填', note: `${dateNote}；不能晚于今天。同一天的记录按文件中的顺序计算结存。`, width: 12, example: '2026-03-02' },
    { header: '数量', need: '必填', note: '大于 0，最多 3 位小数（盘点填实际清点的数量，可为 0），单位为药品的计量单位。', width: 10, example: 500 },
    text('经办人', 50, '周老师', '必填'),
    text('审批人', 50, '王校长', '选填', '采购入库必填。'),
    text('供应单位', 100, '示例化学试剂有限公司', '选填', '采购入库必填。'),
    text('领用人', 50, '', '选填', '领用必填。'),
    text('使用班级', 50, '', '选填', '领用必填。'),
    text('用途', 200, ''),
    { header: '对应领用编号', need: '选填', note: '归还必填：本文件中领用行的“编号”，或系统中已登记的领用记录编号。', width: 10, example: '' },
    text('危废处置单位', 100, '', '选填', '废弃处置必填。'),
    text('转移联单号', 64, '', '选填', '废弃处置必填。'),
    text('备注', 500, ''),
  ],
  netsec_systems: [
    school,
    choice('类别', '必填', netsecSystemKindLabels, '网站', 10),
    text('名称', 100, '学校门户网站', '必填', '同一学校不能重名。'),
    text('网址或入口', 200, 'https://www.example-school.cn'),
    text('责任人', 50, '刘老师', '必填'),
    count('等保级别', 2, '网络安全等级保护级别，1–5 的整数；未定级的留空。'),
    text('备案号', 64, '', '选填', 'ICP 备案号或等保备案编号。'),
  ],
  school_buses: [
    school,
    text('车牌号', 16, '浙A·12345', '必填', '同一区内不能重复。'),
    count('座位数', 35, '1–100 的整数。', '必填'),
    text('行驶证号', 64, '330100123456', '必填'),
    { header: '保险到期日', need: '必填', note: `${dateNote}；在用校车的保险不能已经到期。`, width: 12, example: '2027-03-31' },
    { header: '年审日期', need: '选填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2026-03-15' },
    { header: '年审到期日', need: '必填', note: `${dateNote}；须晚于年审日期。`, width: 12, example: '2027-03-15' },
    { header: '开始运营日期', need: '必填', note: dateNote, width: 12, example: '2024-09-01' },
    { header: '在用', need: '选填', note: '是 或 否；留空为 是。', width: 8, example: '是', list: yesNo },
  ],
  bus_drivers: [
    school,
    text('姓名', 50, '陈师傅', '必填'),
    { header: '准驾车型', need: '必填', note: `可填：${licenceClasses.join('、')}。`, width: 10, example: 'A1', list: [...licenceClasses] },
    { header: '驾驶证有效期至', need: '必填', note: `${dateNote}；在岗驾驶人的驾驶证不能已经过期。`, width: 14, example: '2030-06-30' },
    { header: '背景审查日期', need: '选填', note: `${dateNote}；不能晚于今天；填写时须同时填写结果。`, width: 12, example: '2026-02-20' },
    choice('背景审查结果', '选填', backgroundResultLabels, '无异常', 12),
    { header: '体检日期', need: '选填', note: `${dateNote}；不能晚于今天。`, width: 12, example: '2026-02-25' },
    { header: '在岗', need: '选填', note: '是 或 否；留空为 是。', width: 8, example: '是', list: yesNo },
  ],
};

export const moreLedgerSheetNames: Record<MoreLedgerKind, string> = {
  food: '食品安全',
  gate: '门卫来访',
  health_checks: '晨午检',
  education: '安全教育活动',
  equipment: '特种设备',
  equipment_logs: '维保检验记录',
  chemicals: '危险化学品',
  chemical_movements: '出入库记录',
  netsec_systems: '网络系统与网站',
  school_buses: '校车',
  bus_drivers: '校车驾驶人',
};

export const moreLedgerRowIs: Record<MoreLedgerKind, string> = {
  food: '一条食品安全记录（日管控、周排查、月调度、陪餐、证照或平台状态）',
  gate: '一条门卫登记（来访人员、车辆或一天的护学岗）',
  health_checks: '一个班级一次晨检或午检',
  education: '一条安全教育活动、寄宿生晚点名或防溺水告家长书记录',
  equipment: '一台特种设备',
  equipment_logs: '一次维护保养或定期检验',
  chemicals: '一个药品室的一种危险化学品',
  chemical_movements: '一次出入库（采购入库、领用、归还、废弃处置或盘点）',
  netsec_systems: '一个网络系统或网站（网站、公众号、移动应用或信息系统）',
  school_buses: '一辆校车',
  bus_drivers: '一名校车驾驶人',
};
