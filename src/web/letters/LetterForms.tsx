// 安全责任书 forms: publish or revise a letter (drawer), withdraw it with a reason, record a paper
// signature (the signer, the day on the letter and the scan) for a unit or for several staff.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Grid, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { LetterDetail } from '../../contracts/letters.js';
import { letterLevelLabels, type LetterLevel } from '../../contracts/rules.js';
import { ApiError } from '../api.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { LETTERS_KEY, lettersApi } from './lettersApi.js';

const useRefresh = () => {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: LETTERS_KEY });
    void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
  };
};

interface LetterValues {
  year?: number;
  title?: string;
  body?: string;
  fileIds?: number[];
  publishedOn?: Dayjs;
}

/** 发布责任书 (a new letter of the year) or 发布新版本 (revising `revising`: everyone signs again). */
export function LetterFormDrawer({
  open,
  level,
  year,
  unitId,
  revising,
  onClose,
}: {
  open: boolean;
  level: LetterLevel;
  year: number;
  /** The issuing unit, which the letter's file is filed under. */
  unitId: number;
  revising?: LetterDetail | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<LetterValues>();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const screens = Grid.useBreakpoint();
  const today = todayBeijing();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      revising
        ? { year: revising.year, title: revising.title, body: revising.body ?? undefined, fileIds: revising.file ? [revising.file.id] : [], publishedOn: fromDay(today) }
        : { year, title: level === 'bureau_to_unit' ? `${year}年度学校安全工作目标责任书` : `${year}年度教职工安全岗位责任书`, fileIds: [], publishedOn: fromDay(today) },
    );
  }, [open, revising, form, year, level, today]);

  const save = useMutation({
    mutationFn: (v: LetterValues) => {
      const content = { title: v.title!.trim(), body: v.body?.trim() || null, fileId: v.fileIds?.[0] ?? null, publishedOn: toDay(v.publishedOn) };
      return revising ? lettersApi.revise(revising.id, revising.version, content) : lettersApi.publish({ level, year: v.year!, ...content });
    },
    onSuccess: (l) => {
      refresh();
      message.success(revising ? `已发布第 ${l.revision} 版，所有签署人须重新签署` : '责任书已发布');
      onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, ['year', 'title', 'body', 'fileId', 'publishedOn']);
      if (err instanceof ApiError && err.status === 409) {
        refresh();
        onClose();
      }
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={revising ? `发布新版本（当前第 ${revising.revision} 版）` : `发布${letterLevelLabels[level]}的安全责任书`}
      size={screens.sm ? 640 : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="letter-submit">
            发布
          </Button>
        </Space>
      }
    >
      {revising && <Typography.Paragraph type="warning">发布新版本后，已签署上一版本的单位和人员须重新签署，签订率从零开始计算。</Typography.Paragraph>}
      <Form<LetterValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Space size="middle" wrap>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }, numberRule(2000, 2099, { integer: true, unit: ' 年' })]}>
            <InputNumber precision={0} suffix="年" disabled={!!revising} style={{ width: 160 }} data-testid="letter-year" />
          </Form.Item>
          <Form.Item name="publishedOn" label="发布日期" rules={[{ required: true, message: '请填写发布日期' }]}>
            <DatePicker style={{ width: 180 }} inputReadOnly disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label="责任书标题" rules={[{ required: true, whitespace: true, message: '请填写责任书标题' }]}>
          <Input maxLength={200} data-testid="letter-title" />
        </Form.Item>
        <Form.Item name="body" label="责任书正文" extra="填写正文或上传责任书文件（PDF 或照片），至少一项">
          <Input.TextArea rows={8} maxLength={20000} showCount data-testid="letter-body" />
        </Form.Item>
        <Form.Item name="fileIds" label="责任书文件">
          <PhotoUpload unitId={unitId} files={revising?.file ? [revising.file] : undefined} max={1} label="上传文件" testId="letter-file" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** 撤回: with a reason; the previous version (if any) is the one to sign again. */
export function WithdrawModal({ letter, onClose }: { letter: LetterDetail | null; onClose: () => void }) {
  const [form] = Form.useForm<{ withdrawReason: string }>();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const run = useMutation({
    mutationFn: (reason: string) => lettersApi.withdraw(letter!.id, letter!.version, reason),
    onSuccess: () => {
      refresh();
      message.success('责任书已撤回');
      onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, ['withdrawReason']);
      refresh();
    },
  });
  return (
    <Modal
      open={!!letter}
      title="撤回责任书"
      onCancel={onClose}
      okText="撤回"
      okButtonProps={{ danger: true, loading: run.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {letter && (
        <Typography.Paragraph type="secondary">
          {letter.title}（第 {letter.revision} 版）。撤回后不能再签署，记录保留留痕{letter.revision > 1 ? '；上一版本恢复为须签署的版本' : ''}。
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => run.mutate(v.withdrawReason.trim())}>
        <Form.Item name="withdrawReason" label="撤回原因" rules={[{ required: true, whitespace: true, message: '请填写撤回原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：误发，内容未经审议" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface PaperValues {
  unitId?: number;
  staffIds?: number[];
  signerName?: string;
  signedOn?: Dayjs;
  fileIds?: number[];
}

/**
 * 登记纸质签字: the bureau's letter signed on paper by a unit (its principal's name), or a school's
 * letter signed by several staff at once on one sheet; with the day on the letter and the scan.
 */
export function PaperSignModal({
  letter,
  open,
  fixedUnitId,
  preselected,
  onClose,
}: {
  letter: LetterDetail;
  open: boolean;
  /** The caller's own unit (a school uploads its own signed letter). */
  fixedUnitId?: number;
  /** Staff chosen in the table. */
  preselected?: number[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<PaperValues>();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const today = todayBeijing();
  const forStaff = letter.level === 'unit_to_staff';
  const unsigned = letter.signers.filter((s) => s.required && !s.signature);
  const unitId = Form.useWatch('unitId', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ unitId: fixedUnitId, staffIds: preselected ?? [], signedOn: fromDay(today), fileIds: [] });
  }, [open, form, fixedUnitId, preselected, today]);

  const run = useMutation({
    mutationFn: (v: PaperValues) =>
      lettersApi.sign(letter.id, {
        method: 'file',
        ...(forStaff ? { staffIds: v.staffIds } : { unitId: v.unitId, signerName: v.signerName?.trim() }),
        signedOn: toDay(v.signedOn),
        fileId: v.fileIds?.[0] ?? null,
      }),
    onSuccess: (l) => {
      refresh();
      message.success(`已登记签字，签订 ${l.signRate.signed}/${l.signRate.total}`);
      onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, ['unitId', 'staffIds', 'signerName', 'signedOn', 'fileId']);
      if (err instanceof ApiError && err.status === 409) refresh();
    },
  });

  return (
    <Modal
      open={open}
      title={forStaff ? '登记教职工纸质签字' : '上传签字扫描件'}
      onCancel={onClose}
      okText="登记"
      okButtonProps={{ loading: run.isPending, ...({ 'data-testid': 'paper-sign-submit' } as object) }}
      onOk={() => form.submit()}
      width={560}
      destroyOnHidden
    >
      <Form<PaperValues> form={form} layout="vertical" preserve={false} onFinish={(v) => run.mutate(v)}>
        {forStaff ? (
          <Form.Item name="staffIds" label="签署教职工" rules={[{ required: true, type: 'array', min: 1, message: '请选择签署的教职工' }]} extra="可一次选择多人（同一张签字表）">
            <Select mode="multiple" allowClear optionFilterProp="label" options={unsigned.map((s) => ({ value: s.staffId!, label: s.staffName! }))} data-testid="paper-sign-staff" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="unitId" label="签署单位" rules={[{ required: true, message: '请选择签署单位' }]} hidden={!!fixedUnitId}>
              <Select showSearch optionFilterProp="label" options={unsigned.map((s) => ({ value: s.unitId, label: s.townName && s.unitKind === 'school' ? `${s.unitName}（${s.townName}）` : s.unitName }))} />
            </Form.Item>
            <Form.Item name="signerName" label="签署人" rules={[{ required: true, whitespace: true, message: '请填写代表本单位签字的负责人姓名' }]} extra="代表本单位签字的主要负责人（校长）">
              <Input maxLength={50} data-testid="paper-sign-signer" />
            </Form.Item>
          </>
        )}
        <Form.Item name="signedOn" label="签署日期" rules={[{ required: true, message: '请填写责任书上的签署日期' }]}>
          <DatePicker style={{ width: 200 }} inputReadOnly disabledDate={(d) => d.format('YYYY-MM-DD') > today || d.format('YYYY-MM-DD') < letter.publishedOn} />
        </Form.Item>
        <Form.Item name="fileIds" label="签字扫描件" rules={[{ required: true, type: 'array', min: 1, message: '请上传签字后的责任书扫描件或照片' }]}>
          <PhotoUpload unitId={forStaff ? letter.issuerUnitId : (fixedUnitId ?? unitId)} max={1} disabled={!forStaff && !(fixedUnitId ?? unitId)} label="拍照/上传" testId="paper-sign-file" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
