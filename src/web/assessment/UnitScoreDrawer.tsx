// A unit's score opened down to its records: each indicator's points and the records behind them
// (hazards, compliance periods, self-checks, staff trained, letters), the veto, a town's schools,
// and the bureau's adjustment beside the computed score (with its written reason, who and when).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Collapse, Descriptions, Drawer, Empty, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { adjustBody, assessedKindLabels, type UnitScoreView } from '../../contracts/assessment.js';
import { ApiError } from '../api.js';
import { formatDateTime } from '../format.js';
import { applyServerErrors, zodRule, numberRule } from '../forms.js';
import { ASSESSMENT_KEY, assessmentApi } from './assessmentApi.js';
import { GradeTag } from './GradeTag.js';

const itemKindLabels: Record<string, string> = {
  compliance_period: '规则时段',
  hazard: '隐患',
  campaign_self_check: '专项自查',
  weekly_return: '周报',
  staff_member: '教职工',
  letter: '责任书',
  incident: '突发事件',
  task: '工作任务',
};

export function UnitScoreDrawer({ year, unitId, onClose, onOpenUnit }: { year: number; unitId: number | undefined; onClose: () => void; onOpenUnit: (id: number) => void }) {
  const q = useQuery({ queryKey: [...ASSESSMENT_KEY, 'unit', year, unitId], queryFn: () => assessmentApi.unit(unitId!, year), enabled: !!unitId });
  const d = q.data;
  const [adjusting, setAdjusting] = useState(false);
  return (
    <Drawer open={!!unitId} onClose={onClose} width={860} title={d ? `${d.row.unitName} · ${year}年度考核得分` : '考核得分'} destroyOnHidden>
      {q.isError && <Alert type="error" message={(q.error as Error).message} />}
      {d && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label="类别">{assessedKindLabels[d.row.kind]}</Descriptions.Item>
            <Descriptions.Item label="等次">
              <GradeTag grade={d.row.grade} vetoed={d.row.vetoed} />
            </Descriptions.Item>
            <Descriptions.Item label="计算得分">
              <span data-testid="computed-score">{d.row.score ?? '暂无数据'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="最终得分">
              <b data-testid="final-score">{d.row.finalScore ?? '—'}</b>
            </Descriptions.Item>
            {d.row.adjustedScore !== null && (
              <Descriptions.Item label="局调整" span={2}>
                <Space direction="vertical" size={0}>
                  <span>
                    调整为 <b>{d.row.adjustedScore}</b> 分（{d.row.adjustedByName}，{d.row.adjustedAt ? formatDateTime(d.row.adjustedAt) : ''}）
                  </span>
                  <span data-testid="adjustment-reason">理由：{d.row.adjustmentReason}</span>
                </Space>
              </Descriptions.Item>
            )}
            {d.row.kind === 'school' && (
              <Descriptions.Item label="排名" span={2}>
                学段内第 {d.row.rankInStage ?? '—'} 名，镇街内第 {d.row.rankInTown ?? '—'} 名
              </Descriptions.Item>
            )}
          </Descriptions>
          {d.veto.length > 0 && (
            <Alert type="error" showIcon message="一票否决（001 第27条）" description={d.veto.map((v) => v.label).join('；')} />
          )}
          {d.mayAdjust && (
            <Button onClick={() => setAdjusting(true)} data-testid="adjust-score">
              调整得分
            </Button>
          )}
          {d.row.kind === 'town' ? (
            <Table
              size="small"
              rowKey="unitId"
              pagination={false}
              dataSource={d.schools}
              locale={{ emptyText: '该镇街没有参评学校' }}
              columns={[
                { title: '学校', dataIndex: 'unitName', render: (n: string, s) => <a onClick={() => onOpenUnit(s.unitId)}>{n}</a> },
                { title: '最终得分', dataIndex: 'finalScore', render: (v: number | null) => v ?? '暂无数据' },
                { title: '等次', dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
              ]}
            />
          ) : (
            <Collapse
              data-testid="indicator-list"
              items={d.indicators.map((ind) => ({
                key: ind.code,
                label: (
                  <Space>
                    <span>{ind.label}</span>
                    {ind.figure.hasData ? (
                      <Tag color="blue">
                        {ind.figure.points} / {ind.weight} 分
                      </Tag>
                    ) : (
                      <Tag>暂无数据</Tag>
                    )}
                    <Typography.Text type="secondary">{ind.figure.note}</Typography.Text>
                  </Space>
                ),
                children: <EvidenceTable items={ind.items} total={ind.itemsTotal} hasData={ind.figure.hasData} />,
              }))}
            />
          )}
          <AdjustModal open={adjusting} year={year} view={d} onClose={() => setAdjusting(false)} />
        </Space>
      )}
    </Drawer>
  );
}

function EvidenceTable({ items, total, hasData }: { items: UnitScoreView['indicators'][number]['items']; total: number; hasData: boolean }) {
  if (!hasData && items.length === 0) return <Empty description="暂无数据：该项数据来源尚未接入或本年度无应考核事项" />;
  return (
    <>
      {total > items.length && <Typography.Paragraph type="secondary">共 {total} 条，显示未达标在前的 {items.length} 条。</Typography.Paragraph>}
      <Table
        size="small"
        rowKey={(r) => `${r.kind}:${r.id}`}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={items}
        locale={{ emptyText: '本年度没有应考核的记录' }}
        columns={[
          { title: '结果', dataIndex: 'ok', width: 80, render: (ok: boolean) => (ok ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>) },
          { title: '类别', dataIndex: 'kind', width: 90, render: (k: string) => itemKindLabels[k] ?? k },
          { title: '记录', dataIndex: 'label' },
          { title: '日期', dataIndex: 'on', width: 110, render: (v: string | null) => v ?? '—' },
          { title: '说明', dataIndex: 'note', render: (v?: string) => (v ?? '').split('|').pop() },
        ]}
      />
    </>
  );
}

function AdjustModal({ open, year, view, onClose }: { open: boolean; year: number; view: UnitScoreView; onClose: () => void }) {
  const [form] = Form.useForm<{ adjustedScore: number | null; reason: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: { adjustedScore: number | null; reason: string }) => assessmentApi.adjust(view.row.unitId, { year, version: view.row.version, adjustedScore: v.adjustedScore ?? null, reason: v.reason }),
    onSuccess: () => {
      message.success('已调整，调整理由已记录');
      void qc.invalidateQueries({ queryKey: ASSESSMENT_KEY });
      onClose();
    },
    onError: (err) => {
      // The message is shown, a field's under the field; a stale version reloads the score.
      applyServerErrors(form, err, ['adjustedScore', 'reason']);
      if (err instanceof ApiError && err.status === 409) void qc.invalidateQueries({ queryKey: ASSESSMENT_KEY });
    },
  });
  return (
    <Modal open={open} title={`调整 ${view.row.unitName} 的得分`} okText="确认调整" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">计算得分 {view.row.score ?? '暂无'} 分。调整后的得分与理由、调整人一并显示在计算得分旁，并记入审计日志；清空分数即撤回调整。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ adjustedScore: view.row.adjustedScore, reason: '' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="adjustedScore" label="调整后分数" rules={[numberRule(0, 100)]}>
          <InputNumber step={0.5} style={{ width: 160 }} addonAfter="分" />
        </Form.Item>
        <Form.Item name="reason" label="调整理由" rules={[zodRule(adjustBody.shape.reason, { required: true })]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="写明调整的依据，如复核情况、材料编号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
