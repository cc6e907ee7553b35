// One modal for every change of the rule pack on 规则配置 (a rule's threshold, the incidents' reporting
// deadlines, the risk review cadence): the numbers, a reason for the audit trail, 保存为新版本. It
// refuses a change that changes nothing, puts the server's field errors under their fields, and when
// someone else changed the pack first (409) reloads what the caller names and says so.
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api.js';
import { showError } from '../feedback.js';

export interface PackChangeValues {
  reason: string;
}

export interface PackChangeModalProps<V extends PackChangeValues, T> {
  open: boolean;
  title: string;
  /** What is changed and where it comes from; the modal adds the version sentence. */
  intro?: ReactNode;
  /** The pack version in force, as read. */
  packVersion: number;
  /** The numbers as shown (the reason starts empty). */
  initialValues: Omit<V, 'reason'>;
  /** The form's number fields: a server error naming `changes.0.<field>` or `<group>.<field>` lands under `<field>`. */
  fields: readonly string[];
  /** True when the values change nothing (refused under the first field). */
  unchanged: (v: V) => boolean;
  save: (v: V) => Promise<T>;
  /** The caller's caches after a save; returns the success message. */
  onSaved: (next: T) => string;
  /** What to reload when the pack was changed by someone else. */
  staleKeys: QueryKey[];
  reasonPlaceholder: string;
  reasonTestId?: string;
  onClose: () => void;
  /** The number fields (Form.Items named as in `fields`). */
  children: ReactNode;
}

export function PackChangeModal<V extends PackChangeValues, T>(p: PackChangeModalProps<V, T>) {
  const [form] = Form.useForm<V>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: p.save,
    onSuccess: (next) => {
      message.success(p.onSaved(next));
      p.onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        for (const queryKey of p.staleKeys) void queryClient.invalidateQueries({ queryKey });
        p.onClose();
        modal.warning({ title: '规则包已被他人修改', content: '其他人刚刚修改了规则包，已为您载入最新版本，请在最新版本上重新修改。' });
        return;
      }
      showError(err);
      // The server names a field by its place in the body (changes.0.min, days.red): the form's is the last part.
      if (err instanceof ApiError) {
        const known = [...p.fields, 'reason'];
        const byField = new Map<string, string[]>();
        for (const fe of err.fieldErrors) {
          const name = fe.field.split('.').at(-1)!;
          if (known.includes(name)) byField.set(name, [...(byField.get(name) ?? []), fe.message]);
        }
        if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name, errors })) as Parameters<typeof form.setFields>[0]);
      }
    },
  });
  return (
    <Modal open={p.open} title={p.title} onCancel={p.onClose} okText="保存为新版本" confirmLoading={save.isPending} onOk={() => form.submit()} destroyOnHidden>
      {p.open && (
        <>
          <Typography.Paragraph type="secondary">
            {p.intro}
            保存后生成规则包新版本（当前第 {p.packVersion} 版），旧版本保留可查，修改记入审计日志。
          </Typography.Paragraph>
          <Form<V>
            form={form}
            layout="vertical"
            preserve={false}
            // Built anew at each opening (destroyOnHidden), from the numbers as shown.
            initialValues={{ ...p.initialValues, reason: '' } as Parameters<typeof form.setFieldsValue>[0]}
            onFinish={(v) => {
              if (p.unchanged(v)) {
                form.setFields([{ name: p.fields[0], errors: ['没有修改任何内容'] }] as Parameters<typeof form.setFields>[0]);
                return;
              }
              save.mutate({ ...v, reason: v.reason.trim() });
            }}
          >
            {p.children}
            <Form.Item name="reason" label="修改原因" extra="记入审计日志" rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}>
              <Input.TextArea rows={2} maxLength={500} showCount placeholder={p.reasonPlaceholder} data-testid={p.reasonTestId} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
