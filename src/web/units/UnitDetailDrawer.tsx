import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Descriptions, Drawer, Empty, Result, Skeleton, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { Link } from 'react-router';
import { ownershipLabels, safetyAreaLabels, schoolStageLabels, unitKindLabels } from '../../contracts/enums.js';
import type { Unit } from '../../contracts/units.js';
import { ApiError, api } from '../api.js';
import { useCan } from '../auth.js';
import { StatusTag } from '../components/StatusTag.js';
import { formatDateTime, orDash, withUnit, yesNo } from '../format.js';
import { UnitActionButtons } from './UnitActions.js';

export function useUnitDetail(id: number | null) {
  return useQuery({
    queryKey: ['units', 'detail', id],
    queryFn: () => api.unit(id!),
    enabled: id !== null,
    meta: { silent: true },
  });
}

export function UnitDetailDrawer({
  unitId,
  onClose,
  onEdit,
  onCreateChild,
}: {
  unitId: number | null;
  onClose: () => void;
  onEdit: (unit: Unit) => void;
  onCreateChild: (unit: Unit) => void;
}) {
  const can = useCan();
  const detail = useUnitDetail(unitId);
  const u = detail.data;

  const items: DescriptionsProps['items'] = [];
  if (u) {
    items.push(
      { key: 'kind', label: '单位类型', children: unitKindLabels[u.kind] },
      { key: 'code', label: '单位编码', children: orDash(u.code) },
      { key: 'status', label: '状态', children: <StatusTag status={u.status} /> },
    );
    if (u.kind === 'school') {
      items.push(
        { key: 'stage', label: '学段', children: u.stage ? schoolStageLabels[u.stage] : '—' },
        { key: 'ownership', label: '办学性质', children: u.ownership ? ownershipLabels[u.ownership] : '—' },
        { key: 'boarding', label: '寄宿制学校', children: yesNo(u.boarding) },
        { key: 'schoolBus', label: '使用校车', children: yesNo(u.schoolBus) },
        { key: 'rural', label: '农村学校', children: yesNo(u.rural) },
        { key: 'shelter', label: '应急疏散安置学校', children: yesNo(u.shelter) },
        { key: 'gateCount', label: '校门数', children: withUnit(u.gateCount, '个') },
        { key: 'studentCount', label: '学生数', children: withUnit(u.studentCount, '人') },
        { key: 'staffCount', label: '教职工数', children: withUnit(u.staffCount, '人') },
      );
    }
    items.push({ key: 'principal', label: u.kind === 'school' ? '校长' : '负责人', children: orDash(u.principalName) });
    items.push({ key: 'phone', label: '联系电话', children: orDash(u.contactPhone) });
    items.push({ key: 'address', label: '地址', span: 2, children: orDash(u.address) });
    if (u.kind === 'department') {
      items.push({
        key: 'areas',
        label: '负责安全领域',
        span: 2,
        children: u.areas.length ? (
          <Space size={[4, 4]} wrap>
            {u.areas.map((a) => (
              <Tag key={a} color="geekblue">
                {safetyAreaLabels[a]}
              </Tag>
            ))}
          </Space>
        ) : (
          '未设置'
        ),
      });
    }
    items.push(
      { key: 'childCount', label: '直属下级单位', children: withUnit(u.childCount, '个') },
      {
        key: 'userCount',
        label: '人员账号',
        children: can('user.read') ? <Link to={`/users?unitId=${u.id}`}>{withUnit(u.userCount, '人')}</Link> : withUnit(u.userCount, '人'),
      },
      { key: 'createdAt', label: '创建时间', children: formatDateTime(u.createdAt) },
      { key: 'updatedAt', label: '最后修改', children: formatDateTime(u.updatedAt) },
    );
  }

  return (
    <Drawer
      open={unitId !== null}
      onClose={onClose}
      size={640}
      title={u ? <Space>{u.name}</Space> : '单位详情'}
      extra={u && <UnitActionButtons unit={u} onEdit={onEdit} onCreateChild={onCreateChild} />}
    >
      {detail.isPending && unitId !== null ? (
        <Skeleton active />
      ) : detail.isError ? (
        <Result status="warning" title={detail.error instanceof ApiError ? detail.error.message : '无法加载单位详情'} />
      ) : u ? (
        <div data-testid="unit-detail">
          <Breadcrumb
            style={{ marginBottom: 16 }}
            items={[...u.ancestors.map((a) => ({ title: a.name })), { title: <Typography.Text strong>{u.name}</Typography.Text> }]}
          />
          <Descriptions bordered size="small" column={2} items={items} styles={{ label: { width: 120 } }} />
        </div>
      ) : (
        <Empty />
      )}
    </Drawer>
  );
}
