// Client for incidents (/api/v1/incidents) and the key periods' daily reports: shapes from the contracts.
import type { CreateIncident, CreateReport, DailyBoard, DailyReportCreate, DeadlinesView, DeterminationInputBody, IncidentFigures, IncidentListQuery, IncidentRow, IncidentView } from '../../contracts/incidents.js';
import { http, type Page } from '../api.js';

export type IncidentQuery = Partial<Omit<IncidentListQuery, 'page' | 'pageSize'>> & { page?: number; pageSize?: number };

export const INCIDENTS_KEY = ['incidents'] as const;

export const incidentsApi = {
  list: (q: IncidentQuery) => http.get<Page<IncidentRow>>('/incidents', q),
  get: (id: number) => http.get<IncidentView>(`/incidents/${id}`),
  create: (body: CreateIncident) => http.post<IncidentView>('/incidents', body),
  report: (id: number, body: CreateReport) => http.post<IncidentView>(`/incidents/${id}/reports`, body),
  receive: (id: number, reportId: number) => http.post<IncidentView>(`/incidents/${id}/reports/${reportId}/receive`),
  determine: (id: number, body: DeterminationInputBody) => http.post<IncidentView>(`/incidents/${id}/determinations`, body),
  figures: () => http.get<IncidentFigures>('/incidents/figures'),
  deadlines: () => http.get<DeadlinesView>('/incidents/deadlines'),
  daily: (keyPeriodId?: number) => http.get<DailyBoard>('/incidents/daily', { keyPeriodId }),
  submitDaily: (body: DailyReportCreate) => http.post<DailyBoard>('/incidents/daily', body),
  requireDaily: (keyPeriodId: number) => http.post<DailyBoard>('/incidents/daily/requirements', { keyPeriodId }),
};

/** A `datetime-local` value (Beijing time, as typed) as an instant with its offset. */
export const beijingInstant = (local: string) => `${local.length === 16 ? `${local}:00` : local}+08:00`;

/** Now in Beijing as a `datetime-local` value, to the minute. */
export function nowLocal(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);
}
