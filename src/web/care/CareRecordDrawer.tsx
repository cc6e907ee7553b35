// 新建档案 / 修改档案: a student of concern (一生一档, 001 items 9 and 20) — the least that care
// needs: name, class, kinds of concern, a short note, the measures, the guardian's contact and
// consent, the follow-up cadence and (on creating) the carers, staff of the school.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { concernKindLabels, concernKinds, consentStatusLabels, consentStatuses, screeningBandLabels, screeningBands, type CareMe, type CareRecordView, type ConcernKind, type ConsentStatus, type ScreeningBand } from '../../contracts/care.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { CARE_KEY, careApi } from './careApi.js';

interface Values {
  schoolId?: number;
  studentName?: string;
  studentGrade?: number;
  className?: string;
  concernKinds?: ConcernKind[];
  concernBand?: ScreeningBand | null;
  careNote?: string;
  careMeasures?: string;
  guardianName?: string;
  guardianRelation?: string;
  guardianPhone?: string;
  consent?: ConsentStatus;
  consentOn?: Dayjs;
  openedOn?: Dayjs;
  followUpDays?: number;
  carerIds?: number[];
}

const FIELDS = ['schoolId', 'studentName', 'studentGrade', 'className', 'concernKinds', 'concernBand', 'careNote', 'careMeasures', 'guardianContact', 'consent', 'consentOn', 'openedOn', 'followUpDays', 'carerIds'] as const;
const GRADES = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}年级` }));

export function CareRecordDrawer({ open, record, schools, onClose, onSaved }: { open: boolean; record?: CareRecordView | null; schools: CareMe['schools']; onClose: () => void; onSaved: (r: CareRecordView) => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const schoolId = Form.useWatch('schoolId', form);
  const candidates = useQuery({ queryKey: [...CARE_KEY, 'candidates', schoolId], queryFn: () => careApi.candidates(schoolId!), enabled: open && !record && !!schoolId });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      form.setFieldsValue({
        studentName: record.studentName,
        studentGrade: record.studentGrade,
        className: record.className,
        concernKinds: record.concernKinds,
        concernBand: record.concernBand,
        careNote: record.careNote ?? undefined,
        careMeasures: record.careMeasures ?? undefined,
        guardianName: record.guardianContact?.name,
        guardianRelation: record.guardianContact?.relation,
        guardianPhone: record.guardianContact?.phone,
        consent: record.consent,
        consentOn: fromDay(record.consentOn),
        followUpDays: record.followUpDays,
      });
    } else form.setFieldsValue({ schoolId: schools[0]?.id, consent: 'not_needed', followUpDays: 30, openedOn: fromDay(todayBeijing()) });
  }, [open, record, schools, form]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const guardianContact = v.guardianName || v.guardianPhone ? { name: v.guardianName ?? '', relation: v.guardianRelation ?? '', phone: v.guardianPhone ?? '' } : null;
      const common = {
        studentName: v.studentName!,
        studentGrade: v.studentGrade!,
        className: v.className!,
        concernKinds: v.concernKinds ?? [],
        concernBand: v.concernBand ?? null,
        careNote: v.careNote || null,
        careMeasures: v.careMeasures || null,
        guardianContact,
        consent: v.consent ?? 'not_needed',
        consentOn: toDay(v.consentOn) ?? null,
        followUpDays: v.followUpDays ?? 30,
      };
      if (record) return careApi.updateRecord(record.id, { version: record.version, ...common });
      return careApi.createRecord({ ...common, schoolId: v.schoolId!, openedOn: toDay(v.openedOn)!, carerIds: v.carerIds ?? [] });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: CARE_KEY });
      onSaved(r);
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={Math.min(560, window.innerWidth)}
      title={record ? '修改重点学生档案' : '新建重点学生档案'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="care-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {!record && schools.length > 1 && (
          <Form.Item name="schoolId" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
            <Select options={schools.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        {!record && schools.length <= 1 && <Form.Item name="schoolId" hidden><Input /></Form.Item>}
        <Form.Item name="studentName" label="学生姓名" rules={[{ required: true, whitespace: true, message: '请填写学生姓名' }, { max: 40, message: '最多 40 字' }]} extra="姓名加密存储，列表中只显示“张*明”">
          <Input data-testid="care-name" autoComplete="off" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="studentGrade" label="年级" rules={[{ required: true, message: '请选择年级' }]} style={{ width: '50%' }}>
            <Select options={GRADES} data-testid="care-grade" />
          </Form.Item>
          <Form.Item name="className" label="班级" rules={[{ required: true, whitespace: true, message: '请填写班级' }]} style={{ width: '50%' }}>
            <Input placeholder="如：2班" data-testid="care-class" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="concernKinds" label="关注类别" rules={[{ required: true, message: '至少选择一个关注类别' }]}>
          <Checkbox.Group options={concernKinds.map((k) => ({ value: k, label: concernKindLabels[k] }))} data-testid="care-kinds" />
        </Form.Item>
        <Form.Item name="concernBand" label="筛查结果档（如由心理筛查发现）">
          <Select allowClear options={screeningBands.map((b) => ({ value: b, label: screeningBandLabels[b] }))} />
        </Form.Item>
        <Form.Item name="careNote" label="情况说明" rules={[{ max: 2000, message: '最多 2000 字' }]}>
          <Input.TextArea rows={3} placeholder="只写包靠需要的情况" />
        </Form.Item>
        <Form.Item name="careMeasures" label="包靠措施" rules={[{ max: 2000, message: '最多 2000 字' }]}>
          <Input.TextArea rows={3} placeholder="如：班主任每周谈心一次，心理老师每月辅导" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="guardianName" label="监护人" style={{ width: '34%' }}>
            <Input />
          </Form.Item>
          <Form.Item name="guardianRelation" label="关系" style={{ width: '26%' }}>
            <Input placeholder="如：母亲" />
          </Form.Item>
          <Form.Item name="guardianPhone" label="联系电话" style={{ width: '40%' }}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="consent" label="监护人知情同意" style={{ width: '50%' }}>
            <Select options={consentStatuses.map((c) => ({ value: c, label: consentStatusLabels[c] }))} />
          </Form.Item>
          <Form.Item name="consentOn" label="同意日期" style={{ width: '50%' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        {!record && (
          <Form.Item name="openedOn" label="建档日期" rules={[{ required: true, message: '请选择建档日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="followUpDays" label="随访周期（天）" rules={[numberRule(7, 90), { required: true, message: '请填写随访周期' }]} extra="默认每 30 天随访一次，逾期将计入合规看板（001 第20条）">
          <InputNumber addonAfter="天" style={{ width: '100%' }} />
        </Form.Item>
        {!record && (
          <Form.Item name="carerIds" label="包靠人" rules={[{ required: true, message: '至少指定一名包靠人' }]} extra="本校在职教职工，一对一落实包靠措施">
            <Select mode="multiple" showSearch optionFilterProp="label" loading={candidates.isFetching} options={(candidates.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))} data-testid="care-carers" />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
