// Client for the inspections API (/api/v1/inspections): shapes from the shared contract.
import type { z } from 'zod';
import type {
  checklistOptionBody,
  CreateInspection,
  Inspection,
  InspectionDetail,
  InspectionListQuery,
  InspectionTarget,
  inspectorCandidateBody,
  SaveResults,
  SubmitTarget,
} from '../../contracts/inspections.js';
import type { InspectionKind } from '../../contracts/enums.js';
import { apiUrl, http, type Page, type Query } from '../api.js';
import { inspectionSnapshotKey, withSnapshot } from '../offline/outbox.js';

export type ChecklistOption = z.infer<typeof checklistOptionBody>;
export type InspectorCandidate = z.infer<typeof inspectorCandidateBody>;

export type InspectionQuery = Query & { [K in keyof Omit<InspectionListQuery, 'mine'>]?: InspectionListQuery[K] } & { mine?: 'true' };

export interface InspectionOptions {
  kinds: InspectionKind[];
  checklists: ChecklistOption[];
  builtinChecklistId: number | null;
}

export const INSPECTIONS_KEY = ['inspections'] as const;

export const inspectionsApi = {
  list: (q: InspectionQuery) => http.get<Page<Inspection>>('/inspections', q),
  // Kept on the phone, so an inspection opened once online reloads with no signal (issue 17).
  get: (id: number) => withSnapshot(inspectionSnapshotKey(id), () => http.get<InspectionDetail>(`/inspections/${id}`)),
  options: () => http.get<InspectionOptions>('/inspections/options'),
  candidates: (q: { q?: string; unitId?: number }) => http.get<{ items: InspectorCandidate[] }>('/inspections/inspector-candidates', q),
  create: (body: CreateInspection) => http.post<InspectionDetail>('/inspections', body),
  start: (id: number, version: number) => http.post<InspectionDetail>(`/inspections/${id}/start`, { version }),
  saveResults: (id: number, targetId: number, body: SaveResults) =>
    http.put<InspectionTarget>(`/inspections/${id}/targets/${targetId}/results`, body),
  submit: (id: number, targetId: number, body: SubmitTarget) => http.post<InspectionTarget>(`/inspections/${id}/targets/${targetId}/submit`, body),
  sign: (id: number, targetId: number, version: number) => http.post<InspectionTarget>(`/inspections/${id}/targets/${targetId}/sign`, { version }),
  exportUrl: (id: number, targetId: number) => apiUrl(`/inspections/${id}/targets/${targetId}/export`),
};
