import { Tag } from 'antd';
import { userStatusLabels, type UserStatus } from '../../contracts/enums.js';

// Colours as in UX.md: in force green, not applicable / disabled grey, overdue and blocked red.

export function StatusTag({ status }: { status: UserStatus }) {
  return <Tag color={status === 'active' ? 'green' : 'default'}>{userStatusLabels[status]}</Tag>;
}

export function LockedTag({ locked }: { locked: boolean }) {
  return locked ? <Tag color="red">已锁定</Tag> : <span style={{ color: 'rgba(0,0,0,0.45)' }}>正常</span>;
}
