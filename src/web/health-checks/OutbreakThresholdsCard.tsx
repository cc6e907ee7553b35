// 疑似聚集性疫情判定: the daily health checks' outbreak signal as a section of the rule pack (issue 15
// item 8; 001 item 16), shown on 规则配置 beside the rules; the bureau changes the numbers into a new
// version of the pack (409 when someone else changed the pack first), the reason in the audit trail.
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popover, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ChangeOutbreakThresholds, OutbreakThresholdsView } from '../../contracts/health-checks.js';
import { ApiError, http } from '../api.js';
import { useCan } from '../auth.js';
import { applyServerErrors, numberRule } from '../forms.js';

const KEY = ['health-checks', 'outbreak-thresholds'] as const;
const FIELDS = ['classCases', 'schoolCases', 'schoolDays', 'reason'] as const;
type Values = { classCases: number; schoolCases: number; schoolDays: number; reason: string };

/** onChanged: the page refreshes its rule pack (a change makes a new version). */
/** The thresholds in force, for the record form's hint and the page's banner. */
export const useOutbreakThresholds = () => useQuery({ queryKey: KEY, queryFn: () => http.get<OutbreakThresholdsView>('/health-checks/outbreak-thresholds'), staleTime: 60_000 });

/** 同一症状一个班一天 3 人以上、全校 3 天内 5 人以上 */
export const outbreakRuleText = (t: Pick<OutbreakThresholdsView, 'classCases' | 'schoolCases' | 'schoolDays'>) =>
  `同一症状一个班一天 ${t.classCases} 人以上、全校 ${t.schoolDays} 天内 ${t.schoolCases} 人以上`;

export function OutbreakThresholdsCard({ onChanged }: { onChanged: () => void }) {
  const can = useCan();
  const q = useOutbreakThresholds();
  const [open, setOpen] = useState(false);
  const t = q.data;
  if (!t) return null;
  return (
    <Card
      size="small"
      title="晨午检：疑似聚集性疫情判定"
      extra={
        can('rules.manage') && (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="outbreak-edit">
            修改
          </Button>
        )
      }
      data-testid="outbreak-thresholds"
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="单个班级">同一症状 1 天内 ≥ {t.classCases} 人</Descriptions.Item>
        <Descriptions.Item label="全校累计">
          同一症状 {t.schoolDays} 天内 ≥ {t.schoolCases} 人
        </Descriptions.Item>
        <Descriptions.Item label="依据">
          <Space size={4} wrap>
            {t.sources.map((x, i) => (
              <Popover key={i} content={<div style={{ maxWidth: 360 }}>“{x.quote}”</div>} title={`${x.seed} ${x.item}`}>
                <Tag color="blue" style={{ cursor: 'help' }}>
                  {x.seed} {x.item}
                </Tag>
              </Popover>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {t.notes.map((n) => (
        <Typography.Paragraph key={n} type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
          {n}
        </Typography.Paragraph>
      ))}
      <EditModal open={open} t={t} onClose={() => setOpen(false)} onChanged={onChanged} />
    </Card>
  );
}

function EditModal({ open, t, onClose, onChanged }: { open: boolean; t: OutbreakThresholdsView; onClose: () => void; onChanged: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: ChangeOutbreakThresholds = { version: t.packVersion, reason: v.reason.trim() };
      if (v.classCases !== t.classCases) body.classCases = v.classCases;
      if (v.schoolCases !== t.schoolCases) body.schoolCases = v.schoolCases;
      if (v.schoolDays !== t.schoolDays) body.schoolDays = v.schoolDays;
      return http.patch<OutbreakThresholdsView>('/health-checks/outbreak-thresholds', body);
    },
    onSuccess: (next) => {
      queryClient.setQueryData(KEY, next);
      onChanged();
      message.success(`已生成规则包第 ${next.packVersion} 版，晨午检按新人数判定疑似聚集性疫情`);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: KEY });
        onChanged();
        onClose();
        modal.warning({ title: '规则包已被他人修改', content: '其他人刚刚修改了规则包，已为您载入最新版本，请在最新版本上重新修改。' });
        return;
      }
      applyServerErrors(form, err, FIELDS);
    },
  });
  return (
    <Modal open={open} title="修改疑似聚集性疫情判定人数" onCancel={onClose} okText="保存为新版本" confirmLoading={save.isPending} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">保存后生成规则包新版本（当前第 {t.packVersion} 版），旧版本保留可查，修改记入审计日志。</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ classCases: t.classCases, schoolCases: t.schoolCases, schoolDays: t.schoolDays, reason: '' }}
        onFinish={(v) => {
          if (v.classCases === t.classCases && v.schoolCases === t.schoolCases && v.schoolDays === t.schoolDays) {
            form.setFields([{ name: 'classCases', errors: ['没有修改任何内容'] }]);
            return;
          }
          save.mutate(v);
        }}
      >
        <Form.Item name="classCases" label="单个班级 1 天内同一症状人数" rules={[{ required: true, message: '请填写人数' }, numberRule(2, 100, { integer: true, unit: ' 人' })]}>
          <InputNumber precision={0} suffix="人" style={{ width: 200 }} data-testid="outbreak-class-cases" />
        </Form.Item>
        <Form.Item name="schoolCases" label="全校累计同一症状人数" rules={[{ required: true, message: '请填写人数' }, numberRule(2, 1000, { integer: true, unit: ' 人' })]}>
          <InputNumber precision={0} suffix="人" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="schoolDays" label="全校累计天数" extra="含当天在内的连续天数" rules={[{ required: true, message: '请填写天数' }, numberRule(1, 14, { integer: true, unit: ' 天' })]}>
          <InputNumber precision={0} suffix="天" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reason" label="修改原因" extra="记入审计日志" rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：本区流感高发季，单个班级 2 人即提示" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
