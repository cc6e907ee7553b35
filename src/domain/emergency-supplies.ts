// Emergency supplies (应急物资, 000 item 4; issue 21): per school and store, item, quantity, unit, minimum,
// location and expiry; a stock check (盘点) records the counted quantity. The rule judged on the
// compliance board: no item expired or under its minimum. Pure: plain data in, problems or measurements out.
import { addDays } from './dates.js';
import type { CheckMeasured } from './rules/ledger-check.js';

export interface SupplyRecord {
  id: number;
  unitId: number;
  item: string;
  quantity: number;
  minimum: number;
  expiresOn: string | null;
}

/** Cross-field problems of a supply: the field named, the Chinese message. */
export function supplyProblems(s: { purchasedOn?: string | null; expiresOn?: string | null }): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (s.purchasedOn && s.expiresOn && s.expiresOn < s.purchasedOn) out.push({ field: 'expiresOn', message: '有效期至不能早于购置日期' });
  return out;
}

export type SupplyState = 'ok' | 'short' | 'expired' | 'expiring';

/** An item's state on the day: expired first (it cannot be used at all), then short, then expiring within the window. */
export function supplyState(s: Pick<SupplyRecord, 'quantity' | 'minimum' | 'expiresOn'>, asOf: string, dueSoonDays = 30): SupplyState {
  if (s.expiresOn !== null && s.expiresOn < asOf) return 'expired';
  if (s.quantity < s.minimum) return 'short';
  if (s.expiresOn !== null && s.expiresOn <= addDays(asOf, dueSoonDays)) return 'expiring';
  return 'ok';
}
export const supplyStateLabels: Record<SupplyState, string> = { ok: '正常', short: '低于最低储备', expired: '已过期', expiring: '即将过期' };

/** 000 item 4 (应急物资储备): every item within its expiry and at or above its minimum. A school with no supplies registered is short. */
export function measureSupplies(supplies: readonly SupplyRecord[], asOf: string, dueSoonDays: number): CheckMeasured {
  if (supplies.length === 0) return { applicable: true, ok: false, lapsed: true, value: 0, target: 1, recordIds: [], phrase: '尚未登记应急物资' };
  const expired = supplies.filter((s) => supplyState(s, asOf) === 'expired');
  const short = supplies.filter((s) => supplyState(s, asOf) === 'short');
  if (expired.length + short.length > 0) {
    const parts = [
      ...expired.map((s) => `${s.item}已过期（${s.expiresOn}）`),
      ...short.map((s) => `${s.item}数量 ${s.quantity} 低于最低储备 ${s.minimum}`),
    ];
    return { applicable: true, ok: false, lapsed: true, value: expired.length + short.length, target: 0, recordIds: [...expired, ...short].map((s) => s.id), phrase: parts.join('；') };
  }
  const expiring = supplies.filter((s) => s.expiresOn !== null && s.expiresOn <= addDays(asOf, dueSoonDays)).sort((a, b) => a.expiresOn!.localeCompare(b.expiresOn!));
  if (expiring.length > 0) {
    const first = expiring[0]!;
    return { applicable: true, ok: false, lapsed: false, value: 0, target: 0, dueOn: first.expiresOn!, recordIds: expiring.map((s) => s.id), phrase: `${first.item}将于 ${first.expiresOn} 过期，须及时更换` };
  }
  return { applicable: true, ok: true, lapsed: false, value: 0, target: 0, recordIds: supplies.map((s) => s.id), phrase: '应急物资均在有效期内且不低于最低储备' };
}
