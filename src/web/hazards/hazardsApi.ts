// Client for the hazard register API (/api/v1/hazards, /notifications): the shapes come from the
// shared contract, so the web and the server cannot drift apart silently.
import type { z } from 'zod';
import type { RoleKey, SafetyArea } from '../../contracts/enums.js';
import type { CreateHazard, Hazard, hazardDetailBody, HazardListQuery, notificationBody, TransitionInput } from '../../contracts/hazards.js';
import { http, type Page, type Query } from '../api.js';
import { hazardSnapshotKey, withSnapshot } from '../offline/outbox.js';

export type HazardDetail = z.infer<typeof hazardDetailBody>;
export type Notification = z.infer<typeof notificationBody>;

/** The list filters as they travel in the query string (booleans as 'true'). */
export type HazardQuery = Query & {
  [K in keyof Omit<HazardListQuery, 'open' | 'overdue' | 'mine'>]?: HazardListQuery[K];
} & { open?: 'true'; overdue?: 'true'; mine?: 'true' };

/** A transition as the web sends it: the action, the version read, and the fields of that step. */
export type TransitionRequest = Partial<Omit<TransitionInput, 'action' | 'version'>> & Pick<TransitionInput, 'action' | 'version'>;

export interface Assignee {
  id: number;
  displayName: string;
  roles: RoleKey[];
}

/** Figures for the home pages, in the caller's scope. */
export interface HazardStats {
  open: number;
  overdue: number;
  majorOpen: number;
  closedThisMonth: number;
  waitingOnMe: number;
  dueSoon: number;
  byTown: Array<{ townId: number; townName: string; open: number; overdue: number }>;
  byArea: Array<{ area: SafetyArea; open: number }>;
}

/** The register's views (tabs above the table), as the page's address carries them. */
export const hazardViews = ['all', 'open', 'mine', 'overdue'] as const;
export type HazardView = (typeof hazardViews)[number];

/** The list filters a view adds. */
export function viewFilter(view: HazardView | undefined): Pick<HazardQuery, 'open' | 'mine' | 'overdue'> {
  return { open: view === 'open' ? 'true' : undefined, mine: view === 'mine' ? 'true' : undefined, overdue: view === 'overdue' ? 'true' : undefined };
}

export const HAZARDS_KEY = ['hazards'] as const;
export const NOTIFICATIONS_KEY = ['notifications'] as const;

export const hazardsApi = {
  list: (q: HazardQuery) => http.get<Page<Hazard>>('/hazards', q),
  // Kept on the phone: the school opens the hazard online and rectifies it with no signal (issue 17).
  get: (id: number) => withSnapshot(hazardSnapshotKey(id), () => http.get<HazardDetail>(`/hazards/${id}`)),
  create: (body: CreateHazard) => http.post<HazardDetail>('/hazards', body),
  transition: (id: number, body: TransitionRequest) => http.post<HazardDetail>(`/hazards/${id}/transitions`, body),
  assignees: (id: number) => http.get<{ items: Assignee[] }>(`/hazards/${id}/assignees`),
  stats: () => http.get<HazardStats>('/hazards/stats'),

  notifications: () => http.get<{ items: Notification[]; unread: number }>('/notifications'),
  readNotification: (id: number) => http.post<unknown>(`/notifications/${id}/read`, {}),
  readAllNotifications: () => http.post<unknown>('/notifications/read-all', {}),
};
