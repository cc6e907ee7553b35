// A unit reports its progress on one task: status, a note and evidence files (过程性资料, 000 item 3).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Radio, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { progressStatusLabels, progressStatusList } from '../../contracts/plans.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors } from '../forms.js';
import { quarterLabel } from './format.js';
import { PLANS_KEY, plansApi, type TaskUnitView } from './plansApi.js';

export function ReportDrawer({ row, onClose }: { row: TaskUnitView | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();
  useEffect(() => {
    if (row) form.setFieldsValue({ status: row.status, note: row.note ?? '', fileIds: row.files.map((f) => f.id) });
  }, [row, form]);
  const save = useMutation({
    mutationFn: (v: { status: TaskUnitView['status']; note?: string; fileIds?: number[] }) => plansApi.report(row!.id, { version: row!.version, status: v.status, note: v.note || undefined, fileIds: v.fileIds ?? [] }),
    onSuccess: () => {
      message.success('进展已报送');
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, ['status', 'note', 'fileIds']),
  });
  return (
    <Drawer open={!!row} onClose={onClose} title="填报任务进展" width={520} destroyOnHidden extra={
      <Space>
        <Button onClick={onClose}>取消</Button>
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="report-save">
          报送
        </Button>
      </Space>
    }>
      {row && (
        <Typography.Paragraph>
          <Typography.Text type="secondary">
            {quarterLabel(row.quarter)} · 序号 {row.seq} · 截止 {row.dueOn}
          </Typography.Text>
          <br />
          {row.text}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="status" label="进展" rules={[{ required: true, message: '请选择进展' }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="report-status" options={progressStatusList.map((s) => ({ value: s, label: progressStatusLabels[s] }))} />
        </Form.Item>
        <Form.Item name="note" label="完成情况说明">
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="做了什么、覆盖多少、还有什么没做" data-testid="report-note" />
        </Form.Item>
        <Form.Item name="fileIds" label="过程性资料（照片、通知、签到表等）">
          <PhotoUpload files={row?.files} label="上传资料" testId="report-files" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
