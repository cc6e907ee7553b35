// Client for warnings with receipts (/api/v1/warnings): the shapes come from the shared contracts.
import type { IssueWarning, ReportWarning, WarningBoard, WarningView } from '../../contracts/warnings.js';
import { http, type Page, type Query } from '../api.js';

export const WARNINGS_KEY = ['warnings'] as const;

export const warningsApi = {
  list: (q: Query) => http.get<Page<WarningView>>('/warnings', q),
  pending: () => http.get<{ items: WarningView[] }>('/warnings/pending'),
  get: (id: number) => http.get<WarningView>(`/warnings/${id}`),
  board: (id: number) => http.get<WarningBoard>(`/warnings/${id}/board`),
  issue: (body: IssueWarning) => http.post<WarningView>('/warnings', body),
  sign: (id: number) => http.post<WarningView>(`/warnings/${id}/sign`, {}),
  report: (id: number, body: ReportWarning) => http.post<WarningView>(`/warnings/${id}/report`, body),
  remind: (id: number, version: number) => http.post<{ schools: number; people: number; warning: WarningView }>(`/warnings/${id}/remind`, { version }),
  close: (id: number, version: number) => http.post<WarningView>(`/warnings/${id}/close`, { version }),
};
