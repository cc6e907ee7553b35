// Client for the safety meeting ledger (/api/v1/meetings): the shapes come from the shared contracts.
import type { CreateMeeting, MeetingListQuery, MeetingView, UpdateMeeting } from '../../contracts/meetings.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type MeetingQuery = QueryOf<MeetingListQuery>;

export const MEETINGS_KEY = ['meetings'] as const;

export const meetingsApi = {
  meetings: (q: MeetingQuery) => http.get<Page<MeetingView>>('/meetings', q),
  meeting: (id: number) => http.get<MeetingView>(`/meetings/${id}`),
  createMeeting: (body: CreateMeeting) => http.post<MeetingView>('/meetings', body),
  updateMeeting: (id: number, body: UpdateMeeting) => http.patch<MeetingView>(`/meetings/${id}`, body),
  voidMeeting: (id: number, version: number, voidReason: string) => http.post<MeetingView>(`/meetings/${id}/void`, voidBody(version, voidReason)),
};
