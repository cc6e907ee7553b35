import { CheckOutlined, MinusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { permissionLabels, permissions, roleLabels, unitKindLabels } from '../../contracts/enums.js';
import { api, type Role } from '../api.js';
import { PageHeader } from '../components/PageHeader.js';

const scopeLabels: Record<Role['scope'], string> = { district: '全区', areas: '全区学校（隐患限本科室负责领域）', unit: '本单位及下级' };

export default function RolesPage() {
  const roles = useQuery({ queryKey: ['roles'], queryFn: api.roles, staleTime: 10 * 60_000 });

  const columns: TableColumnsType<Role> = [
    {
      title: '角色',
      dataIndex: 'key',
      fixed: 'left',
      width: 130,
      render: (key: Role['key'], r) => <Typography.Text strong>{roleLabels[key] ?? r.name}</Typography.Text>,
    },
    {
      title: '数据范围',
      dataIndex: 'scope',
      width: 150,
      // A tag does not wrap by itself: the long scope ran over the next column (issue 17).
      render: (scope: Role['scope']) => (
        <Tag color={scope === 'unit' ? 'cyan' : 'purple'} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }} data-testid="role-scope">
          {scopeLabels[scope]}
        </Tag>
      ),
    },
    {
      title: '适用单位',
      dataIndex: 'unitKinds',
      width: 180,
      render: (kinds: Role['unitKinds']) => kinds.map((k) => unitKindLabels[k]).join('、'),
    },
    ...permissions.map((p) => ({
      title: <span style={{ fontSize: 12 }}>{permissionLabels[p]}</span>,
      key: p,
      width: 120,
      align: 'center' as const,
      render: (_: unknown, r: Role) =>
        r.permissions.includes(p) ? (
          <CheckOutlined style={{ color: '#52c41a', fontSize: 16 }} aria-label="有此权限" />
        ) : (
          <MinusOutlined style={{ color: '#d9d9d9' }} aria-label="无此权限" />
        ),
    })),
  ];

  return (
    <>
      <PageHeader title="角色权限" subTitle="各角色可使用的功能与可见的数据范围（只读）" />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title="一个人可以有多个角色：权限取各角色之和，数据范围取最大者。"
          description="“全区”可查看全区所有单位的数据；“本单位及下级”只能查看本人所在单位及其下级单位的数据。授予角色时不能超出本人的权限和范围。"
        />
        <Card size="small">
          <div data-testid="roles-table">
            <Table<Role>
              rowKey="key"
              size="middle"
              bordered
              columns={columns}
              dataSource={roles.data?.items}
              loading={roles.isPending}
              pagination={false}
              scroll={{ x: 1300 }}
            />
          </div>
        </Card>
      </Space>
    </>
  );
}
