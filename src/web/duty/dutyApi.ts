// Client for the duty ledger (值班带班, /api/v1/duty-rosters): rosters, entries by day, the person
// on duty's confirmation, a key period's cover across the schools; the shapes come from the contracts.
import type {
  AddDutyEntries,
  CreateDutyRoster,
  DutyRosterDetail,
  DutyRosterListQuery,
  DutyRosterView,
  KeyPeriodCoverView,
  MyDutyView,
  UpdateDutyRoster,
} from '../../contracts/duty.js';
import { http, type Page, type Query } from '../api.js';

export type DutyQuery = Query & { [K in keyof DutyRosterListQuery]?: DutyRosterListQuery[K] };
export const DUTY_KEY = ['duty-rosters'] as const;

export const dutyApi = {
  rosters: (q: DutyQuery) => http.get<Page<DutyRosterView>>('/duty-rosters', q),
  roster: (id: number) => http.get<DutyRosterDetail>(`/duty-rosters/${id}`),
  createRoster: (body: CreateDutyRoster) => http.post<DutyRosterDetail>('/duty-rosters', body),
  updateRoster: (id: number, body: UpdateDutyRoster) => http.patch<DutyRosterDetail>(`/duty-rosters/${id}`, body),
  addEntries: (id: number, body: AddDutyEntries) => http.post<DutyRosterDetail>(`/duty-rosters/${id}/entries`, body),
  deleteEntry: (id: number, entryId: number, version: number) => http.del<DutyRosterDetail>(`/duty-rosters/${id}/entries/${entryId}`, { version }),
  confirmEntry: (id: number, entryId: number, version: number) => http.post<DutyRosterDetail>(`/duty-rosters/${id}/entries/${entryId}/confirm`, { version }),
  mine: () => http.get<MyDutyView>('/duty-rosters/mine'),
  keyPeriodCover: (q: { keyPeriodId?: number; townId?: number }) => http.get<KeyPeriodCoverView>('/duty-rosters/key-period-cover', q),
};
