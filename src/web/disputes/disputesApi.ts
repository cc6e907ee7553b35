// Client for disputes and petitions (/api/v1/disputes): the shapes come from the shared contracts.
import type { ConcludeDispute, CreateDispute, DisputeDeadlinesView, DisputeKind, DisputeListQuery, DisputeRisk, DisputeStepInput, DisputeSummary, DisputeView, UpdateDispute } from '../../contracts/disputes.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type DisputeQuery = QueryOf<DisputeListQuery>;

export const DISPUTE_KEY = ['disputes'] as const;

export const disputesApi = {
  list: (q: DisputeQuery) => http.get<Page<DisputeView>>('/disputes', q),
  get: (id: number) => http.get<DisputeView>(`/disputes/${id}`),
  summary: (kind?: DisputeKind) => http.get<DisputeSummary>('/disputes/summary', { kind }),
  deadlines: () => http.get<DisputeDeadlinesView>('/disputes/deadlines'),
  create: (body: CreateDispute) => http.post<DisputeView>('/disputes', body),
  update: (id: number, body: UpdateDispute) => http.patch<DisputeView>(`/disputes/${id}`, body),
  step: (id: number, body: DisputeStepInput) => http.post<DisputeView>(`/disputes/${id}/steps`, body),
  conclude: (id: number, body: ConcludeDispute) => http.post<DisputeView>(`/disputes/${id}/conclude`, body),
  risk: (id: number, body: DisputeRisk) => http.post<DisputeView>(`/disputes/${id}/risk`, body),
  void: (id: number, version: number, voidReason: string) => http.post<DisputeView>(`/disputes/${id}/void`, voidBody(version, voidReason)),
};
