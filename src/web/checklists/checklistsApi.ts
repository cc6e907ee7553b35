// Client for the checklist templates API (/api/v1/checklists); shapes from the shared contract.
import type { ChecklistDetail, ChecklistListQuery, ChecklistTemplate, ChecklistVersion, CopyChecklist, UpdateChecklist } from '../../contracts/checklists.js';
import { http, type Page, type Query } from '../api.js';

export type ChecklistQuery = Query & { [K in keyof Omit<ChecklistListQuery, 'builtin'>]?: ChecklistListQuery[K] } & { builtin?: 'true' | 'false' };

export const CHECKLISTS_KEY = ['checklists'] as const;

export const checklistsApi = {
  list: (q: ChecklistQuery) => http.get<Page<ChecklistTemplate>>('/checklists', q),
  get: (id: number, version?: number) => http.get<ChecklistDetail>(`/checklists/${id}`, { version }),
  version: (versionId: number) => http.get<ChecklistVersion>(`/checklists/versions/${versionId}`),
  copy: (id: number, body: CopyChecklist) => http.post<ChecklistDetail>(`/checklists/${id}/copy`, body),
  update: (id: number, body: UpdateChecklist) => http.put<ChecklistDetail>(`/checklists/${id}`, body),
  setStatus: (id: number, action: 'archive' | 'restore', version: number) => http.post<ChecklistDetail>(`/checklists/${id}/${action}`, { version }),
};
