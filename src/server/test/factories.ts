import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import type { RoleKey, SchoolStage, UnitKind } from '../../contracts/enums.js';
import { childPath } from '../../domain/units.js';
import type { App } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import type { Executor } from '../db/client.js';
import { districts, units, userRoles, users } from '../db/schema.js';
import { startTestApp } from './harness.js';

export const TEST_PASSWORD = 'Test@12345';
let hashed: Promise<string> | null = null;
const testHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export type UnitRef = { id: number; path: string; districtId: number; kind: UnitKind; name: string };

export async function buildDistrict(db: Executor, name = `测试区${next()}`) {
  const [d] = await db.insert(districts).values({ code: `d${next()}`, name }).returning();
  const [b] = await db.insert(units).values({ districtId: d.id, kind: 'bureau', name: `${name}教育局`, path: '' }).returning();
  const path = `/${b.id}/`;
  await db.update(units).set({ path }).where(eq(units.id, b.id));
  return { districtId: d.id, bureau: { id: b.id, path, districtId: d.id, kind: 'bureau' as const, name: b.name } };
}

export async function buildUnit(
  db: Executor,
  parent: UnitRef,
  kind: UnitKind,
  attrs: Partial<typeof units.$inferInsert> = {},
): Promise<UnitRef> {
  const name = attrs.name ?? `${kind}${next()}`;
  const [u] = await db
    .insert(units)
    .values({ ...attrs, districtId: parent.districtId, parentId: parent.id, kind, name, path: '' })
    .returning();
  const path = childPath(parent.path, u.id);
  await db.update(units).set({ path }).where(eq(units.id, u.id));
  return { id: u.id, path, districtId: u.districtId, kind, name };
}

export function buildSchool(db: Executor, parent: UnitRef, attrs: Partial<typeof units.$inferInsert> & { stage?: SchoolStage } = {}) {
  return buildUnit(db, parent, 'school', {
    name: `测试学校${next()}`,
    stage: 'primary',
    ownership: 'public',
    gateCount: 2,
    studentCount: 800,
    staffCount: 60,
    ...attrs,
  });
}

export async function buildUser(db: Executor, unit: UnitRef, roles: RoleKey[], attrs: Partial<typeof users.$inferInsert> = {}) {
  const username = attrs.username ?? `u${next()}`;
  const [u] = await db
    .insert(users)
    .values({
      districtId: unit.districtId,
      unitId: unit.id,
      username,
      displayName: attrs.displayName ?? `测试${username}`,
      passwordHash: await testHash(),
      mustChangePassword: false,
      ...attrs,
    })
    .returning();
  if (roles.length) await db.insert(userRoles).values(roles.map((roleKey) => ({ userId: u.id, roleKey })));
  return { id: u.id, username, password: TEST_PASSWORD, unitId: unit.id };
}

export type TestUser = Awaited<ReturnType<typeof buildUser>>;
/** A person a test needs: the unit, the roles and any columns of the user. */
export type PersonSpec = [unit: UnitRef, roles: RoleKey[], attrs?: Partial<typeof users.$inferInsert>];

/** Builds the people (one after another, in the spec's order) and signs each in: users and clients by the same keys. */
export async function signedInUsers<K extends string>(app: App, db: Executor, spec: Record<K, PersonSpec>) {
  const people = {} as Record<K, TestUser>;
  for (const [k, [unit, roles, attrs]] of Object.entries(spec) as Array<[K, PersonSpec]>) people[k] = await buildUser(db, unit, roles, attrs);
  const clients = await Promise.all((Object.keys(people) as K[]).map(async (k) => [k, await login(app, people[k].username)] as const));
  return { people, c: Object.fromEntries(clients) as Record<K, Client> };
}

/** A district with the tree the scope tests need: bureau, a department, two towns with schools. */
export async function buildTree(db: Executor) {
  const { districtId, bureau } = await buildDistrict(db);
  const department = await buildUnit(db, bureau, 'department', { name: `安全管理中心${next()}`, areas: ['fire_chemicals'] });
  const townA = await buildUnit(db, bureau, 'town');
  const townB = await buildUnit(db, bureau, 'town');
  const schoolA1 = await buildSchool(db, townA);
  const schoolA2 = await buildSchool(db, townA, { stage: 'kindergarten' });
  const schoolB1 = await buildSchool(db, townB);
  const direct = await buildSchool(db, bureau, { stage: 'senior', boarding: true });
  return { districtId, bureau, department, townA, townB, schoolA1, schoolA2, schoolB1, direct };
}

/** A signed-in API client: carries the session cookie and the CSRF token. */
export class Client {
  constructor(
    readonly app: App,
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  request(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.app.inject({
      method,
      url,
      payload: payload as InjectOptions['payload'],
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...headers },
    });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload: unknown = {}) {
    return this.request('POST', url, payload);
  }
  patch(url: string, payload: unknown) {
    return this.request('PATCH', url, payload);
  }
  put(url: string, payload: unknown) {
    return this.request('PUT', url, payload);
  }
  /** A multipart form with one file (field `file`) and any text fields. */
  upload(url: string, file: { name: string; bytes: Buffer; type?: string }, fields: Record<string, string> = {}) {
    const { body, contentType } = multipartBody(file, fields);
    return this.request('POST', url, body, { 'content-type': contentType });
  }
}

export function multipartBody(file: { name: string; bytes: Buffer; type?: string }, fields: Record<string, string> = {}) {
  const boundary = `----anxiao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  return new Client(app, cookie, res.json().csrfToken);
}

type Answer = { statusCode: number; body: string; json: () => any };
/** The JSON of an answer with the expected status; any other status fails the test with the body. */
export async function ok(p: Promise<Answer>, code = 200) {
  const res = await p;
  if (res.statusCode !== code) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}

/** The error of an answer refused with the expected status; any other status fails the test with the body. */
export async function refused(p: Promise<Answer>, code = 400) {
  const res = await p;
  if (res.statusCode !== code) throw new Error(`expected ${code}, got ${res.statusCode} ${res.body}`);
  return res.json().error as { code: string; message: string; details?: any };
}

/** The one compliance finding of a unit and rule, as the client sees it. */
export async function findingOf(client: Client, unitId: number, ruleCode: string) {
  const body = await ok(client.get(`/api/v1/compliance?unitId=${unitId}&ruleCode=${ruleCode}`));
  if (body.items.length !== 1) throw new Error(`expected one finding of ${ruleCode} for unit ${unitId}, got ${body.items.length}`);
  return body.items[0];
}

/** The values of one column of the first sheet of an .xlsx answer, header excluded. */
export async function xlsxColumn(body: Buffer, header: string): Promise<string[]> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const col = headers.indexOf(header);
  if (col < 0) throw new Error(`no column ${header} in ${headers.join(',')}`);
  const out: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) out.push(String(row.getCell(col).value ?? ''));
  });
  return out;
}

export type Tree = Awaited<ReturnType<typeof buildTree>>;

/**
 * The start most scope tests share: the app on a fresh database at 10:00 in Shanghai on `today`,
 * the scope tree, and the people `spec` names signed in.
 */
export async function startWithTree<K extends string>(today: string, spec: (tree: Tree) => Record<K, PersonSpec>) {
  const t = await startTestApp();
  t.now.value = new Date(`${today}T02:00:00Z`);
  const tree = await buildTree(t.database.db);
  return { t, tree, ...(await signedInUsers(t.app, t.database.db, spec(tree))) };
}

/** The people the school ledger tests sign in: a school officer in each town, the kindergarten's principal, the town, the department, the bureau, a teacher. */
export const ledgerPeople = (tree: Tree) => ({
  officerA1: [tree.schoolA1, ['school_safety_officer']] as PersonSpec,
  officerB1: [tree.schoolB1, ['school_safety_officer']] as PersonSpec,
  kg: [tree.schoolA2, ['principal']] as PersonSpec,
  townA: [tree.townA, ['town_officer']] as PersonSpec,
  dept: [tree.department, ['department_officer']] as PersonSpec,
  bureau: [tree.bureau, ['bureau_admin']] as PersonSpec,
  teacher: [tree.schoolA1, ['teacher'], { displayName: '李老师' }] as PersonSpec,
});

