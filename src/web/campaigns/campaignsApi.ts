// Client for the campaigns API (/api/v1/campaigns): list, detail, progress, weekly returns, the
// summary with the three classes, the seeded sample. Shapes from the shared contract.
import type { z } from 'zod';
import type {
  Campaign,
  CampaignDetail,
  CampaignPreset,
  CampaignProgress,
  CampaignSample,
  CampaignSummary,
  CreateCampaign,
  DrawSample,
  SaveWeeklyReturn,
  UpdateCampaign,
  UpdateWeeklyReturn,
  WeeklyReturn,
  classifyResult,
  weeklyReturnList,
} from '../../contracts/campaigns.js';
import type { CampaignStatus, SummaryClass } from '../../contracts/enums.js';
import { http, type Query } from '../api.js';

export type { Campaign, CampaignDetail, CampaignPreset, CampaignProgress, CampaignSample, CampaignSummary, WeeklyReturn };
export type WeeklyReturnList = z.infer<typeof weeklyReturnList>;
export type ClassifyResult = z.infer<typeof classifyResult>;

export interface ClassifyRequest {
  version: number;
  summaryClass: SummaryClass;
  committedOn?: string | null;
  coordinationDepartmentId?: number | null;
}

export const CAMPAIGNS_KEY = ['campaigns'] as const;

export const campaignsApi = {
  list: (q: Query & { status?: CampaignStatus }) => http.get<{ items: Campaign[] }>('/campaigns', q),
  presets: () => http.get<{ items: CampaignPreset[] }>('/campaigns/presets'),
  get: (id: number) => http.get<CampaignDetail>(`/campaigns/${id}`),
  create: (body: CreateCampaign) => http.post<CampaignDetail>('/campaigns', body),
  update: (id: number, body: UpdateCampaign) => http.patch<CampaignDetail>(`/campaigns/${id}`, body),
  finish: (id: number, version: number) => http.post<CampaignDetail>(`/campaigns/${id}/finish`, { version }),
  progress: (id: number) => http.get<CampaignProgress>(`/campaigns/${id}/progress`),

  weeklyReturns: (id: number, q: { week?: string; departmentId?: number } = {}) => http.get<WeeklyReturnList>(`/campaigns/${id}/weekly-returns`, q),
  weeklyReturnDraft: (id: number, week: string, departmentId: number) => http.get<WeeklyReturn>(`/campaigns/${id}/weekly-returns/draft`, { week, departmentId }),
  saveWeeklyReturn: (id: number, body: SaveWeeklyReturn) => http.post<WeeklyReturn>(`/campaigns/${id}/weekly-returns`, body),
  updateWeeklyReturn: (id: number, rid: number, body: UpdateWeeklyReturn) => http.put<WeeklyReturn>(`/campaigns/${id}/weekly-returns/${rid}`, body),

  summary: (id: number) => http.get<CampaignSummary>(`/campaigns/${id}/summary`),
  classify: (id: number, hazardId: number, body: ClassifyRequest) => http.post<ClassifyResult>(`/campaigns/${id}/hazards/${hazardId}/classify`, body),
  samples: (id: number) => http.get<{ items: CampaignSample[] }>(`/campaigns/${id}/samples`),
  drawSample: (id: number, body: DrawSample) => http.post<CampaignSample>(`/campaigns/${id}/samples`, body),
};
