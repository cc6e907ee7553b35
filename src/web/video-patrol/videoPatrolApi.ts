// Client for online video patrols (/api/v1/video-links, /api/v1/video-patrols): the shapes come
// from the shared contracts.
import type { Coverage, CreateVideoLink, UpdateVideoLink, VideoLinkListQuery, VideoLinkView } from '../../contracts/video-patrol.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type VideoLinkQuery = QueryOf<VideoLinkListQuery>;

export const VIDEO_LINKS_KEY = ['video-links'] as const;
export const VIDEO_COVERAGE_KEY = ['video-patrols', 'coverage'] as const;

export const videoPatrolApi = {
  links: (q: VideoLinkQuery) => http.get<Page<VideoLinkView>>('/video-links', q),
  linksOfSchools: (schoolIds: number[]) => http.get<{ items: VideoLinkView[] }>('/video-links/by-school', { schoolIds: schoolIds.join(',') }),
  createLink: (body: CreateVideoLink) => http.post<VideoLinkView>('/video-links', body),
  updateLink: (id: number, body: UpdateVideoLink) => http.patch<VideoLinkView>(`/video-links/${id}`, body),
  voidLink: (id: number, version: number, voidReason: string) => http.post<VideoLinkView>(`/video-links/${id}/void`, voidBody(version, voidReason)),
  coverage: (q: { month: string; townId?: number; short?: 'true' }) => http.get<Coverage>('/video-patrols/coverage', q),
  start: (schoolId: number) => http.post<{ inspectionId: number; targetId: number; code: string }>('/video-patrols', { schoolId }),
  canteenNotice: (month: string) => http.post<{ noticeId: number; findings: number }>('/video-patrols/canteen-notice', { month }),
};
