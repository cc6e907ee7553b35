// 登记会议 / 修改会议记录: a safety meeting of the leadership team or of the leader in charge of
// safety (000 item 1), its chair, attendees, minutes, decisions and files.
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, DatePicker, Form, Input, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { MeetingView } from '../../contracts/meetings.js';
import { meetingLevelLabels, meetingLevels, type MeetingLevel } from '../../contracts/rules.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { STAFF_KEY, staffApi } from '../staff/staffApi.js';
import { MEETINGS_KEY, meetingsApi } from './meetingsApi.js';

interface Values {
  schoolId?: number;
  meetingOn?: Dayjs;
  level?: MeetingLevel;
  chair?: string;
  attendees?: string[];
  minutes?: string;
  decisions?: string;
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'meetingOn', 'level', 'chair', 'attendees', 'minutes', 'decisions', 'fileIds'] as const;

export function MeetingFormDrawer({ open, meeting, onClose }: { open: boolean; meeting?: MeetingView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const today = todayBeijing();

  // The school's staff as suggestions for the chair and the attendees (any name may be typed).
  const staff = useQuery({
    queryKey: [...STAFF_KEY, 'pick', { schoolId, pageSize: 200 }],
    queryFn: () => staffApi.staff({ schoolId, pageSize: 200 }),
    enabled: open && !!schoolId,
    staleTime: 60_000,
    meta: { silent: true },
  });
  const names = [...new Set(staff.data?.items.map((s) => s.name) ?? [])].map((n) => ({ value: n, label: n }));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (meeting) {
      form.setFieldsValue({
        schoolId: meeting.schoolId,
        meetingOn: fromDay(meeting.meetingOn),
        level: meeting.level,
        chair: meeting.chair,
        attendees: meeting.attendees,
        minutes: meeting.minutes,
        decisions: meeting.decisions ?? undefined,
        fileIds: meeting.files.map((f) => f.id),
      });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, meetingOn: fromDay(today), attendees: [], fileIds: [] });
    }
  }, [open, meeting, form, isSchool, me.unit.id, today]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: MEETINGS_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        meetingOn: toDay(v.meetingOn)!,
        level: v.level!,
        chair: v.chair!.trim(),
        attendees: (v.attendees ?? []).map((a) => a.trim()).filter(Boolean),
        minutes: v.minutes!.trim(),
        decisions: v.decisions?.trim() || null,
        fileIds: v.fileIds ?? [],
      };
      return meeting ? meetingsApi.updateMeeting(meeting.id, { version: meeting.version, ...fields }) : meetingsApi.createMeeting({ schoolId: v.schoolId!, ...fields });
    },
    done: (m) => (meeting ? '会议记录已修改' : `已登记 ${m.meetingOn} 的${meetingLevelLabels[m.level]}`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={meeting ? '修改会议记录' : '登记安全专题会议'} width={600} saving={save.isPending} onSave={() => form.submit()} testId="meeting">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={meeting?.schoolName} testId="meeting-school" />
        <Form.Item name="level" label="会议类别" rules={[{ required: true, message: '请选择会议类别' }]} extra="领导班子每季度至少一次，分管领导每月至少一次（000 第1条）">
          <Radio.Group data-testid="meeting-level">
            {meetingLevels.map((l) => (
              <Radio.Button key={l} value={l}>
                {meetingLevelLabels[l]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="meetingOn" label="会议日期" rules={[{ required: true, message: '请填写会议日期' }]}>
            <DatePicker style={{ width: 180 }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="meeting-on" />
          </Form.Item>
          <Form.Item name="chair" label="主持人" rules={[{ required: true, whitespace: true, message: '请填写主持人' }]}>
            <AutoComplete options={names} style={{ width: 220 }} filterOption={(input, o) => String(o?.value ?? '').includes(input)}>
              <Input maxLength={50} placeholder="如：校长 张建华" data-testid="meeting-chair" />
            </AutoComplete>
          </Form.Item>
        </Space>
        <Form.Item
          name="attendees"
          label="参会人员"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少填写一名参会人员' }]}
          extra="输入姓名后按回车，或用顿号、逗号分隔；可从本校教职工中选择"
        >
          <Select mode="tags" tokenSeparators={['、', '，', ',', ' ']} options={names} placeholder="参会人员姓名" maxCount={200} data-testid="meeting-attendees" />
        </Form.Item>
        <Form.Item name="minutes" label="会议纪要" rules={[{ required: true, whitespace: true, message: '请填写会议纪要' }]}>
          <Input.TextArea rows={5} maxLength={10000} showCount placeholder="会议研究的安全工作内容" data-testid="meeting-minutes" />
        </Form.Item>
        <Form.Item name="decisions" label="议定事项" extra="会议决定的事项、责任人和完成时限">
          <Input.TextArea rows={3} maxLength={5000} showCount data-testid="meeting-decisions" />
        </Form.Item>
        <Form.Item name="fileIds" label="会议材料" extra={schoolId ? '签到表、会议记录扫描件、现场照片；每个不超过 20 MB，最多 20 个' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={meeting?.files} max={20} disabled={!schoolId} testId="meeting-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
