// Client for the district's rule pack (/api/v1/rules), school calendars and key periods (003): the
// shapes come from the shared contracts. The duty pages read the calendars and key periods through it too.
import type { ChangeThresholds, RulePackView, SchoolCalendarView } from '../../contracts/rules.js';
import { http } from '../api.js';

export const RULES_KEY = ['rules'] as const;

export const rulesApi = {
  rules: (version?: number) => http.get<RulePackView>('/rules', { version }),
  changeThresholds: (body: ChangeThresholds) => http.patch<RulePackView>('/rules', body),
};

export interface KeyPeriod {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  version: number;
}

export const CAL_KEY = ['school-calendars'] as const;
export const KP_KEY = ['key-periods'] as const;
export const calendarsApi = {
  list: () => http.get<{ items: SchoolCalendarView[] }>('/school-calendars'),
  put: (year: string, body: unknown) => http.put<SchoolCalendarView>(`/school-calendars/${year}`, body),
  keyPeriods: () => http.get<{ items: KeyPeriod[] }>('/key-periods'),
  createKeyPeriod: (body: unknown) => http.post<KeyPeriod>('/key-periods', body),
  updateKeyPeriod: (id: number, body: unknown) => http.patch<KeyPeriod>(`/key-periods/${id}`, body),
};
