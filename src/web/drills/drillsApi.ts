// Client for the drill ledger (/api/v1/drills): the shapes come from the shared contracts.
import type { CreateDrill, Drill, DrillListQuery, UpdateDrill } from '../../contracts/drills.js';
import { http, type Page, type Query } from '../api.js';

export type DrillQuery = Query & { [K in keyof DrillListQuery]?: DrillListQuery[K] };

export const DRILLS_KEY = ['drills'] as const;

export const drillsApi = {
  drills: (q: DrillQuery) => http.get<Page<Drill>>('/drills', q),
  drill: (id: number) => http.get<Drill>(`/drills/${id}`),
  createDrill: (body: CreateDrill) => http.post<Drill>('/drills', body),
  updateDrill: (id: number, body: UpdateDrill) => http.patch<Drill>(`/drills/${id}`, body),
  voidDrill: (id: number, version: number, voidReason: string) => http.post<Drill>(`/drills/${id}/void`, { version, voidReason }),
};
