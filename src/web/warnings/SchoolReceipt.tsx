// A school's receipt of a warning, made for a phone: one big 签收 button, then each required action
// done or not (why not), with photos from the camera, and one 上报 (000 item 10).
import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, List, Radio, Result, Space, Tag, Typography } from 'antd';
import { requiredActionLabels, type RequiredAction, type WarningView } from '../../contracts/warnings.js';
import { FileList } from '../components/FileList.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors } from '../forms.js';
import { formatDateTime } from '../format.js';
import { WARNINGS_KEY, warningsApi } from './warningsApi.js';

interface Values {
  actionResults: { action: RequiredAction; done?: boolean; note?: string; fileIds?: number[] }[];
  reportNote?: string;
}

export function SchoolReceipt({ w }: { w: WarningView }) {
  const mine = w.mine!;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const settle = (next: WarningView) => {
    qc.setQueryData([...WARNINGS_KEY, 'one', w.id], next);
    qc.invalidateQueries({ queryKey: WARNINGS_KEY });
  };
  const sign = useMutation({ mutationFn: () => warningsApi.sign(w.id), onSuccess: (next) => (message.success('已签收'), settle(next)) });
  const report = useMutation({
    mutationFn: (v: Values) =>
      warningsApi.report(w.id, {
        version: mine.version ?? 1,
        reportNote: v.reportNote || null,
        actionResults: v.actionResults.map((r) => ({ action: r.action, done: !!r.done, note: r.note || null, fileIds: r.fileIds ?? [] })),
      }),
    onSuccess: (next) => (message.success('落实情况已上报'), settle(next)),
    onError: (err) => applyServerErrors(form, err, ['actionResults', 'reportNote']),
  });
  const big = { size: 'large' as const, block: true, style: { minHeight: 52, fontSize: 18 } };

  if (mine.state === 'missing') {
    return (
      <Card title="本校签收" data-testid="warning-receipt">
        {w.status === 'open' ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type={mine.overdue ? 'danger' : 'secondary'}>
              请于 {formatDateTime(w.signDueAt)} 前签收{mine.overdue ? '（已超时，请立即签收）' : ''}
            </Typography.Text>
            <Button type="primary" {...big} loading={sign.isPending} disabled={!w.allowed.includes('sign')} onClick={() => sign.mutate()} data-testid="warning-sign">
              签收
            </Button>
          </Space>
        ) : (
          <Result status="warning" title="该预警已关闭，本校未签收" />
        )}
      </Card>
    );
  }
  if (mine.state === 'reported') {
    return (
      <Card title="本校落实情况" data-testid="warning-receipt">
        <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
          <Descriptions.Item label="签收">{`${mine.signedByName} ${formatDateTime(mine.signedAt)}`}</Descriptions.Item>
          <Descriptions.Item label="上报">
            <span data-testid="warning-reported">{`${mine.reportedByName} ${formatDateTime(mine.reportedAt)}`}</span>
          </Descriptions.Item>
          {mine.reportNote && <Descriptions.Item label="情况说明">{mine.reportNote}</Descriptions.Item>}
        </Descriptions>
        <List
          dataSource={mine.results}
          renderItem={(r) => (
            <List.Item>
              <Space orientation="vertical" size={4}>
                <Space>
                  {r.done ? <Tag color="green">已落实</Tag> : <Tag color="red">未落实</Tag>}
                  {requiredActionLabels[r.action]}
                </Space>
                {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
                {r.files.length > 0 && <FileList files={r.files} />}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    );
  }
  return (
    <Card title={`上报落实情况（已于 ${formatDateTime(mine.signedAt)} 签收）`} data-testid="warning-receipt">
      {w.status !== 'open' ? (
        <Result status="warning" title="该预警已关闭，不能再上报" />
      ) : (
        <Form<Values> form={form} layout="vertical" initialValues={{ actionResults: mine.required.map((action) => ({ action, done: true, fileIds: [] })) }} onFinish={(v) => report.mutate(v)}>
          <Form.List name="actionResults">
            {(fields) =>
              fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 12 }} title={requiredActionLabels[mine.required[i]]}>
                  {/* Registered so that onFinish sends which requirement each answer is for. */}
                  <Form.Item name={[f.name, 'action']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[f.name, 'done']} style={{ marginBottom: 8 }}>
                    <Radio.Group optionType="button" buttonStyle="solid" size="large" options={[{ value: true, label: '已落实' }, { value: false, label: '未落实' }]} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const done = form.getFieldValue(['actionResults', f.name, 'done']);
                      return (
                        <Form.Item name={[f.name, 'note']} rules={done === false ? [{ required: true, whitespace: true, message: '未落实的要求请说明原因' }] : []} style={{ marginBottom: 8 }}>
                          <Input.TextArea rows={2} placeholder={done === false ? '请说明原因（如：本校无危棚简屋）' : '选填：做了什么'} maxLength={500} />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                  <Form.Item name={[f.name, 'fileIds']} style={{ marginBottom: 0 }}>
                    <PhotoUpload unitId={mine.schoolId} label="拍照" testId={`warning-photo-${i}`} />
                  </Form.Item>
                </Card>
              ))
            }
          </Form.List>
          <Form.Item name="reportNote" label="情况说明">
            <Input.TextArea rows={3} maxLength={2000} placeholder="选填" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<CheckCircleOutlined />} {...big} loading={report.isPending} data-testid="warning-report-submit">
            上报落实情况
          </Button>
        </Form>
      )}
    </Card>
  );
}
