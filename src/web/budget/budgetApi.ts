// Client for the safety budget (/api/v1/budgets): the shapes come from the shared contracts.
import type { BudgetExecution, BudgetListQuery, BudgetView, CreateBudget, UpdateBudget } from '../../contracts/budget.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type BudgetQuery = QueryOf<BudgetListQuery>;
export const BUDGET_KEY = ['budgets'] as const;

export const budgetApi = {
  list: (q: BudgetQuery) => http.get<Page<BudgetView>>('/budgets', q),
  create: (body: CreateBudget) => http.post<BudgetView>('/budgets', body),
  update: (id: number, body: UpdateBudget) => http.patch<BudgetView>(`/budgets/${id}`, body),
  void: (id: number, version: number, voidReason: string) => http.post<BudgetView>(`/budgets/${id}/void`, voidBody(version, voidReason)),
  execution: (q: { year: number; townId?: number }) => http.get<BudgetExecution>('/budgets/execution', q),
  import: (form: FormData) => http.upload<{ budgets: number; lines: number }>('/budgets/import', form),
};
