// Seed 000's task decomposition table (2024年普陀区教育系统安全工作主要任务分解表), copied verbatim
// from /work/shared/seeds/000_f300bb9461ec7c5d.txt, tab-separated as the seed has it: 序号, 时间,
// 主要工作任务, 责任单位; the quarter is written on its first row only (a merged cell in the
// original), and a page break split 第四季度 into 第 (task 33) and 四季度 (task 34). It is the fixture
// of the import tests and the demo district's plan (issue 14).
import { loadExcelJS } from '../excel.js';

export const SEED_000_TITLE = '2024年普陀区教育系统安全工作主要任务分解表';

export const SEED_000_TABLE = `序号	时间	主要工作任务	责任单位
1	第一季度	(1) 做好学校元旦、春节放假期间安全维稳工作	局安办、中小幼、其他单位
2		(2) 开展消防安全和实验室安全专项治理行动	督导安全中心、中小幼
3		(3) 开学前做好校车的安全检查及年度复核准备工作	德育科、督导安全中心、使用校车学校
4		(4) 组织新学期开学安全工作检查	局安办、督导安全中心
5		(5) 开展春季“开学第一课”安全教育活动	德育科、中小学
6		(6) 开展“全国中小学生安全教育日”活动	德育科、中小学
7		(7) 组织开展网络安全应急预案修订、培训工作	督导安全中心
8		(8) 筹备和召开全系统安全工作会议	局安办、德育科、督导安全中心
9		(9) 签订校园安全生产责任书	局安办、中小幼、其他单位
10		(10) 各单位上交安全工作计划，补充完善相关制度	督导安全中心、中小幼、其他单位
11		(11) 进行一季度安全隐患排查，上报一季度安全工作总结	督导安全中心
12		(12) 学校交通安全隐患排查	局安办、德育科、中小幼
13	第二季度	(1) 开展春季传染病防控、饮食饮水卫生安全检查等工作	局安办、中小幼
14		(2) 做好各类安全管理人员的分类培训	局安办、督导安全中心
15		(3) 开展“5.12”安全教育日活动	德育科、中小幼
16		(4) 联合公安、食药、交警、消防等部门进行安全检查	德育科、督导安全中心
17		(5) 6.16 安全生产宣传日及区教育系统“安全生产月”活动	德育科、督导安全中心、中小幼
18		(6) 做好各项重大考试前风险评估及报备工作	局安办、考试中心
19		(7) 做好 6.26 国际禁毒日宣传教育活动	德育科、中小学
20		(8) 上半年安全工作检查，上报上半年安全工作总结	局安办、各基层单位
21		(9) 开展幼儿园、小学安全生产绩效考核工作	局安办、小学、幼儿园
22	第三季度	(1) 开展暑假前安全隐患排查整治行动	督导安全中心、中小幼
23		(2) 各校开展各类暑期安全教育活动	德育科、中小幼
24		(3) 开展秋季学期开学安全工作检查	督导安全中心、中小幼
25		(4) 开学前做好校车的安全检查及复核准备工作	德育科、督导安全中心、使用校车学校
26		(5) 开展秋季“开学第一课”安全教育活动	德育科、中小幼
27		(6) 开展安全教育周及“9.18”安全演练活动	德育科、中小学
28		(7) 做好极端天气、防汛、防台宣传工作及应急准备	督导安全中心、事业服务中心、中小幼
29		(8) 落实校方责任保险投保工作	德育科、中小幼
30		(9) 开展食品安全教育周、国家网络安全宣传周活动	基教科、宣传科
31		(10) 开展网络安全演练	宣传科、基教科(信息化科)、督导安全中心、中小幼
32		(11) 开展第三季度各类安全自查、调研工作	局安办、中小幼、其他单位
33	第	(1) 落实国庆期间学校师生安全教育工作	德育科、中小幼
34	四季度	(2) 开展 11.9 全国消防日主题教育活动	德育科、督导安全中心、中小幼
35		(3) 联合公安、食药、交警、消防等部门进行秋季安全检查	局安办、中小幼
36		(4) 开展冬季传染病防控工作	基教科、中小幼
37		(5) 开展 12.2 交通安全宣传日活动	德育科、中小学
38		(6) 各学校(园)总结 2024 年学校安全工作	中小幼
39		(7) 开展中学、一贯制学校和其他教育单位年度安全绩效考核	局安办、中学、一贯制学校及其他单位
40		(8) 开展四季度安全工作排查，各单位上报全年安全工作总结	督导安全中心、全系统基层单位
41		(9) 讨论、起草 2025 年区教育系统安全重点工作	局安办`;

export interface SeedTask {
  seq: number;
  /** The quarter cell of the group the row belongs to, joined across the page break (第 + 四季度). */
  quarter: string;
  text: string;
  units: string;
}

/** The 41 rows with the quarter carried down its merged cell. */
export function seedTasks(): SeedTask[] {
  const rows = SEED_000_TABLE.split('\n').slice(1).map((l) => l.split('\t'));
  // The page break cut 第四季度 into 第 (task 33) and 四季度 (task 34): one cell, joined on its first row.
  rows.forEach((r, i) => {
    if (r[1] && !/季度$/.test(r[1]) && rows[i + 1]?.[1]) {
      r[1] += rows[i + 1][1];
      rows[i + 1][1] = '';
    }
  });
  const out: SeedTask[] = [];
  let quarter = '';
  for (const [seq, q, text, units] of rows) {
    if (q) quarter = q;
    out.push({ seq: Number(seq), quarter, text, units });
  }
  return out;
}

/**
 * The table as the bureau keeps it in Excel: the title line, the header, one task a row, the
 * quarter merged over its tasks (as in the seed), the "(n)" numbering left in the task cell.
 */
export async function seedTableXlsx(): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  const sheet = wb.addWorksheet('任务分解表');
  sheet.addRow([SEED_000_TITLE]);
  sheet.mergeCells(1, 1, 1, 4);
  sheet.addRow(SEED_000_TABLE.split('\n')[0].split('\t'));
  const rows = SEED_000_TABLE.split('\n').slice(1).map((l) => l.split('\t'));
  const tasks = seedTasks();
  let groupStart = 0;
  tasks.forEach((t, i) => {
    sheet.addRow([t.seq, i === groupStart ? t.quarter : null, rows[i][2], rows[i][3]]);
    const last = i === tasks.length - 1 || tasks[i + 1].quarter !== t.quarter;
    if (last) {
      if (i > groupStart) sheet.mergeCells(groupStart + 3, 2, i + 3, 2);
      groupStart = i + 1;
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
