// Client for the food safety ledger (/api/v1/food-records): the shapes come from the shared contracts.
import type { CreateFood, FoodListQuery, FoodView, UpdateFood } from '../../contracts/food.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type FoodQuery = QueryOf<FoodListQuery>;
export const FOOD_KEY = ['food-records'] as const;

export const foodApi = {
  list: (q: FoodQuery) => http.get<Page<FoodView>>('/food-records', q),
  create: (body: CreateFood) => http.post<FoodView>('/food-records', body),
  update: (id: number, body: UpdateFood) => http.patch<FoodView>(`/food-records/${id}`, body),
  void: (id: number, version: number, voidReason: string) => http.post<FoodView>(`/food-records/${id}/void`, voidBody(version, voidReason)),
};
