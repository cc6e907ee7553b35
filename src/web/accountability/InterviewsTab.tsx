// 约谈: interviews in the person's scope, each with its commitments followed up like a hazard
// (due within 3 days orange, overdue red, done green); the interviewed unit reports one done with
// what it did and evidence; the bureau's side records interviews in a drawer.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { commitmentStateLabels, type CommitmentState, type CommitmentView, type InterviewView } from '../../contracts/accountability.js';
import { ApiError } from '../api.js';
import { useCan } from '../auth.js';
import { FileList } from '../components/FileList.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { positiveInt, useSearchState } from '../components/useSearchState.js';
import { applyServerErrors } from '../forms.js';
import { toDay, todayBeijing } from '../dates.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { ExportButton } from '../components/ExportButton.js';
import { UnitTreeSelect } from '../units/tree.js';
import { ACCOUNTABILITY_KEY, accountabilityApi } from './accountabilityApi.js';

const stateColors: Record<CommitmentState, string> = { open: 'orange', due_soon: 'orange', overdue: 'red', done: 'green', done_late: 'green' };

interface InterviewValues {
  unitId?: number;
  heldOn?: Dayjs;
  place?: string;
  interviewees?: string;
  interviewers?: string;
  reason?: string;
  minutes?: string;
  fileIds?: number[];
  commitments?: Array<{ content?: string; dueOn?: Dayjs }>;
}
const FIELDS = ['unitId', 'heldOn', 'place', 'interviewees', 'interviewers', 'reason', 'minutes', 'fileIds', 'commitments'] as const;

function InterviewDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<InterviewValues>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: ACCOUNTABILITY_KEY,
    onClose,
    save: (v: InterviewValues) =>
      accountabilityApi.createInterview({
        unitId: v.unitId!,
        heldOn: toDay(v.heldOn)!,
        place: v.place?.trim() || null,
        interviewees: v.interviewees?.trim() ?? '',
        interviewers: v.interviewers?.trim() ?? '',
        reason: v.reason?.trim() ?? '',
        minutes: v.minutes?.trim() ?? '',
        noticeId: null,
        fileIds: v.fileIds ?? [],
        commitments: (v.commitments ?? []).map((c) => ({ content: c.content?.trim() ?? '', dueOn: toDay(c.dueOn) ?? '' })),
      }),
    done: (i) => `已登记对${i.unitName}的约谈，${i.commitments.length} 项整改承诺将跟踪落实`,
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title="登记约谈" width={720} saving={save.isPending} onSave={() => form.validateFields().then((v) => save.mutate(v))} testId="interview">
      <Form form={form} layout="vertical" initialValues={{ commitments: [{}] }}>
        <Form.Item name="unitId" label="被约谈单位" rules={[{ required: true, message: '请选择被约谈单位' }]}>
          <UnitTreeSelect selectable={(u) => (u.kind === 'school' || u.kind === 'town' || u.kind === 'department') && u.status === 'active'} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="heldOn" label="约谈日期" rules={[{ required: true, message: '请选择约谈日期' }]}>
            <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > todayBeijing()} />
          </Form.Item>
          <Form.Item name="place" label="约谈地点">
            <Input style={{ width: 280 }} maxLength={200} />
          </Form.Item>
        </Space>
        <Form.Item name="interviewees" label="被约谈人（姓名、职务）" rules={[{ required: true, whitespace: true, message: '请填写被约谈人' }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="interviewers" label="约谈人（姓名、职务）" rules={[{ required: true, whitespace: true, message: '请填写约谈人' }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="reason" label="约谈事由" rules={[{ required: true, whitespace: true, message: '请填写约谈事由' }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="minutes" label="约谈内容" rules={[{ required: true, whitespace: true, message: '请填写约谈内容' }]}>
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
        <Form.Item name="fileIds" label="约谈材料">
          <PhotoUpload label="上传材料" />
        </Form.Item>
        <Typography.Text strong>整改承诺</Typography.Text>
        <Form.List name="commitments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex', marginTop: 8 }} wrap>
                  <Form.Item name={[f.name, 'content']} rules={[{ required: true, whitespace: true, message: '请填写承诺事项' }]} style={{ marginBottom: 0 }}>
                    <Input style={{ width: 380 }} placeholder="承诺事项" maxLength={1000} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true, message: '请选择完成时限' }]} style={{ marginBottom: 0 }}>
                    <DatePicker placeholder="完成时限" />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(f.name)}>移除</Button>}
                </Space>
              ))}
              <Button style={{ marginTop: 8 }} onClick={() => add({})}>
                添加承诺
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </LedgerDrawer>
  );
}

function CompleteModal({ target, onClose }: { target: { interview: InterviewView; c: CommitmentView } | null; onClose: () => void }) {
  const [form] = Form.useForm<{ doneNote?: string; fileIds?: number[] }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: (v: { doneNote?: string; fileIds?: number[] }) => accountabilityApi.completeCommitment(target!.interview.id, target!.c.id, { version: target!.c.version, doneNote: v.doneNote?.trim() ?? '', fileIds: v.fileIds ?? [] }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ACCOUNTABILITY_KEY });
      message.success('已报告落实');
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) void qc.invalidateQueries({ queryKey: ACCOUNTABILITY_KEY });
      applyServerErrors(form, err, ['doneNote', 'fileIds']);
    },
  });
  return (
    <Modal open={!!target} title={`报告落实：${target?.c.content ?? ''}`} onCancel={onClose} destroyOnHidden okText="提交" okButtonProps={{ loading: run.isPending }} onOk={() => form.validateFields().then((v) => run.mutate(v))}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="doneNote" label="落实情况" rules={[{ required: true, whitespace: true, message: '请填写落实情况' }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="fileIds" label="佐证材料">
          <PhotoUpload unitId={target?.interview.unitId} label="上传材料" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function InterviewsTab() {
  const can = useCan();
  const s = useSearchState();
  const [creating, setCreating] = useState(false);
  const [completing, setCompleting] = useState<{ interview: InterviewView; c: CommitmentView } | null>(null);
  const query = { unitId: positiveInt(s.get('unitId')), year: positiveInt(s.get('year')), overdue: s.get('overdue') === 'true' ? 'true' : undefined, page: s.page, pageSize: s.pageSize };
  const list = useQuery({ queryKey: [...ACCOUNTABILITY_KEY, 'interviews', query], queryFn: () => accountabilityApi.interviews(query), placeholderData: keepPreviousData });

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <UnitTreeSelect allowClear placeholder="被约谈单位" style={{ width: 220 }} value={query.unitId} onChange={(v) => s.set({ unitId: v })} />
          <Select allowClear placeholder="承诺落实" style={{ width: 150 }} value={query.overdue} onChange={(v) => s.set({ overdue: v })} options={[{ value: 'true', label: '有逾期承诺' }]} />
        </Space>
        <Space wrap>
          <ExportButton path="/interviews/export" query={{ unitId: query.unitId, year: query.year, overdue: query.overdue }} testId="interviews-export" />
          {can('accountability.manage') && (
            <Button type="primary" onClick={() => setCreating(true)}>
              登记约谈
            </Button>
          )}
        </Space>
      </Space>
      <Table<InterviewView>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        locale={{ emptyText: can('accountability.manage') ? '暂无约谈记录。对工作不扎实、措施不落地的单位约谈后，点击“登记约谈”记录约谈内容和整改承诺。' : '暂无约谈记录' }}
        pagination={s.pagination(list.data?.total, '次约谈')}
        expandable={{
          defaultExpandAllRows: true,
          expandedRowRender: (i) => (
            <Table<CommitmentView>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={i.commitments}
              columns={[
                { title: '#', dataIndex: 'seq', width: 40 },
                { title: '整改承诺', dataIndex: 'content' },
                { title: '完成时限', dataIndex: 'dueOn', width: 110 },
                { title: '状态', dataIndex: 'state', width: 110, render: (v: CommitmentState) => <Tag color={stateColors[v]}>{commitmentStateLabels[v]}</Tag> },
                {
                  title: '落实情况',
                  key: 'done',
                  render: (_, c) =>
                    c.doneOn ? (
                      <div>
                        {c.doneNote}
                        <FileList files={c.doneFiles} size={32} />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {c.doneByName} {c.doneOn}
                        </Typography.Text>
                      </div>
                    ) : (
                      '—'
                    ),
                },
                { title: '操作', key: 'a', width: 100, render: (_, c) => (c.canComplete ? <Button type="link" onClick={() => setCompleting({ interview: i, c })}>报告落实</Button> : null) },
              ]}
            />
          ),
        }}
        columns={[
          { title: '约谈日期', dataIndex: 'heldOn', width: 110 },
          { title: '被约谈单位', dataIndex: 'unitName', width: 180 },
          { title: '被约谈人', dataIndex: 'interviewees', width: 160 },
          { title: '约谈人', dataIndex: 'interviewers', width: 160 },
          { title: '约谈事由', dataIndex: 'reason', ellipsis: true },
          {
            title: '承诺落实',
            key: 'followUp',
            width: 150,
            render: (_, i) => (
              <span>
                {i.followUp.done}/{i.followUp.total}
                {i.followUp.overdue > 0 && <Tag color="red" style={{ marginLeft: 6 }}>逾期 {i.followUp.overdue}</Tag>}
              </span>
            ),
          },
        ]}
      />
      <InterviewDrawer open={creating} onClose={() => setCreating(false)} />
      <CompleteModal target={completing} onClose={() => setCompleting(null)} />
    </>
  );
}
