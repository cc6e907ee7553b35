// 考核方案: the district's indicators for a year — name, source, weight, scoring — and the grade
// thresholds. Each save is a new version with a written reason (audited, like rule packs); the
// weights must sum to 100 (the sum is shown as it is typed and checked again by the server).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect } from 'react';
import { assessmentSourceLabels, assessmentSources, type IndicatorInput } from '../../contracts/assessment.js';
import { ApiError } from '../api.js';
import { formatDateTime } from '../format.js';
import { ASSESSMENT_KEY, assessmentApi } from './assessmentApi.js';
import { numberRule } from '../forms.js';

interface Values {
  indicators: IndicatorInput[];
  grades: { excellent: number; good: number; pass: number };
  reason: string;
}

export function SchemeDrawer({ year, open, onClose }: { year: number; open: boolean; onClose: () => void }) {
  const q = useQuery({ queryKey: [...ASSESSMENT_KEY, 'scheme', year], queryFn: () => assessmentApi.scheme(year), enabled: open });
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const s = q.data;
  useEffect(() => {
    if (s && open) form.setFieldsValue({ indicators: s.indicators, grades: s.grades, reason: '' });
  }, [s, open, form]);
  const indicators = Form.useWatch('indicators', form) ?? [];
  const sum = Math.round(indicators.reduce((a, i) => a + (Number(i?.weight) || 0), 0) * 100) / 100;

  const save = useMutation({
    mutationFn: (v: Values) => assessmentApi.saveScheme({ year, version: s?.version ? s.version : undefined, ...v }),
    onSuccess: (r) => {
      message.success(`已保存为第 ${r.version} 版`);
      void qc.invalidateQueries({ queryKey: ASSESSMENT_KEY });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.fieldErrors.length) {
        form.setFields(err.fieldErrors.filter((f) => f.field === 'reason').map((f) => ({ name: 'reason', errors: [f.message] })));
      }
      if (err instanceof ApiError && err.status === 409) void qc.invalidateQueries({ queryKey: ASSESSMENT_KEY });
      message.error((err as Error).message);
    },
  });

  const editable = !!s?.mayManage;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={920}
      title={`${year} 年度考核方案${s?.version ? `（第 ${s.version} 版）` : '（未保存，以下为默认方案）'}`}
      destroyOnHidden
      extra={
        editable && (
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="save-scheme">
            保存为新版本
          </Button>
        )
      }
    >
      <Form form={form} layout="vertical" disabled={!editable} onFinish={(v) => save.mutate(v)}>
        <Form.List name="indicators">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                columns={[
                  {
                    title: '指标',
                    render: (_, f) => (
                      <>
                        <Form.Item name={[f.name, 'code']} hidden>
                          <Input />
                        </Form.Item>
                        <Form.Item name={[f.name, 'label']} noStyle rules={[{ required: true, message: '请填写指标名称' }]}>
                          <Input maxLength={60} />
                        </Form.Item>
                      </>
                    ),
                  },
                  {
                    title: '数据来源',
                    width: 280,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'source']} noStyle>
                        <Select options={assessmentSources.map((x) => ({ value: x, label: assessmentSourceLabels[x] }))} style={{ width: '100%' }} />
                      </Form.Item>
                    ),
                  },
                  { title: '权重', width: 100, render: (_, f) => <Form.Item name={[f.name, 'weight']} noStyle rules={[numberRule(0, 100)]}><InputNumber step={0.5} data-testid={`weight-${f.name}`} /></Form.Item> },
                  {
                    title: '计分方式',
                    width: 190,
                    render: (_, f) => (
                      <Space.Compact>
                        <Form.Item name={[f.name, 'scoring', 'kind']} noStyle>
                          <Select style={{ width: 100 }} options={[{ value: 'ratio', label: '按比例' }, { value: 'deduct', label: '逐项扣分' }]} />
                        </Form.Item>
                        <Form.Item noStyle shouldUpdate>
                          {() =>
                            form.getFieldValue(['indicators', f.name, 'scoring', 'kind']) === 'deduct' ? (
                              <Form.Item name={[f.name, 'scoring', 'perItem']} noStyle initialValue={5} rules={[numberRule(0, 100)]}>
                                <InputNumber style={{ width: 80 }} addonAfter="分/项" />
                              </Form.Item>
                            ) : null
                          }
                        </Form.Item>
                      </Space.Compact>
                    ),
                  },
                  { title: '', width: 60, render: (_, f) => editable && <a onClick={() => remove(f.name)}>删除</a> },
                ]}
              />
              {/* The code is what the scores are stored under: a new indicator gets one from its position. */}
              {editable && (
                <Button style={{ marginTop: 8 }} onClick={() => add({ code: `custom_${Date.now() % 100000}`, label: '', source: 'compliance', weight: 0, scoring: { kind: 'ratio' } })}>
                  添加指标
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Typography.Paragraph style={{ marginTop: 12 }}>
          权重合计：
          <Tag color={sum === 100 ? 'green' : 'red'} data-testid="weight-sum">
            {sum}
          </Tag>
          {sum !== 100 && <Typography.Text type="danger">各项指标权重之和须为 100</Typography.Text>}
        </Typography.Paragraph>
        <Space wrap>
          <Form.Item name={['grades', 'excellent']} label="优秀 ≥" rules={[numberRule(0, 100)]}>
            <InputNumber addonAfter="分" />
          </Form.Item>
          <Form.Item name={['grades', 'good']} label="良好 ≥" rules={[numberRule(0, 100)]}>
            <InputNumber addonAfter="分" />
          </Form.Item>
          <Form.Item name={['grades', 'pass']} label="合格 ≥" rules={[numberRule(0, 100)]}>
            <InputNumber addonAfter="分" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">一票否决（001 第27条）：发生安全责任事故或瞒报事件的单位，无论得分均评为不合格。未接入数据的指标显示“暂无数据”，不计分，得分按有数据的指标折算为百分制。</Typography.Paragraph>
        {editable && (
          <Form.Item name="reason" label="修改原因" rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}>
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
        )}
      </Form>
      {!!s?.history.length && (
        <>
          <Typography.Title level={5}>版本记录</Typography.Title>
          <Timeline
            items={s.history.map((h) => ({
              children: (
                <span>
                  第 {h.version} 版 · {h.savedByName} · {formatDateTime(h.savedAt)}：{h.reason}
                </span>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
