// Client for the district's rule pack (/api/v1/rules): the shapes come from the shared contracts.
import type { ChangeThresholds, RulePackView } from '../../contracts/rules.js';
import { http } from '../api.js';

export const RULES_KEY = ['rules'] as const;

export const rulesApi = {
  rules: (version?: number) => http.get<RulePackView>('/rules', { version }),
  changeThresholds: (body: ChangeThresholds) => http.patch<RulePackView>('/rules', body),
};
