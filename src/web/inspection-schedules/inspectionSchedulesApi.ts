// Client for recurring inspections (/api/v1/inspection-schedules): the shapes come from the shared contracts.
import type { CreateSchedule, OccurrenceView, ScheduleKind, ScheduleView, UpdateSchedule } from '../../contracts/inspection-schedules.js';
import { http, type Page } from '../api.js';

export const SCHEDULES_KEY = ['inspection-schedules'] as const;

export const schedulesApi = {
  list: (q: { status?: string; page?: number; pageSize?: number }) => http.get<Page<ScheduleView>>('/inspection-schedules', q),
  options: () => http.get<{ kinds: ScheduleKind[] }>('/inspection-schedules/options'),
  occurrences: (id: number, q: { page?: number; pageSize?: number }) => http.get<Page<OccurrenceView>>(`/inspection-schedules/${id}/occurrences`, q),
  create: (body: CreateSchedule) => http.post<ScheduleView>('/inspection-schedules', body),
  update: (id: number, body: UpdateSchedule) => http.patch<ScheduleView>(`/inspection-schedules/${id}`, body),
};
