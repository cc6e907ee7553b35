import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import type { Unit } from '../../contracts/units.js';
import { ApiError, api } from '../api.js';
import { showError } from '../feedback.js';

export function useUnitStatus() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ unit, action }: { unit: Unit; action: 'disable' | 'enable' }) => api.setUnitStatus(unit.id, action, unit.version),
    onSuccess: (unit, { action }) => {
      message.success(action === 'disable' ? `已停用“${unit.name}”` : `已启用“${unit.name}”`);
      void queryClient.invalidateQueries({ queryKey: ['units'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
    },
    onError: (err) => {
      showError(err);
      if (err instanceof ApiError && err.code === 'STALE_VERSION') void queryClient.invalidateQueries({ queryKey: ['units'] });
    },
  });
}

/** The buttons a unit's `actions` allow, and nothing else. */
export function UnitActionButtons({
  unit,
  onEdit,
  onCreateChild,
  link = false,
}: {
  unit: Unit;
  onEdit: (unit: Unit) => void;
  onCreateChild: (unit: Unit) => void;
  link?: boolean;
}) {
  const status = useUnitStatus();
  const type = link ? 'link' : 'default';
  const size = link ? 'small' : 'middle';
  const pending = status.isPending && status.variables?.unit.id === unit.id;
  return (
    <Space size={link ? 0 : 8} onClick={(e) => e.stopPropagation()} wrap>
      {unit.actions.includes('update') && (
        <Button type={type} size={size} onClick={() => onEdit(unit)} data-testid="unit-edit">
          编辑
        </Button>
      )}
      {unit.actions.includes('createChild') && (
        <Button type={type} size={size} onClick={() => onCreateChild(unit)} data-testid="unit-create-child">
          新建下级
        </Button>
      )}
      {unit.actions.includes('disable') && (
        <Popconfirm
          title={`停用“${unit.name}”？`}
          description="停用后不能在其下新建单位，也不能把人员调入该单位。须先停用其下级单位和人员账号。"
          okText="停用"
          okButtonProps={{ danger: true }}
          cancelText="取消"
          onConfirm={() => status.mutateAsync({ unit, action: 'disable' }).catch(() => undefined)}
        >
          <Button type={type} size={size} danger loading={pending} data-testid="unit-disable">
            停用
          </Button>
        </Popconfirm>
      )}
      {unit.actions.includes('enable') && (
        <Popconfirm
          title={`启用“${unit.name}”？`}
          okText="启用"
          cancelText="取消"
          onConfirm={() => status.mutateAsync({ unit, action: 'enable' }).catch(() => undefined)}
        >
          <Button type={type} size={size} loading={pending} data-testid="unit-enable">
            启用
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
