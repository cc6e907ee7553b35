// The demo district's responsibility letters (安全生产责任书, 000 item 1, 001 item 3): the bureau's
// letter for this year, signed by every department, town and school — the principals in the app,
// the rest on paper with a scan — except 示范区实验小学 (demo.school and demo.principal can sign it);
// each school's letter to its staff, signed by all its present staff except two at 西城实验中学.
// Written in bulk (one audit event per table), to keep the bootstrap fast.
import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { files, letterSignatures, responsibilityLetters, staffMembers, units, userRoles, users } from '../db/schema.js';
import type { FileStorage } from '../files/storage.js';
import { demoPdf } from './hazards.js';

/** Has not signed the bureau's letter yet. */
export const DEMO_LETTER_UNSIGNED = '示范区实验小学';
/** Two of its staff have not signed the school's letter. */
export const DEMO_STAFF_LETTER_SHORT = '西城实验中学';

const SCAN_KEY = 'demo/letter-signed';
const scanSha = createHash('sha256').update(demoPdf).digest('hex');
const min = (a: string, b: string) => (a < b ? a : b);

const bureauBody = `为全面落实学校安全工作责任制，确保校园安全稳定，根据《中小学幼儿园安全管理办法》和区教育系统年度安全工作要点，区教育局与各单位签订本责任书。
一、目标：全年不发生因管理责任造成的师生伤亡事故，安全生产责任书签订率、隐患整改率 100%。
二、职责：单位主要负责人为安全第一责任人，分管领导具体负责；逐级签订安全责任书，落实“一岗双责”。
三、任务：每月至少开展 1 次应急疏散演练（幼儿园每季度至少 1 次）；领导班子每季度、分管领导每月召开安全专题会议；校门“一门两保安”，一键式报警 100% 安装并正常使用；重点时段 24 小时值班带班。
四、考核：本责任书执行情况纳入年度安全绩效考核，发生责任事故的实行“一票否决”。`;

const staffBody = `根据区教育局与本校签订的年度安全工作目标责任书，学校与教职工签订本岗位安全责任书。
一、严格履行岗位安全职责，落实“一岗双责”，课堂、课间、活动和值班期间对学生安全负直接管理责任。
二、参加学校组织的安全培训和应急疏散演练，班主任、教师每年安全培训不少于 10 学时。
三、发现安全隐患立即报告并协助整改，不迟报、漏报、谎报、瞒报。
四、履职情况纳入年度考核。`;

export async function loadDemoLetters(db: Db, districtId: number, now: Date, storage: FileStorage | null = null): Promise<void> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  await storage?.put(SCAN_KEY, demoPdf);

  const allUnits = await db
    .select({ id: units.id, name: units.name, kind: units.kind, path: units.path, principalName: units.principalName })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.status, 'active')))
    .orderBy(units.id);
  const accounts = await db
    .select({ id: users.id, unitId: users.unitId, displayName: users.displayName, username: users.username, role: userRoles.roleKey })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(eq(users.districtId, districtId))
    .orderBy(users.id);
  const bureau = allUnits.find((u) => u.kind === 'bureau')!;
  const clerk = accounts.find((a) => a.username === 'demo.bureau') ?? accounts.find((a) => a.unitId === bureau.id);
  if (!clerk) return;
  const staff = await db
    .select({ id: staffMembers.id, schoolId: staffMembers.schoolId, name: staffMembers.name, userId: staffMembers.userId })
    .from(staffMembers)
    .where(and(eq(staffMembers.districtId, districtId), isNull(staffMembers.leftOn)))
    .orderBy(staffMembers.id);

  await db.transaction(async (tx) => {
    // ---- the bureau's letter, and the units' signatures ------------------------------------------
    const publishedOn = min(`${year}-01-15`, today);
    const at = (day: string) => new Date(`${day}T02:00:00Z`);
    const [letter] = await tx
      .insert(responsibilityLetters)
      .values({
        districtId,
        issuerUnitId: bureau.id,
        issuerPath: bureau.path,
        level: 'bureau_to_unit',
        year,
        title: `${year}年度学校安全工作目标责任书`,
        body: bureauBody,
        publishedOn,
        createdBy: clerk.id,
        createdByName: clerk.displayName,
        createdAt: at(publishedOn),
        updatedAt: at(publishedOn),
      })
      .returning();

    // Paper signatures carry a scan, filed under the signing unit.
    const signers = allUnits.filter((u) => ['department', 'town', 'school'].includes(u.kind) && u.name !== DEMO_LETTER_UNSIGNED);
    const paper = signers.filter((u) => !accounts.some((a) => a.unitId === u.id && a.role === 'principal'));
    const schools = allUnits.filter((u) => u.kind === 'school' && staff.some((p) => p.schoolId === u.id));
    const scanRows = [...paper, ...schools].map((u, k) => ({
      districtId,
      unitId: u.id,
      unitPath: u.path,
      name: k < paper.length ? `${u.name}-安全责任书签字页.pdf` : `${u.name}-教职工安全责任书签字表.pdf`,
      mime: 'application/pdf',
      size: demoPdf.length,
      sha256: scanSha,
      storageKey: SCAN_KEY,
      uploadedBy: accounts.find((a) => a.unitId === u.id)?.id ?? clerk.id,
    }));
    const scans = scanRows.length ? await tx.insert(files).values(scanRows).returning({ id: files.id, unitId: files.unitId, name: files.name }) : [];
    const scanOf = (unitId: number, staffSheet: boolean) => scans.find((f) => f.unitId === unitId && f.name.includes('教职工') === staffSheet)?.id ?? null;

    const sigRows: Array<typeof letterSignatures.$inferInsert> = signers.map((u, k) => {
      const signedOn = min(addDays(publishedOn, 3 + (k % 40)), today);
      const principal = accounts.find((a) => a.unitId === u.id && a.role === 'principal');
      if (principal) {
        return { districtId, letterId: letter.id, unitId: u.id, unitPath: u.path, signerName: principal.displayName, signerUserId: principal.id, signedOn, method: 'in_app', createdBy: principal.id, createdAt: at(signedOn) };
      }
      const recorder = accounts.find((a) => a.unitId === u.id) ?? clerk;
      const signerName = u.principalName ?? `${u.name}负责人`;
      return { districtId, letterId: letter.id, unitId: u.id, unitPath: u.path, signerName, signedOn, method: 'file', fileId: scanOf(u.id, false), createdBy: recorder.id, createdAt: at(signedOn) };
    });

    // ---- each school's letter to its staff ------------------------------------------------------
    const staffOn = min(`${year}-02-20`, today);
    const letterRows = schools.map((s) => {
      const issuer = accounts.find((a) => a.unitId === s.id && a.role === 'principal') ?? accounts.find((a) => a.unitId === s.id) ?? clerk;
      return {
        districtId,
        issuerUnitId: s.id,
        issuerPath: s.path,
        level: 'unit_to_staff',
        year,
        title: `${s.name}${year}年度教职工安全岗位责任书`,
        body: staffBody,
        publishedOn: staffOn,
        createdBy: issuer.id,
        createdByName: issuer.displayName,
        createdAt: at(staffOn),
        updatedAt: at(staffOn),
      };
    });
    const staffLetters = letterRows.length ? await tx.insert(responsibilityLetters).values(letterRows).returning({ id: responsibilityLetters.id, issuerUnitId: responsibilityLetters.issuerUnitId }) : [];
    for (const [k, l] of staffLetters.entries()) {
      const s = schools.find((u) => u.id === l.issuerUnitId)!;
      const mine = staff.filter((p) => p.schoolId === s.id);
      // Two staff members of one school have not signed yet.
      const signing = s.name === DEMO_STAFF_LETTER_SHORT ? mine.slice(0, -2) : mine;
      const recorder = accounts.find((a) => a.unitId === s.id) ?? clerk;
      const signedOn = min(addDays(staffOn, 5 + (k % 20)), today);
      for (const p of signing) {
        // Staff with an account confirm in the app; the others sign the sheet the school scans.
        sigRows.push(
          p.userId
            ? { districtId, letterId: l.id, unitId: s.id, unitPath: s.path, staffId: p.id, signerName: p.name, signerUserId: p.userId, signedOn, method: 'in_app', createdBy: p.userId, createdAt: at(signedOn) }
            : { districtId, letterId: l.id, unitId: s.id, unitPath: s.path, staffId: p.id, signerName: p.name, signedOn, method: 'file', fileId: scanOf(s.id, true), createdBy: recorder.id, createdAt: at(signedOn) },
        );
      }
    }
    if (sigRows.length) await tx.insert(letterSignatures).values(sigRows);

    const system = { actor: null, ip: null };
    for (const [objectType, n] of [
      ['responsibility_letter', 1 + staffLetters.length],
      ['letter_signature', sigRows.length],
    ] as const) {
      await writeAudit(tx, system, { action: 'import', objectType, districtId, actorName: '系统', after: { demo: true, records: n } });
    }
  });
}

