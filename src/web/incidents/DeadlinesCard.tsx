// 规则配置 → 事件报告时限: the incidents' section of the district's rule pack (issue 13) — the first
// report, written report and follow-up deadline of each level, each with the seed it rests on and
// what the number is (the seeds say only "第一时间"); the bureau changes one level into the next
// version of the pack, with a reason (audited; someone else's change first → 409, reloaded).
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popover, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { incidentLevelLabels, type DeadlinesView } from '../../contracts/incidents.js';
import { ApiError, http } from '../api.js';
import { useCan } from '../auth.js';
import { showError } from '../feedback.js';
import { numberRule } from '../forms.js';
import { RULES_KEY } from '../rules/rulesApi.js';
import { INCIDENTS_KEY, incidentsApi } from './incidentsApi.js';

type Level = DeadlinesView['levels'][number];
type Source = Level['sources'][number];

interface EditValues {
  firstReportMinutes: number;
  writtenReportHours: number;
  followUpHours: number;
  reason: string;
}

const DEADLINES_KEY = [...INCIDENTS_KEY, 'deadlines'] as const;
const FIELDS = ['firstReportMinutes', 'writtenReportHours', 'followUpHours'] as const;

export function SourceTags({ sources }: { sources: Source[] }) {
  return (
    <Space orientation="vertical" size={2}>
      {sources.map((x, i) => (
        <Popover key={i} content={<div style={{ maxWidth: 360 }}>“{x.quote}”</div>} title={`${x.seed} ${x.item}`}>
          <Tag color="blue" style={{ cursor: 'help' }}>
            {x.seed} {x.item}
          </Tag>
        </Popover>
      ))}
    </Space>
  );
}

function EditDeadlineModal({ view, level, onClose }: { view: DeadlinesView; level: Level | null; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: EditValues) => {
      const change: { level: Level['level']; firstReportMinutes?: number; writtenReportHours?: number; followUpHours?: number } = { level: level!.level };
      for (const f of FIELDS) if (v[f] !== level![f]) change[f] = v[f];
      return http.patch<DeadlinesView>('/incidents/deadlines', { version: view.packVersion, changes: [change], reason: v.reason.trim() });
    },
    onSuccess: (next) => {
      queryClient.setQueryData(DEADLINES_KEY, next);
      void queryClient.invalidateQueries({ queryKey: RULES_KEY });
      void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY });
      message.success(`已生成规则包第 ${next.packVersion} 版，新报告时限即时生效`);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: DEADLINES_KEY });
        void queryClient.invalidateQueries({ queryKey: RULES_KEY });
        onClose();
        modal.warning({ title: '规则包已被他人修改', content: '其他人刚刚修改了规则包，已为您载入最新版本，请在最新版本上重新修改。' });
        return;
      }
      showError(err);
      // The server names changes.0.firstReportMinutes: the field is its last part.
      if (err instanceof ApiError) {
        const fields = err.fieldErrors.map((fe) => ({ name: fe.field.split('.').at(-1)!, errors: [fe.message] })).filter((f) => [...FIELDS, 'reason'].includes(f.name));
        if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      }
    },
  });
  return (
    <Modal open={!!level} title="修改事件报告时限" onCancel={onClose} okText="保存为新版本" confirmLoading={save.isPending} onOk={() => form.submit()} destroyOnHidden>
      {level && (
        <>
          <Typography.Paragraph type="secondary">
            {incidentLevelLabels[level.level]}事件。保存后生成规则包新版本（当前第 {view.packVersion} 版），此后新报告的事件按新时限计时，修改记入审计日志。
          </Typography.Paragraph>
          <Form<EditValues>
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={{ firstReportMinutes: level.firstReportMinutes, writtenReportHours: level.writtenReportHours, followUpHours: level.followUpHours, reason: '' }}
            onFinish={(v) => {
              if (FIELDS.every((f) => v[f] === level[f])) {
                form.setFields([{ name: 'firstReportMinutes', errors: ['没有修改任何内容'] }]);
                return;
              }
              save.mutate(v);
            }}
          >
            <Form.Item name="firstReportMinutes" label="首报时限" extra="从单位知悉事件起计" rules={[{ required: true, message: '请填写首报时限' }, numberRule(1, 24 * 60, { integer: true, unit: ' 分钟' })]}>
              <InputNumber precision={0} suffix="分钟" style={{ width: 200 }} data-testid="deadline-first" />
            </Form.Item>
            <Form.Item name="writtenReportHours" label="书面报告时限" rules={[{ required: true, message: '请填写书面报告时限' }, numberRule(1, 24 * 7, { integer: true, unit: ' 小时' })]}>
              <InputNumber precision={0} suffix="小时" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="followUpHours" label="续报间隔" rules={[{ required: true, message: '请填写续报间隔' }, numberRule(1, 24 * 7, { integer: true, unit: ' 小时' })]}>
              <InputNumber precision={0} suffix="小时" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="reason" label="修改原因" extra="记入审计日志" rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}>
              <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：区应急办要求一般事件 1 小时内首报" data-testid="deadline-reason" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** The deadlines in force with their sources; 修改 for whoever keeps the rule pack. */
export function DeadlinesCard({ inForce }: { inForce: boolean }) {
  const can = useCan();
  const q = useQuery({ queryKey: DEADLINES_KEY, queryFn: incidentsApi.deadlines, enabled: can('incident.read') });
  const [editing, setEditing] = useState<Level | null>(null);
  if (!can('incident.read')) return null;
  const canEdit = can('rules.manage') && inForce;
  const d = q.data;
  const columns: TableColumnsType<Level> = [
    { title: '事件等级', dataIndex: 'level', width: 100, render: (v: Level['level']) => incidentLevelLabels[v] },
    { title: '首报', dataIndex: 'firstReportMinutes', width: 100, render: (v: number) => `${v} 分钟内` },
    { title: '书面报告', dataIndex: 'writtenReportHours', width: 100, render: (v: number) => `${v} 小时内` },
    { title: '续报', dataIndex: 'followUpHours', width: 100, render: (v: number) => `每 ${v} 小时` },
    { title: '依据', dataIndex: 'sources', width: 150, render: (s: Source[]) => <SourceTags sources={s} /> },
    { title: '说明', dataIndex: 'note', render: (v?: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
    ...(canEdit
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, r: Level) => (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid="deadline-edit">
                修改
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card size="small" title={`事件报告时限（规则包第 ${d?.packVersion ?? '…'} 版现行）`} data-testid="incident-deadlines">
      <Table<Level>
        rowKey="level"
        size="middle"
        columns={columns}
        dataSource={d?.levels}
        loading={q.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'deadline-row', 'data-level': r.level }) as HTMLAttributes<HTMLElement>}
      />
      {d && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          重点时段零报告：次日 {d.dailyReport.dueNextMorningHour} 时前未报即标记。{d.dailyReport.note}
        </Typography.Paragraph>
      )}
      {d && <EditDeadlineModal view={d} level={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
