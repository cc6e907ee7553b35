// Client for public opinion events (/api/v1/opinion-events): the shapes come from the shared contracts.
import type { CreateOpinionEvent, OpinionClose, OpinionDraft, OpinionEventView, OpinionLink, OpinionListQuery, OpinionPublish, OpinionSummary, UpdateOpinionEvent } from '../../contracts/opinion.js';
import { http, type Page } from '../api.js';
import type { QueryOf } from '../ledger/ledgerApi.js';

export type OpinionQuery = QueryOf<Omit<OpinionListQuery, 'overdue'>> & { overdue?: 'true' | 'false' };

export const OPINION_KEY = ['opinion-events'] as const;

const base = '/opinion-events';

export const opinionApi = {
  list: (q: OpinionQuery) => http.get<Page<OpinionEventView>>(base, q),
  get: (id: number) => http.get<OpinionEventView>(`${base}/${id}`),
  summary: () => http.get<OpinionSummary>(`${base}/summary`),
  targets: () => http.get<{ minutes: Record<string, number>; notes: string[] }>(`${base}/targets`),
  create: (body: CreateOpinionEvent) => http.post<OpinionEventView>(base, body),
  update: (id: number, body: UpdateOpinionEvent) => http.patch<OpinionEventView>(`${base}/${id}`, body),
  draft: (id: number, body: OpinionDraft) => http.post<OpinionEventView>(`${base}/${id}/draft`, body),
  approve: (id: number, version: number) => http.post<OpinionEventView>(`${base}/${id}/approve`, { version }),
  publish: (id: number, body: OpinionPublish) => http.post<OpinionEventView>(`${base}/${id}/publish`, body),
  close: (id: number, body: OpinionClose) => http.post<OpinionEventView>(`${base}/${id}/close`, body),
  link: (id: number, body: OpinionLink) => http.post<OpinionEventView>(`${base}/${id}/link`, body),
};
