// The 欺凌防治 entry (issue 22; UX.md), appended to the 学生关爱 group: shown to the school's bullying
// circle (care circle and committee members), the principal, and those who see its counts. The circle
// is per person, so the menu asks the server once, as the care menu does.
import { SafetyOutlined, HeartOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { MenuProps } from 'antd';
import { BULLYING_KEY, bullyingApi } from './bullyingApi.js';

type Item = NonNullable<MenuProps['items']>[number];

export function useBullyingMe(enabled = true) {
  return useQuery({ queryKey: [...BULLYING_KEY, 'me'], queryFn: bullyingApi.me, enabled, staleTime: 60_000, meta: { silent: true } });
}

/** The care group with 欺凌防治 appended (or a group of its own when the person is not in the care circle). */
export function useCareGroupWithBullying(care: Item | null, enabled: boolean): Item | null {
  const me = useBullyingMe(enabled).data;
  const shows = Boolean(me && (me.schools.length || me.canManage || me.canSummary));
  if (!shows) return care;
  const entry = { key: '/bullying', icon: <SafetyOutlined />, label: '欺凌防治' };
  if (care && 'children' in care && care.children) return { ...care, children: [...care.children, entry] } as Item;
  return { key: 'care', icon: <HeartOutlined />, label: '学生关爱', children: [entry] };
}
