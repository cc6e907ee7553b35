// Client for the yearly assessment (/api/v1/assessment): the shapes come from the shared contracts.
import type { AdjustInput, RunView, SaveScheme, SchemeView, ScoresView, UnitScoreView } from '../../contracts/assessment.js';
import { apiUrl, http, type Query } from '../api.js';

export const ASSESSMENT_KEY = ['assessment'] as const;

export type ScoresQuery = Query & { year: number; kind?: string; townId?: number; stage?: string; grade?: string; page?: number; pageSize?: number };

export const assessmentApi = {
  scheme: (year: number) => http.get<SchemeView>('/assessment/scheme', { year }),
  saveScheme: (body: SaveScheme) => http.put<SchemeView>('/assessment/scheme', body),
  run: (year: number) => http.get<RunView>('/assessment/run', { year }),
  compute: (year: number) => http.post<RunView>('/assessment/compute', { year }),
  publish: (year: number, version: number) => http.post<RunView>('/assessment/publish', { year, version }),
  scores: (q: ScoresQuery) => http.get<ScoresView>('/assessment/scores', q),
  unit: (unitId: number, year: number) => http.get<UnitScoreView>(`/assessment/scores/${unitId}`, { year }),
  adjust: (unitId: number, body: AdjustInput) => http.post<UnitScoreView>(`/assessment/scores/${unitId}/adjust`, body),
  reportUrl: (year: number) => apiUrl('/assessment/report', { year }),
};
