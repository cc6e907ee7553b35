// The 学生关爱 menu (issue 16; UX.md): shown only to the people in the care circle or who see its
// counts. The circle is per person (named care staff, carers), not a role's permission, so the menu
// asks the server once rather than reading the person's permissions.
import { HeartOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { MenuProps } from 'antd';
import { CARE_KEY, careApi } from './careApi.js';

export function useCareMe(enabled = true) {
  return useQuery({ queryKey: [...CARE_KEY, 'me'], queryFn: careApi.me, enabled, staleTime: 60_000, meta: { silent: true } });
}

/** The menu group, or null when the person has no part in it. */
export function useCareMenu(enabled: boolean): NonNullable<MenuProps['items']>[number] | null {
  const me = useCareMe(enabled).data;
  if (!me) return null;
  const keeps = me.schools.length > 0;
  const children: NonNullable<MenuProps['items']> = [];
  if (keeps || me.canSummary) children.push({ key: '/care/screenings', icon: <SolutionOutlined />, label: '心理筛查' });
  if (keeps || me.carerOf > 0) children.push({ key: '/care/records', icon: <TeamOutlined />, label: '重点学生包靠' });
  if (!children.length) return null;
  return { key: 'care', icon: <HeartOutlined />, label: '学生关爱', children };
}
