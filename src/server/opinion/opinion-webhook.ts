// The monitoring service's webhook (issue 22): an opinion event pushed by a signed POST, without a
// session. The signature is HMAC-SHA256 over `${timestamp}.${rawBody}` with the shared secret
// (ANXIAO_OPINION_WEBHOOK_SECRET), sent as `X-Anxiao-Signature: sha256=<hex>` with
// `X-Anxiao-Timestamp` (unix seconds, at most 5 minutes old): a bad signature or an old timestamp
// is refused (401) and logged with the reason, the body never stored. Idempotent on the service's
// id: the unique (district, external id) index and ON CONFLICT DO NOTHING in the same transaction
// make a replay answer the existing event and write nothing.
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { OpinionEventView, OpinionWebhook } from '../../contracts/opinion.js';
import { MAX_SKEW_SECONDS } from '../../domain/signed-body.js';
import { writeAudit } from '../audit/audit.js';
import type { Executor } from '../db/client.js';
import { districts, opinionEvents, units } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { EVENT_UNIT_KINDS, notifyApprovers, presentOpinion } from './opinion.service.js';

/** The district of the push: the one named by districtCode, else the only district there is. */
async function districtOf(tx: Executor, code: string | undefined): Promise<number> {
  if (code) {
    const [d] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.code, code));
    if (!d) throw fieldError('districtCode', '区县代码不存在');
    return d.id;
  }
  const all = await tx.select({ id: districts.id }).from(districts).limit(2);
  if (all.length !== 1) throw fieldError('districtCode', '请填写区县代码（系统中有多个区县）');
  return all[0].id;
}

/** The unit the push names (code first, then name); unknown: the district's bureau, flagged to be assigned. */
async function unitOf(tx: Executor, districtId: number, body: OpinionWebhook) {
  const kinds = [...EVENT_UNIT_KINDS];
  const pick = { id: units.id, path: units.path, name: units.name };
  const named = body.unitCode ? eq(units.code, body.unitCode) : body.unitName ? eq(units.name, body.unitName) : null;
  if (named) {
    const [u] = await tx.select(pick).from(units).where(and(eq(units.districtId, districtId), eq(units.status, 'active'), inArray(units.kind, kinds), named)).limit(1);
    if (u) return { ...u, toAssign: false };
  }
  const [bureau] = await tx
    .select(pick)
    .from(units)
    .where(and(eq(units.districtId, districtId), or(eq(units.kind, 'bureau'), eq(units.kind, 'city_bureau')), isNull(units.parentId)))
    .orderBy(sql`length(${units.path})`)
    .limit(1);
  if (!bureau) throw fieldError('districtCode', '该区县尚无教育局单位');
  return { ...bureau, toAssign: true };
}

/** Records the pushed event once; a replay of its id answers the existing event and writes nothing. */
export async function receiveOpinionWebhook(db: Executor, now: Date, ip: string | null, body: OpinionWebhook): Promise<{ created: boolean; event: OpinionEventView }> {
  // The service's clock may differ by as much as the signature's window, no more.
  if (new Date(body.foundAt).getTime() > now.getTime() + MAX_SKEW_SECONDS * 1000) throw fieldError('foundAt', '发现时间不能晚于现在');
  return db.transaction(async (tx) => {
    const districtId = await districtOf(tx, body.districtCode);
    const u = await unitOf(tx, districtId, body);
    const [row] = await tx
      .insert(opinionEvents)
      .values({
        districtId,
        unitId: u.id,
        unitPath: u.path,
        unitToAssign: u.toAssign,
        source: body.source,
        title: body.title,
        link: body.link,
        summary: body.summary ?? null,
        foundAt: new Date(body.foundAt),
        level: body.level ?? 'general',
        origin: 'webhook',
        externalId: body.id,
        reach: body.reach ?? null,
      })
      .onConflictDoNothing({ target: [opinionEvents.districtId, opinionEvents.externalId] })
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ record: opinionEvents, unitName: units.name })
        .from(opinionEvents)
        .innerJoin(units, eq(units.id, opinionEvents.unitId))
        .where(and(eq(opinionEvents.districtId, districtId), eq(opinionEvents.externalId, body.id)));
      return { created: false, event: presentOpinion(existing.record, existing.unitName, now) };
    }
    await writeAudit(tx, { actor: null, ip }, { action: 'create', objectType: 'opinion_event', objectId: row.id, districtId, actorName: '舆情监测服务', after: { ...row, origin: 'webhook' } });
    await notifyApprovers(tx, row, u.name);
    return { created: true, event: presentOpinion(row, u.name, now) };
  });
}
