// 登记保单 / 修改保险记录: a school liability insurance policy (001 item 26: 应保尽保，不脱保漏保) —
// the policy number, the insurer, the period and the students covered, beside the school's count.
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, DatePicker, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { createInsuranceBody, type InsuranceView } from '../../contracts/insurance.js';
import { api } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { zodRule } from '../forms.js';
import { fromDay, toDay } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { INSURANCE_KEY, insuranceApi } from './insuranceApi.js';

interface Values {
  schoolId?: number;
  policyNo?: string;
  insurer?: string;
  startsOn?: Dayjs;
  endsOn?: Dayjs;
  studentsCovered?: number | null;
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'policyNo', 'insurer', 'startsOn', 'endsOn', 'studentsCovered', 'fileIds'] as const;
const INSURERS = ['中国人民财产保险股份有限公司', '中国平安财产保险股份有限公司', '中国太平洋财产保险股份有限公司', '中华联合财产保险股份有限公司'];

/** The school's enrolled students from 组织机构 (null when not filled in), shared with the unit drawer's cache. */
export function useSchoolStudents(schoolId: number | undefined) {
  const can = useCan();
  const q = useQuery({
    queryKey: ['units', 'detail', schoolId ?? null],
    queryFn: () => api.unit(schoolId!),
    enabled: !!schoolId && can('unit.read'),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
  return q.data?.studentCount ?? null;
}

export function InsuranceFormDrawer({ open, policy, onClose }: { open: boolean; policy?: InsuranceView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const covered = Form.useWatch('studentsCovered', form);
  const students = useSchoolStudents(open ? schoolId : undefined);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (policy) {
      form.setFieldsValue({
        schoolId: policy.schoolId,
        policyNo: policy.policyNo,
        insurer: policy.insurer,
        startsOn: fromDay(policy.startsOn),
        endsOn: fromDay(policy.endsOn),
        studentsCovered: policy.studentsCovered,
        fileIds: policy.files.map((f) => f.id),
      });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, fileIds: [] });
    }
  }, [open, policy, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: INSURANCE_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        policyNo: v.policyNo!.trim(),
        insurer: v.insurer!.trim(),
        startsOn: toDay(v.startsOn)!,
        endsOn: toDay(v.endsOn)!,
        studentsCovered: v.studentsCovered!,
        fileIds: v.fileIds ?? [],
      };
      return policy
        ? insuranceApi.updateInsurancePolicy(policy.id, { version: policy.version, ...fields })
        : insuranceApi.createInsurancePolicy({ schoolId: v.schoolId!, ...fields });
    },
    done: (p) => (policy ? '保险记录已修改' : `已登记保单 ${p.policyNo}`),
  });

  const short = students !== null && typeof covered === 'number' && covered < students ? students - covered : 0;

  return (
    <LedgerDrawer open={open} onClose={onClose} title={policy ? '修改保险记录' : '登记校方责任保险'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="insurance">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={policy?.schoolName} testId="insurance-school" />
        <Form.Item name="policyNo" label="保单号" rules={[{ required: true, whitespace: true, message: '请填写保单号' }]}>
          <Input maxLength={64} placeholder="保险单上的保单号" data-testid="insurance-policy-no" />
        </Form.Item>
        <Form.Item name="insurer" label="保险公司" rules={[{ required: true, whitespace: true, message: '请填写保险公司' }]}>
          <AutoComplete options={INSURERS.map((v) => ({ value: v }))} filterOption={(input, o) => String(o?.value ?? '').includes(input)}>
            <Input maxLength={100} placeholder="承保的保险公司全称" data-testid="insurance-insurer" />
          </AutoComplete>
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="startsOn" label="保险期开始" rules={[{ required: true, message: '请填写开始日期' }]}>
            <DatePicker style={{ width: 180 }} data-testid="insurance-starts-on" />
          </Form.Item>
          <Form.Item name="endsOn" label="保险期结束" rules={[{ required: true, message: '请填写结束日期' }]}>
            <DatePicker style={{ width: 180 }} data-testid="insurance-ends-on" />
          </Form.Item>
        </Space>
        <Form.Item
          name="studentsCovered"
          label="承保学生数"
          rules={[{ required: true, message: '请填写承保学生数' }, zodRule(createInsuranceBody.shape.studentsCovered)]}
          extra={
            students === null ? (
              '学校在校生人数未在组织机构中填写，无法核对是否全覆盖'
            ) : short > 0 ? (
              <span style={{ color: '#f5222d' }}>
                学校在校生 {students} 人，少保 {short} 人（应保尽保）
              </span>
            ) : (
              `学校在校生 ${students} 人`
            )
          }
        >
          <InputNumber precision={0} suffix="人" style={{ width: 200 }} data-testid="insurance-students" />
        </Form.Item>
        <Form.Item name="fileIds" label="保单材料" extra={schoolId ? '保单、缴费凭证的照片或 PDF；每个不超过 20 MB，最多 20 个' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={policy?.files} max={20} disabled={!schoolId} label="上传" testId="insurance-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
