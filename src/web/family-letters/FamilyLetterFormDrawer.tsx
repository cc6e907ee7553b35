// 发送告家长书: the letter, its days and the classes it goes to. Each class is a name, its number of
// pupils (one numbered slip each, no names) and its class teacher, with the teacher's account when
// they have one so they can follow their class's slips. Correcting a letter changes its text and due
// day; classes are added from the letter's page.
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { familyLetterTopicLabels, MAX_CLASS_PUPILS, MAX_LETTER_OPEN_DAYS, type FamilyLetterTopic, type FamilyLetterView } from '../../contracts/family-letters.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { numberRule } from '../forms.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { FAMILY_LETTER_KEY, familyLettersApi } from './familyLettersApi.js';

interface ClassValues {
  className?: string;
  pupils?: number;
  teacherName?: string;
  teacherUserId?: number | null;
}
interface Values {
  schoolId?: number;
  topic?: FamilyLetterTopic;
  title?: string;
  body?: string;
  sentOn?: Dayjs;
  dueOn?: Dayjs;
  classes?: ClassValues[];
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'topic', 'title', 'body', 'sentOn', 'dueOn', 'classes', 'fileIds'] as const;
const topicOptions = (Object.entries(familyLetterTopicLabels) as Array<[FamilyLetterTopic, string]>).map(([value, label]) => ({ value, label }));

/** The opening lines of each kind of letter, for the school to finish (000 item 13). */
const drafts: Record<FamilyLetterTopic, { title: string; body: string }> = {
  holiday: { title: '假期安全致家长的一封信', body: '尊敬的家长：\n假期将至，为确保孩子度过一个平安、愉快的假期，请您切实履行监护责任，注意防溺水、交通、消防、用电、食品和网络安全……' },
  drowning: { title: '防溺水安全致家长的一封信', body: '尊敬的家长：\n夏季是溺水事故的高发期。请您教育孩子做到“六不”：不私自下水游泳，不擅自与他人结伴游泳，不在无家长或教师带领的情况下游泳，不到无安全设施、无救援人员的水域游泳，不到不熟悉的水域游泳，不熟悉水性的学生不擅自下水施救……' },
  traffic: { title: '交通安全致家长的一封信', body: '尊敬的家长：\n请您教育孩子遵守交通规则，不乘坐无牌无证、超员车辆和“三无”车辆，骑乘电动车佩戴头盔……' },
  anti_fraud: { title: '防范电信网络诈骗致家长的一封信', body: '尊敬的家长：\n近期针对学生和家长的电信网络诈骗时有发生，请牢记：学校不会通过个人微信、QQ 收取任何费用……' },
  other: { title: '', body: '' },
};

export function FamilyLetterFormDrawer({ open, record, onClose }: { open: boolean; record?: FamilyLetterView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const sentOn = Form.useWatch('sentOn', form);
  const teachers = useQuery({ queryKey: [...FAMILY_LETTER_KEY, 'teachers', schoolId], queryFn: () => familyLettersApi.teachers(schoolId!), enabled: open && !record && !!schoolId });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      form.setFieldsValue({ schoolId: record.schoolId, topic: record.topic, title: record.title, body: record.body, sentOn: fromDay(record.sentOn), dueOn: fromDay(record.dueOn), fileIds: record.files.map((f) => f.id) });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, topic: 'drowning', ...drafts.drowning, sentOn: dayjs(), dueOn: dayjs().add(3, 'day'), classes: [{}], fileIds: [] });
    }
  }, [open, record, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: FAMILY_LETTER_KEY,
    onClose,
    save: (v: Values) => {
      const text = { topic: v.topic!, title: v.title!.trim(), body: v.body!.trim(), dueOn: toDay(v.dueOn)!, fileIds: v.fileIds ?? [] };
      if (record) return familyLettersApi.update(record.id, { version: record.version, ...text });
      return familyLettersApi.create({
        schoolId: v.schoolId!,
        ...text,
        sentOn: toDay(v.sentOn)!,
        classes: (v.classes ?? []).map((k) => ({ className: k.className!.trim(), pupils: k.pupils!, teacherName: k.teacherName?.trim() || null, teacherUserId: k.teacherUserId ?? null })),
      });
    },
    done: (r) => (record ? '告家长书已修改' : `已发送，共生成 ${r.pupils} 份回执单，请到“回执”中打印或发给家长`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={record ? '修改告家长书' : '发送告家长书'} width={640} saving={save.isPending} onSave={() => form.submit()} testId="letter">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={record?.schoolName} testId="letter-school" />
        <Form.Item name="topic" label="主题" rules={[{ required: true, message: '请选择主题' }]}>
          <Select
            options={topicOptions}
            data-testid="letter-topic"
            onChange={(t: FamilyLetterTopic) => {
              // A new letter takes the topic's opening lines unless the school has written its own.
              if (!record && (!form.getFieldValue('body') || Object.values(drafts).some((d) => d.body === form.getFieldValue('body')))) form.setFieldsValue(drafts[t]);
            }}
          />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写告家长书标题' }]}>
          <Input maxLength={60} data-testid="letter-title" />
        </Form.Item>
        <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, message: '请填写告家长书正文' }]} extra="家长扫码后看到的就是这段文字；不要写学生姓名">
          <Input.TextArea rows={8} maxLength={5000} showCount data-testid="letter-body" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="sentOn" label="发送日期" rules={[{ required: true, message: '请选择发送日期' }]}>
            <DatePicker inputReadOnly disabled={!!record} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="dueOn" label="回执截止日期" rules={[{ required: true, message: '请选择回执截止日期' }]} extra={`截止后链接失效；最晚为发送后 ${MAX_LETTER_OPEN_DAYS} 天`}>
            <DatePicker
              inputReadOnly
              data-testid="letter-due-on"
              disabledDate={(d) => !!sentOn && (d.isBefore(sentOn, 'day') || d.isAfter(sentOn.add(MAX_LETTER_OPEN_DAYS, 'day'), 'day'))}
            />
          </Form.Item>
        </Space>
        {!record && (
          <Form.List name="classes">
            {(fields, { add, remove }) => (
              <>
                <Typography.Text strong>发送班级</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  每名学生一张编号回执单（按班内学号），平台不登记学生姓名。填写班主任账号后，班主任可查看本班未回执的学号。
                </Typography.Paragraph>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap style={{ display: 'flex' }} data-testid="letter-class-row">
                    <Form.Item name={[f.name, 'className']} rules={[{ required: true, whitespace: true, message: '请填写班级' }]}>
                      <Input placeholder="班级，如 三年级2班" maxLength={20} style={{ width: 150 }} data-testid={`letter-class-name-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'pupils']} rules={[{ required: true, message: '请填写人数' }, numberRule(1, MAX_CLASS_PUPILS, { integer: true })]}>
                      <InputNumber placeholder="学生数" precision={0} suffix="人" style={{ width: 110 }} data-testid={`letter-class-pupils-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'teacherName']}>
                      <Input placeholder="班主任" maxLength={30} style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'teacherUserId']}>
                      <Select
                        allowClear
                        showSearch
                        optionFilterProp="label"
                        placeholder="班主任账号"
                        style={{ width: 140 }}
                        loading={teachers.isFetching}
                        options={(teachers.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                        data-testid={`letter-class-teacher-${i}`}
                        onChange={(id: number | undefined) => {
                          const name = teachers.data?.items.find((u) => u.id === id)?.displayName;
                          if (name && !form.getFieldValue(['classes', f.name, 'teacherName'])) form.setFieldValue(['classes', f.name, 'teacherName'], name);
                        }}
                      />
                    </Form.Item>
                    {fields.length > 1 && <Button type="link" danger onClick={() => remove(f.name)}>删除</Button>}
                  </Space>
                ))}
                <Button onClick={() => add({})} style={{ marginBottom: 16 }} data-testid="letter-class-add">
                  添加班级
                </Button>
              </>
            )}
          </Form.List>
        )}
        <Form.Item name="fileIds" label="附件">
          <PhotoUpload unitId={schoolId} files={record?.files} max={20} disabled={!schoolId} label="上传附件" testId="letter-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
