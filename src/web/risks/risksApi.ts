// Client for the risk list (/api/v1/risks, issue 13): the shapes come from the shared contracts.
import type { ChangeRiskCadence, CreateRisk, EscalateRisk, RetireRisk, ReviewRisk, RiskCadence, RiskDue, RiskHazard, RiskListQuery, RiskMatrix, RiskView, UpdateRisk } from '../../contracts/risks.js';
import { http, type Page } from '../api.js';
import type { QueryOf } from '../ledger/ledgerApi.js';

export type RiskQuery = QueryOf<RiskListQuery>;

export const RISK_KEY = ['risks'] as const;

export const risksApi = {
  list: (q: RiskQuery) => http.get<Page<RiskView>>('/risks', q),
  get: (id: number) => http.get<RiskView>(`/risks/${id}`),
  matrix: (townId?: number) => http.get<RiskMatrix>('/risks/matrix', { townId }),
  due: (q: { schoolId?: number; townId?: number } = {}) => http.get<RiskDue>('/risks/due', q),
  cadence: () => http.get<RiskCadence>('/risks/cadence'),
  changeCadence: (body: ChangeRiskCadence) => http.patch<RiskCadence>('/risks/cadence', body),
  owners: (schoolId: number) => http.get<{ items: Array<{ id: number; displayName: string }> }>('/risks/owners', { schoolId }),
  create: (body: CreateRisk) => http.post<RiskView>('/risks', body),
  update: (id: number, body: UpdateRisk) => http.patch<RiskView>(`/risks/${id}`, body),
  review: (id: number, body: ReviewRisk) => http.post<RiskView>(`/risks/${id}/review`, body),
  escalate: (id: number, body: EscalateRisk) => http.post<RiskView>(`/risks/${id}/escalate`, body),
  hazard: (id: number, body: RiskHazard) => http.post<RiskView>(`/risks/${id}/hazard`, body),
  retire: (id: number, body: RetireRisk) => http.post<RiskView>(`/risks/${id}/retire`, body),
};
