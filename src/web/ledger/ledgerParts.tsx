// Pieces shared by the drill, staff, training, meeting, insurance and duty ledger pages: the town and
// school filters, the school column, the record status tag, void with a reason, and the drawer's save
// (a field's Chinese message under it; a stale version reloads the list). The page frame is in ledgerPage.tsx.
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, Form, Input, Modal, Tag, Typography, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { recordStatusLabels, type RecordStatus } from '../../contracts/ledger.js';
import { ApiError } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { TownFilter } from '../components/TownFilter.js';
import { useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { applyServerErrors } from '../forms.js';
import { UnitTreeSelect } from '../units/tree.js';
import { COMPLIANCE_KEY } from './ledgerApi.js';

export const isDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** Who is looking: a school sees only itself (no school column or filter); towns and the bureau pick. */
export function useLedgerViewer() {
  const me = useMe();
  const can = useCan();
  return { me, isSchool: me.unit.kind === 'school', wide: me.scope !== 'unit', canWrite: can('ledger.write'), can };
}

/** 镇街 and 学校 filters above a ledger's table, for those who oversee several schools. */
export function PlaceFilters({ townId, schoolId, testId }: { townId: number | undefined; schoolId: number | undefined; testId: string }) {
  const { isSchool } = useLedgerViewer();
  const s = useSearchState();
  return (
    <>
      <TownFilter value={townId} onChange={(v) => s.set({ townId: v })} />
      {!isSchool && (
        <UnitTreeSelect
          allowClear
          placeholder="学校"
          style={{ width: 220 }}
          value={schoolId}
          onChange={(v) => s.set({ schoolId: v, staffId: undefined })}
          selectable={(u) => u.kind === 'school'}
          data-testid={testId}
        />
      )}
    </>
  );
}

/** The 学校 column (with its town underneath), left out for a school's own people. */
export function schoolColumn<T extends { schoolName: string; townName: string | null }>(isSchool: boolean) {
  if (isSchool) return [];
  return [
    {
      title: '学校',
      dataIndex: 'schoolName',
      width: 180,
      ellipsis: true,
      render: (v: string, d: T) => (
        <span title={v}>
          {v}
          {d.townName && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{d.townName}</div>}
        </span>
      ),
    },
  ];
}

export function RecordStatusTag({ status, voidReason }: { status: RecordStatus; voidReason: string | null }) {
  return status === 'voided' ? (
    <Tag color="default" title={voidReason ?? undefined}>
      {recordStatusLabels[status]}
    </Tag>
  ) : (
    <Tag color="green">{recordStatusLabels[status]}</Tag>
  );
}

/** The school a new record is for: a school's own, shown; towns and the bureau choose one. */
export function SchoolField({ editingName, testId }: { /** The record's school when correcting one. */ editingName?: string; testId: string }) {
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  if (isSchool || editingName) {
    return (
      <>
        <Form.Item label="学校">
          <Input value={editingName ?? me.unit.name} disabled />
        </Form.Item>
        <Form.Item name="schoolId" hidden>
          <Input />
        </Form.Item>
      </>
    );
  }
  return (
    <Form.Item name="schoolId" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
      <UnitTreeSelect placeholder="请选择学校（可输入名称搜索）" selectable={(u) => u.kind === 'school' && u.status === 'active'} data-testid={testId} />
    </Form.Item>
  );
}

/**
 * What a drawer does when saving fails: a field's Chinese message goes under the field; when
 * someone else changed the record meanwhile (stale version), say so, reload the list and close, so
 * the next correction starts from the current record.
 */
export function useSaveErrorHandler(form: FormInstance, fields: readonly string[], listKey: QueryKey, onClose: () => void) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (err: unknown) => {
    if (err instanceof ApiError && err.code === 'STALE_VERSION') {
      void queryClient.invalidateQueries({ queryKey: listKey });
      message.warning({ content: '该记录已被他人修改，列表已重新加载为最新内容，请核对后再修改', duration: 6 });
      onClose();
      return;
    }
    applyServerErrors(form, err, fields);
    // A conflict naming its field (保单号已登记) goes under that field too.
    const field = err instanceof ApiError && err.status === 409 ? (err.details as { field?: unknown } | undefined)?.field : undefined;
    if (typeof field === 'string' && fields.includes(field)) form.setFields([{ name: field, errors: [err instanceof ApiError ? err.message : ''] }]);
  };
}

/**
 * A drawer's 保存: on success the list and the compliance board reload, `done` is said and the drawer
 * closes; on failure as useSaveErrorHandler (then `alsoOnError`, for a field the form names otherwise).
 */
export function useLedgerSave<V, R>({
  form,
  fields,
  listKey,
  onClose,
  save,
  done,
  alsoOnError,
}: {
  form: FormInstance;
  fields: readonly string[];
  listKey: QueryKey;
  onClose: () => void;
  save: (v: V) => Promise<R>;
  done: (saved: R) => string;
  alsoOnError?: (err: unknown) => void;
}) {
  const { message } = App.useApp();
  const invalidate = useInvalidateLedger(listKey);
  const onError = useSaveErrorHandler(form, fields, listKey, onClose);
  return useMutation({
    mutationFn: save,
    onSuccess: (saved) => {
      invalidate();
      message.success(done(saved));
      onClose();
    },
    onError: (err) => {
      onError(err);
      alsoOnError?.(err);
    },
  });
}

/** Invalidates a ledger's list and the compliance board (the rules read the ledger). */
export function useInvalidateLedger(listKey: QueryKey) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: listKey });
    void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
  };
}

/** 作废: the record stays (with the reason) but no longer counts. */
export function VoidRecordModal<T extends { id: number; version: number }>({
  record,
  title,
  describe,
  onVoid,
  listKey,
  done,
  testId,
  onClose,
}: {
  record: T | null;
  title: string;
  describe: (r: T) => ReactNode;
  onVoid: (r: T, reason: string) => Promise<unknown>;
  listKey: QueryKey;
  done: string;
  testId: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ voidReason: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateLedger(listKey);
  const run = useMutation({
    mutationFn: (reason: string) => onVoid(record!, reason),
    onSuccess: () => {
      invalidate();
      message.success(done);
      onClose();
    },
    onError: (err) => {
      void queryClient.invalidateQueries({ queryKey: listKey });
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        message.warning('该记录已被他人修改，列表已重新加载，请核对后再作废');
        onClose();
      } else showError(err);
    },
  });
  return (
    <Modal
      open={!!record}
      title={title}
      onCancel={onClose}
      okText="作废"
      okButtonProps={{ danger: true, loading: run.isPending, ...({ 'data-testid': `${testId}-void-submit` } as object) }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {record && <Typography.Paragraph type="secondary">{describe(record)}</Typography.Paragraph>}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => run.mutate(v.voidReason.trim())}>
        <Form.Item name="voidReason" label="作废原因" rules={[{ required: true, whitespace: true, message: '请填写作废原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：日期登记错误，已重新登记" data-testid={`${testId}-void-reason`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export const muted = (v: string | null | undefined) => v || '—';
