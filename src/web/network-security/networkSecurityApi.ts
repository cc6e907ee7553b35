// Client for the network security ledger (/api/v1/netsec-systems, /netsec-cards, /netsec-reports).
import type {
  AnswerNetsecCard,
  CreateNetsecReport,
  CreateNetsecSystem,
  DecideNetsecCard,
  IssueNetsecCard,
  NetsecCardListQuery,
  NetsecCardView,
  NetsecReportListQuery,
  NetsecReportView,
  NetsecSystemListQuery,
  NetsecSystemView,
  UpdateNetsecReport,
  UpdateNetsecSystem,
} from '../../contracts/network-security.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type CardQuery = QueryOf<NetsecCardListQuery>;
export type ReportQuery = QueryOf<NetsecReportListQuery>;
export type SystemQuery = QueryOf<NetsecSystemListQuery>;

export const CARDS_KEY = ['netsec-cards'] as const;
export const REPORTS_KEY = ['netsec-reports'] as const;
export const SYSTEMS_KEY = ['netsec-systems'] as const;

export const netsecApi = {
  cards: (q: CardQuery) => http.get<Page<NetsecCardView>>('/netsec-cards', q),
  issue: (body: IssueNetsecCard) => http.post<NetsecCardView>('/netsec-cards', body),
  answer: (id: number, body: AnswerNetsecCard) => http.post<NetsecCardView>(`/netsec-cards/${id}/answer`, body),
  decide: (id: number, body: DecideNetsecCard) => http.post<NetsecCardView>(`/netsec-cards/${id}/decide`, body),
  voidCard: (id: number, version: number, reason: string) => http.post<NetsecCardView>(`/netsec-cards/${id}/void`, voidBody(version, reason)),
  reports: (q: ReportQuery) => http.get<Page<NetsecReportView>>('/netsec-reports', q),
  createReport: (body: CreateNetsecReport) => http.post<NetsecReportView>('/netsec-reports', body),
  updateReport: (id: number, body: UpdateNetsecReport) => http.patch<NetsecReportView>(`/netsec-reports/${id}`, body),
  voidReport: (id: number, version: number, reason: string) => http.post<NetsecReportView>(`/netsec-reports/${id}/void`, voidBody(version, reason)),
  systems: (q: SystemQuery) => http.get<Page<NetsecSystemView>>('/netsec-systems', q),
  createSystem: (body: CreateNetsecSystem) => http.post<NetsecSystemView>('/netsec-systems', body),
  updateSystem: (id: number, body: UpdateNetsecSystem) => http.patch<NetsecSystemView>(`/netsec-systems/${id}`, body),
  voidSystem: (id: number, version: number, reason: string) => http.post<NetsecSystemView>(`/netsec-systems/${id}/void`, voidBody(version, reason)),
};
