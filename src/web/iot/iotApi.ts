// Client for the IoT monitoring (/api/v1/iot, issue 17): the shapes come from the shared contracts.
import type { z } from 'zod';
import type {
  ClearIotAlert,
  CreateIotDevice,
  IotAlertListQuery,
  IotAlertView,
  IotDeviceListQuery,
  IotDeviceView,
  IotProfileFacts,
  UpdateIotDevice,
  iotAlertDetail,
  iotDeviceDetail,
  iotDeviceList,
} from '../../contracts/iot.js';
import { http, type Page } from '../api.js';
import type { QueryOf } from '../ledger/ledgerApi.js';

export type IotDeviceQuery = QueryOf<IotDeviceListQuery>;
export type IotAlertQuery = QueryOf<IotAlertListQuery>;
export type DeviceWithKey = { device: IotDeviceView; key: string };

export const IOT_KEY = ['iot'] as const;

export const iotApi = {
  devices: (q: IotDeviceQuery) => http.get<z.infer<typeof iotDeviceList>>('/iot/devices', q),
  device: (id: number) => http.get<z.infer<typeof iotDeviceDetail>>(`/iot/devices/${id}`),
  create: (body: CreateIotDevice) => http.post<DeviceWithKey>('/iot/devices', body),
  update: (id: number, body: UpdateIotDevice) => http.patch<IotDeviceView>(`/iot/devices/${id}`, body),
  rotateKey: (id: number, version: number) => http.post<DeviceWithKey>(`/iot/devices/${id}/rotate-key`, { version }),
  alerts: (q: IotAlertQuery) => http.get<Page<IotAlertView>>('/iot/alerts', q),
  alert: (id: number) => http.get<z.infer<typeof iotAlertDetail>>(`/iot/alerts/${id}`),
  clear: (id: number, body: ClearIotAlert) => http.post<IotAlertView>(`/iot/alerts/${id}/clear`, body),
  profileFacts: (schoolId: number) => http.get<IotProfileFacts>('/iot/profile-facts', { schoolId }),
};
