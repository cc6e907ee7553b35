// 预警提示: the warnings in the person's scope, newest first, with how many schools signed and reported;
// the bureau and towns issue one in a drawer. A row opens the warning (its live view, or the school's receipt).
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Progress, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { receiptStateLabels, warningKindLabels, type WarningView } from '../../contracts/warnings.js';
import { useCan, useMe } from '../auth.js';
import { PageHeader, usePageTitle } from '../components/PageHeader.js';
import { formatDateTime } from '../format.js';
import { IssueWarningDrawer } from './IssueWarningDrawer.js';
import { LevelTag, ReceiptTag, WarningStatusTag } from './tags.js';
import { WARNINGS_KEY, warningsApi } from './warningsApi.js';

export default function WarningsPage() {
  usePageTitle('预警提示');
  const can = useCan();
  const me = useMe();
  const navigate = useNavigate();
  const [status, setStatus] = useState<'open' | 'closed' | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [issuing, setIssuing] = useState(false);
  const list = useQuery({ queryKey: [...WARNINGS_KEY, 'list', status, page], queryFn: () => warningsApi.list({ status, ...page }), placeholderData: keepPreviousData });
  const school = me.unit.kind === 'school';
  const columns: TableColumnsType<WarningView> = [
    { title: '预警', dataIndex: 'title', render: (_, w) => <Link to={`/warnings/${w.id}`}>{w.title}</Link> },
    { title: '类型', dataIndex: 'kind', width: 100, render: (k: WarningView['kind']) => warningKindLabels[k] },
    { title: '等级', dataIndex: 'level', width: 110, render: (l: WarningView['level']) => <LevelTag level={l} /> },
    { title: '发布单位', dataIndex: 'issuerUnitName', width: 160 },
    { title: '发布时间', dataIndex: 'issuedAt', width: 150, render: formatDateTime },
    { title: '报送截止', dataIndex: 'deadlineAt', width: 150, render: formatDateTime },
    school
      ? { title: '本校', key: 'mine', width: 180, render: (_, w) => (w.mine ? <ReceiptTag state={w.mine.state} overdue={w.mine.overdue} /> : receiptStateLabels.missing) }
      : {
          title: '签收 / 上报',
          key: 'progress',
          width: 220,
          render: (_, w) => (
            <Space orientation="vertical" size={0} style={{ width: '100%' }}>
              <Progress percent={w.targets ? Math.round((w.signed / w.targets) * 100) : 0} size="small" format={() => `签收 ${w.signed}/${w.targets}`} />
              <Progress percent={w.targets ? Math.round((w.reported / w.targets) * 100) : 0} size="small" status="success" format={() => `上报 ${w.reported}/${w.targets}`} />
            </Space>
          ),
        },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: WarningView['status']) => <WarningStatusTag status={s} /> },
  ];
  return (
    <>
      <PageHeader
        title="预警提示"
        subTitle="000 第10条：及时发布安全预警提示，学校签收并上报落实情况"
        extra={
          can('warning.issue') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="warning-issue">
              发布预警
            </Button>
          )
        }
      />
      <Card>
        <Space style={{ marginBottom: 16 }} wrap>
          <Select
            allowClear
            placeholder="状态"
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'open', label: '进行中' },
              { value: 'closed', label: '已关闭' },
            ]}
            style={{ minWidth: 120 }}
          />
        </Space>
        <Table<WarningView>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={can('warning.issue') ? '暂无预警。遇台风、暴雨等天气，点击右上角“发布预警”下发到学校' : '暂无预警提示。上级发布预警后会在这里和铃铛中提醒您签收'} /> }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, pageSizeOptions: [20, 50, 100], showSizeChanger: true, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          data-testid="warnings-table"
        />
      </Card>
      <IssueWarningDrawer open={issuing} onClose={() => setIssuing(false)} onIssued={(w) => navigate(`/warnings/${w.id}`)} />
    </>
  );
}
