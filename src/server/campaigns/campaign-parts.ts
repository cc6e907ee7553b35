// The private pieces the campaign services share (not an API): the row types, the 400 naming a
// field, a campaign's phases, areas and their departments, unit names, and the aliases of units
// the queries join as school, town, responsible and coordinating department.
import { asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { fieldLabels } from '../../contracts/common.js';
import type { PhaseKind, SafetyArea } from '../../contracts/enums.js';
import type { Executor } from '../db/client.js';
import { campaignAreas, campaignPhases, campaigns, units, weeklyReturns } from '../db/schema.js';
import { fieldError as sharedFieldError } from '../errors.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type PhaseRow = typeof campaignPhases.$inferSelect;
export type AreaRow = typeof campaignAreas.$inferSelect;
export type ReturnRow = typeof weeklyReturns.$inferSelect;

// A campaign's nested fields (phases.0.startsOn) are named by their head's label.
export const fieldError = (field: string, message: string) => {
  const head = field.split('.')[0];
  return sharedFieldError(field, message, fieldLabels[head] ?? head);
};

export async function phasesOf(db: Executor, campaignIds: number[]): Promise<Map<number, PhaseRow[]>> {
  const out = new Map<number, PhaseRow[]>();
  if (!campaignIds.length) return out;
  const rows = await db.select().from(campaignPhases).where(inArray(campaignPhases.campaignId, campaignIds)).orderBy(asc(campaignPhases.sort));
  for (const r of rows) out.set(r.campaignId, [...(out.get(r.campaignId) ?? []), r]);
  return out;
}

export const phaseSpans = (rows: PhaseRow[]) => rows.map((p) => ({ ...p, kind: p.kind as PhaseKind }));

export async function areasOf(db: Executor, campaignId: number): Promise<AreaRow[]> {
  return db.select().from(campaignAreas).where(eq(campaignAreas.campaignId, campaignId)).orderBy(asc(campaignAreas.id));
}

export async function unitNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const rows = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, uniq));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The responsible departments of a campaign, each with the campaign areas it answers for (002 分工). */
export function departmentAreas(areas: AreaRow[]): Map<number, SafetyArea[]> {
  const out = new Map<number, SafetyArea[]>();
  for (const a of areas) for (const d of a.responsibleDepartmentIds) out.set(d, [...(out.get(d) ?? []), a.area as SafetyArea]);
  return out;
}

export const school = alias(units, 'school');
export const town = alias(units, 'town');
export const dept = alias(units, 'dept');
export const coord = alias(units, 'coord');
