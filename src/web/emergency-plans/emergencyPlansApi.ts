// Client for the emergency plans and the emergency team (/api/v1/emergency-plans, /emergency-team).
import type { CreateEmergencyPlan, CreateTeamMember, EmergencyPlanListQuery, EmergencyPlanView, TeamMemberListQuery, TeamMemberView, UpdateEmergencyPlan, UpdateTeamMember } from '../../contracts/emergency-plans.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type PlanQuery = QueryOf<EmergencyPlanListQuery>;
export type TeamQuery = QueryOf<TeamMemberListQuery>;
export const PLANS_KEY = ['emergency-plans'] as const;
export const TEAM_KEY = ['emergency-team'] as const;

export const emergencyPlansApi = {
  plans: (q: PlanQuery) => http.get<Page<EmergencyPlanView>>('/emergency-plans', q),
  createPlan: (body: CreateEmergencyPlan) => http.post<EmergencyPlanView>('/emergency-plans', body),
  updatePlan: (id: number, body: UpdateEmergencyPlan) => http.patch<EmergencyPlanView>(`/emergency-plans/${id}`, body),
  voidPlan: (id: number, version: number, voidReason: string) => http.post<EmergencyPlanView>(`/emergency-plans/${id}/void`, voidBody(version, voidReason)),
  team: (q: TeamQuery) => http.get<Page<TeamMemberView>>('/emergency-team', q),
  addMember: (body: CreateTeamMember) => http.post<TeamMemberView>('/emergency-team', body),
  updateMember: (id: number, body: UpdateTeamMember) => http.patch<TeamMemberView>(`/emergency-team/${id}`, body),
  voidMember: (id: number, version: number, voidReason: string) => http.post<TeamMemberView>(`/emergency-team/${id}/void`, voidBody(version, voidReason)),
};
