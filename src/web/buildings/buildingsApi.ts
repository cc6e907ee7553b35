// Client for the buildings and construction sites (/api/v1/buildings, /construction-sites, /construction-checks).
import type {
  BuildingListQuery,
  BuildingSummary,
  BuildingView,
  CreateBuilding,
  CreateSite,
  CreateSiteCheck,
  SiteCheckListQuery,
  SiteCheckView,
  SiteListQuery,
  SiteView,
  UpdateBuilding,
  UpdateSite,
} from '../../contracts/buildings.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type BuildingQuery = QueryOf<BuildingListQuery>;
export type SiteQuery = QueryOf<SiteListQuery>;
export type SiteCheckQuery = QueryOf<SiteCheckListQuery>;

/** A building's write may open or close a hazard, a check moves a site's last check: one key for the page. */
export const BUILDINGS_KEY = ['buildings'] as const;

export const buildingsApi = {
  list: (q: BuildingQuery) => http.get<Page<BuildingView>>('/buildings', q),
  summary: () => http.get<BuildingSummary>('/buildings/summary'),
  create: (body: CreateBuilding) => http.post<BuildingView>('/buildings', body),
  update: (id: number, body: UpdateBuilding) => http.patch<BuildingView>(`/buildings/${id}`, body),
  void: (id: number, version: number, reason: string) => http.post<BuildingView>(`/buildings/${id}/void`, voidBody(version, reason)),
  sites: (q: SiteQuery) => http.get<Page<SiteView>>('/construction-sites', q),
  createSite: (body: CreateSite) => http.post<SiteView>('/construction-sites', body),
  updateSite: (id: number, body: UpdateSite) => http.patch<SiteView>(`/construction-sites/${id}`, body),
  voidSite: (id: number, version: number, reason: string) => http.post<SiteView>(`/construction-sites/${id}/void`, voidBody(version, reason)),
  checks: (q: SiteCheckQuery) => http.get<Page<SiteCheckView>>('/construction-checks', q),
  createCheck: (body: CreateSiteCheck) => http.post<SiteCheckView>('/construction-checks', body),
  voidCheck: (id: number, version: number, reason: string) => http.post<SiteCheckView>(`/construction-checks/${id}/void`, voidBody(version, reason)),
};
