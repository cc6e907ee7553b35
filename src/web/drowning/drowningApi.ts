// Client for drowning prevention (/api/v1/drowning/*): waters, the grid by class, coverage, patrols, 零溺亡.
import type { NoticeDetail } from '../../contracts/accountability.js';
import type {
  CoverageSummary,
  CreateGridClass,
  CreatePatrol,
  CreateWater,
  GridClassView,
  PatrolView,
  SchoolGrid,
  UpdateGridClass,
  UpdateWater,
  WaterKind,
  WaterView,
  ZeroDrowning,
} from '../../contracts/drowning.js';
import { http, type Query } from '../api.js';
import { voidBody } from '../ledger/ledgerApi.js';

/** One key for the page: a patrol moves a water's last patrol, the 零溺亡 table and the hazard register. */
export const DROWNING_KEY = ['drowning'] as const;

export interface WaterQuery extends Query {
  townId?: number;
  kind?: WaterKind;
  lacking?: boolean;
}

export const drowningApi = {
  waters: (q: WaterQuery) => http.get<{ items: WaterView[] }>('/drowning/waters', q),
  createWater: (body: CreateWater) => http.post<WaterView>('/drowning/waters', body),
  updateWater: (id: number, body: UpdateWater) => http.patch<WaterView>(`/drowning/waters/${id}`, body),
  voidWater: (id: number, version: number, reason: string) => http.post<WaterView>(`/drowning/waters/${id}/void`, voidBody(version, reason)),
  grid: (year: number) => http.get<SchoolGrid>('/drowning/grid', { year }),
  createClass: (body: CreateGridClass) => http.post<GridClassView>('/drowning/grid', body),
  updateClass: (id: number, body: UpdateGridClass) => http.patch<GridClassView>(`/drowning/grid/${id}`, body),
  deleteClass: (id: number, version: number) => http.post<{ ok: true }>(`/drowning/grid/${id}/delete`, { version }),
  coverage: (year: number) => http.get<CoverageSummary>('/drowning/coverage', { year }),
  patrols: (q: { townId?: number; year?: number }) => http.get<{ items: PatrolView[] }>('/drowning/patrols', q),
  createPatrol: (body: CreatePatrol) => http.post<PatrolView>('/drowning/patrols', body),
  zero: (year: number) => http.get<ZeroDrowning>('/drowning/zero', { year }),
  draftNotice: (year: number) => http.post<NoticeDetail>('/drowning/notice-draft', { year }),
};
