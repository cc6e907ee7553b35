// Client for the school bus ledger (/api/v1/school-buses, /bus-drivers, /bus-routes, /bus-checks).
import type {
  BusListQuery,
  BusView,
  CheckHazard,
  CheckListQuery,
  CheckView,
  CreateBus,
  CreateCheck,
  CreateDriver,
  CreateRoute,
  DriverListQuery,
  DriverView,
  RouteListQuery,
  RouteView,
  UpdateBus,
  UpdateCheck,
  UpdateDriver,
  UpdateRoute,
} from '../../contracts/buses.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type BusQuery = QueryOf<BusListQuery>;
export type DriverQuery = QueryOf<DriverListQuery>;
export type RouteQuery = QueryOf<RouteListQuery>;
export type CheckQuery = QueryOf<CheckListQuery>;

/** One key for the four lists: a check names its bus and driver, a route its bus. */
export const BUSES_KEY = ['school-buses'] as const;

export const busesApi = {
  buses: (q: BusQuery) => http.get<Page<BusView>>('/school-buses', q),
  createBus: (body: CreateBus) => http.post<BusView>('/school-buses', body),
  updateBus: (id: number, body: UpdateBus) => http.patch<BusView>(`/school-buses/${id}`, body),
  voidBus: (id: number, version: number, reason: string) => http.post<BusView>(`/school-buses/${id}/void`, voidBody(version, reason)),
  drivers: (q: DriverQuery) => http.get<Page<DriverView>>('/bus-drivers', q),
  createDriver: (body: CreateDriver) => http.post<DriverView>('/bus-drivers', body),
  updateDriver: (id: number, body: UpdateDriver) => http.patch<DriverView>(`/bus-drivers/${id}`, body),
  voidDriver: (id: number, version: number, reason: string) => http.post<DriverView>(`/bus-drivers/${id}/void`, voidBody(version, reason)),
  routes: (q: RouteQuery) => http.get<Page<RouteView>>('/bus-routes', q),
  createRoute: (body: CreateRoute) => http.post<RouteView>('/bus-routes', body),
  updateRoute: (id: number, body: UpdateRoute) => http.patch<RouteView>(`/bus-routes/${id}`, body),
  voidRoute: (id: number, version: number, reason: string) => http.post<RouteView>(`/bus-routes/${id}/void`, voidBody(version, reason)),
  checks: (q: CheckQuery) => http.get<Page<CheckView>>('/bus-checks', q),
  createCheck: (body: CreateCheck) => http.post<CheckView>('/bus-checks', body),
  updateCheck: (id: number, body: UpdateCheck) => http.patch<CheckView>(`/bus-checks/${id}`, body),
  voidCheck: (id: number, version: number, reason: string) => http.post<CheckView>(`/bus-checks/${id}/void`, voidBody(version, reason)),
  raiseHazard: (id: number, body: CheckHazard) => http.post<CheckView>(`/bus-checks/${id}/hazard`, body),
};
