// Client for the year's work plan and the leaders' patches (/api/v1/plans, /plan-tasks,
// /plan-task-units, /plan-summaries, /patches): the shapes come from the shared contracts.
import type { z } from 'zod';
import type {
  CreatePlan,
  CreateSummary,
  CreateTask,
  MatrixView,
  PatchView,
  PlanView,
  ReportProgress,
  ResolutionView,
  TaskUnitView,
  TaskView,
  UpdatePlan,
  UpdateTask,
  mineBody,
  summaryBody,
  summaryReturnBody,
  visitBody,
} from '../../contracts/plans.js';
import { http, type Query } from '../api.js';

export type Mine = z.infer<typeof mineBody>;
export type Summary = z.infer<typeof summaryBody>;
export type SummaryReturn = z.infer<typeof summaryReturnBody>;
export type Visit = z.infer<typeof visitBody>;
export type { MatrixView, PatchView, PlanView, ResolutionView, TaskUnitView, TaskView };

export const PLANS_KEY = ['plans'] as const;

export const plansApi = {
  list: () => http.get<{ items: PlanView[] }>('/plans'),
  mine: () => http.get<Mine>('/plans/mine'),
  get: (id: number) => http.get<PlanView>(`/plans/${id}`),
  create: (body: CreatePlan) => http.post<PlanView>('/plans', body),
  update: (id: number, body: UpdatePlan) => http.patch<PlanView>(`/plans/${id}`, body),
  publish: (id: number, version: number) => http.post<PlanView>(`/plans/${id}/publish`, { version }),
  resolution: (id: number) => http.get<ResolutionView>(`/plans/${id}/resolution`),
  tasks: (id: number) => http.get<{ items: TaskView[] }>(`/plans/${id}/tasks`),
  createTask: (id: number, body: CreateTask) => http.post<{ id: number }>(`/plans/${id}/tasks`, body),
  updateTask: (id: number, body: UpdateTask) => http.patch<{ id: number }>(`/plan-tasks/${id}`, body),
  deleteTask: (id: number, version: number) => http.del<{ ok: true }>(`/plan-tasks/${id}`, { version }),
  importTasks: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<{ plan: PlanView; imported: number }>(`/plans/${id}/import`, form);
  },
  taskUnits: (taskId: number) => http.get<{ items: TaskUnitView[] }>(`/plan-tasks/${taskId}/units`),
  report: (id: number, body: ReportProgress) => http.post<TaskUnitView>(`/plan-task-units/${id}/report`, body),
  matrix: (id: number, q: Query) => http.get<MatrixView>(`/plans/${id}/matrix`, q),
  summaries: (id: number) => http.get<{ items: Summary[] }>(`/plans/${id}/summaries`),
  createSummary: (id: number, body: CreateSummary) => http.post<{ id: number }>(`/plans/${id}/summaries`, body),
  summaryReturns: (summaryId: number) => http.get<{ items: SummaryReturn[] }>(`/plan-summaries/${summaryId}/returns`),
  submitSummary: (returnId: number, body: { version: number; text: string; fileIds: number[] }) => http.post<{ ok: true }>(`/plan-summary-returns/${returnId}/submit`, body),
  patches: (year?: number) => http.get<{ items: PatchView[] }>('/patches', { year }),
  myPatches: () => http.get<{ items: PatchView[] }>('/patches/mine'),
  createPatch: (body: { year: number; holderUserId?: number; holderUnitId?: number; schoolIds: number[] }) => http.post<PatchView>('/patches', body),
  updatePatch: (id: number, body: { version: number; schoolIds: number[] }) => http.patch<PatchView>(`/patches/${id}`, body),
  visits: (id: number) => http.get<{ items: Visit[] }>(`/patches/${id}/visits`),
  createVisit: (id: number, body: { schoolId: number; visitedOn: string; note: string; startInspection: boolean }) => http.post<Visit>(`/patches/${id}/visits`, body),
};
