// 登记培训 / 修改培训记录: a person of 教职工岗位, the course, its hours (学时), the days, the provider
// and the certificate (001 item 7 counts the hours against the person's posts).
import { AutoComplete, DatePicker, Form, Input, InputNumber, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { createTrainingBody, type StaffView, type TrainingView } from '../../contracts/staff.js';
import { fireTrainingTopics } from '../../contracts/fire-standard.js';
import { ApiError } from '../api.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { zodRule } from '../forms.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { StaffSelect, postsText } from './StaffSelect.js';
import { TRAININGS_KEY, staffApi } from './staffApi.js';

interface Values {
  schoolId?: number;
  staffId?: number;
  course?: string;
  hours?: number | null;
  startsOn?: Dayjs;
  endsOn?: Dayjs | null;
  provider?: string;
  certificateFileIds?: number[];
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'staffId', 'course', 'hours', 'startsOn', 'endsOn', 'provider', 'certificateFileIds', 'fileIds'] as const;

export function TrainingFormDrawer({ open, training, onClose }: { open: boolean; training?: TrainingView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const [picked, setPicked] = useState<StaffView | undefined>();
  const today = todayBeijing();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setPicked(undefined);
    if (training) {
      form.setFieldsValue({
        schoolId: training.schoolId,
        staffId: training.staffId,
        course: training.course,
        hours: training.hours,
        startsOn: fromDay(training.startsOn),
        endsOn: training.endsOn !== training.startsOn ? fromDay(training.endsOn) : null,
        provider: training.provider,
        certificateFileIds: training.certificate ? [training.certificate.id] : [],
        fileIds: training.files.map((f) => f.id),
      });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, startsOn: fromDay(today), certificateFileIds: [], fileIds: [] });
    }
  }, [open, training, form, isSchool, me.unit.id, today]);

  // Another school chosen: the person picked belongs to the first one.
  useEffect(() => {
    if (training || !picked || picked.schoolId === schoolId) return;
    form.setFieldValue('staffId', undefined);
    setPicked(undefined);
  }, [schoolId, picked, training, form]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: TRAININGS_KEY,
    onClose,
    save: (v: Values) => {
      const startsOn = toDay(v.startsOn)!;
      const fields = {
        course: v.course!.trim(),
        hours: v.hours!,
        startsOn,
        endsOn: toDay(v.endsOn) ?? startsOn,
        provider: v.provider!.trim(),
        certificateFileId: v.certificateFileIds?.[0] ?? null,
        fileIds: v.fileIds ?? [],
      };
      return training
        ? staffApi.updateTraining(training.id, { version: training.version, ...fields })
        : staffApi.createTraining({ staffId: v.staffId!, ...fields });
    },
    done: (t) => (training ? '培训记录已修改' : `已登记${t.staffName}的“${t.course}”${t.hours} 学时`),
    alsoOnError: (err) => {
      // The certificate is sent as certificateFileId; its message goes under the upload.
      const fe = err instanceof ApiError ? err.fieldErrors.find((e) => e.field === 'certificateFileId') : undefined;
      if (fe) form.setFields([{ name: 'certificateFileIds', errors: [fe.message] }]);
    },
  });

  const posts = training ? training.posts.map((p) => ({ post: p, since: null })) : picked?.posts;

  return (
    <LedgerDrawer open={open} onClose={onClose} title={training ? '修改培训记录' : '登记安全培训'} width={600} saving={save.isPending} onSave={() => form.submit()} testId="training">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={training?.schoolName} testId="training-school" />
        {training ? (
          <Form.Item label="参训人员">
            <Input value={training.staffName} disabled />
          </Form.Item>
        ) : (
          <Form.Item
            name="staffId"
            label="参训人员"
            rules={[{ required: true, message: '请选择人员' }]}
            extra={schoolId ? '从本校教职工岗位中选择；没有的请先到“教职工岗位”登记' : '请先选择学校'}
          >
            <StaffSelect schoolId={schoolId} disabled={!schoolId} onPicked={setPicked} style={{ width: '100%' }} testId="training-staff" />
          </Form.Item>
        )}
        {posts && posts.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }} data-testid="training-posts">
            岗位：{postsText({ posts })}
          </Typography.Paragraph>
        )}
        <Form.Item name="course" label="培训课程" rules={[{ required: true, whitespace: true, message: '请填写培训课程' }]}>
          {/* Suggested courses: the four abilities and the gas checks of fire-safety standardisation (001 item 13). */}
          <AutoComplete options={fireTrainingTopics.map((t) => ({ value: t }))} filterOption={(input, o) => !!o?.value.includes(input.trim())}>
            <Input maxLength={200} placeholder="如：中小学校安全管理干部业务培训" data-testid="training-course" />
          </AutoComplete>
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item
            name="hours"
            label="学时"
            rules={[{ required: true, message: '请填写学时' }, zodRule(createTrainingBody.shape.hours)]}
            extra="可保留 1 位小数"
          >
            <InputNumber step={0.5} suffix="学时" style={{ width: 160 }} data-testid="training-hours" />
          </Form.Item>
          <Form.Item name="startsOn" label="培训日期" rules={[{ required: true, message: '请填写培训日期' }]}>
            <DatePicker style={{ width: 170 }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="training-starts-on" />
          </Form.Item>
          <Form.Item name="endsOn" label="结束日期" extra="多天的培训填写最后一天">
            <DatePicker style={{ width: 170 }} placeholder="当天结束可不填" disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="training-ends-on" />
          </Form.Item>
        </Space>
        <Form.Item name="provider" label="培训机构" rules={[{ required: true, whitespace: true, message: '请填写培训机构' }]}>
          <Input maxLength={200} placeholder="如：区教育局安全管理中心" data-testid="training-provider" />
        </Form.Item>
        <Form.Item name="certificateFileIds" label="培训证书" extra={schoolId ? '证书照片或 PDF，1 个' : '请先选择学校，再上传'}>
          <PhotoUpload
            unitId={schoolId}
            files={training?.certificate ? [training.certificate] : undefined}
            max={1}
            disabled={!schoolId}
            label="上传证书"
            testId="training-certificate"
          />
        </Form.Item>
        <Form.Item name="fileIds" label="其他材料" extra="签到表、培训通知、现场照片等；每个不超过 20 MB，最多 20 个">
          <PhotoUpload unitId={schoolId} files={training?.files} max={20} disabled={!schoolId} testId="training-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
