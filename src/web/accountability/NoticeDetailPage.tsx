// A notice (通报): what it says, who drafted, approved (signed) and published it, the records behind
// it, and each named unit's reply against the deadline (overdue red). The bureau approves and
// publishes; a named unit replies with its rectification and files.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { noticeRecordKindLabels, noticeStatusLabels, replyStateLabels, type NoticeDetail, type NoticeUnitView, type ReplyState } from '../../contracts/accountability.js';
import { ApiError } from '../api.js';
import { detailFallback } from '../components/DetailFallback.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors } from '../forms.js';
import { formatDateTime } from '../format.js';
import { ACCOUNTABILITY_KEY, accountabilityApi } from './accountabilityApi.js';
import { NoticeDrawer } from './NoticeDrawer.js';

const replyColors: Record<ReplyState, string> = { not_due: 'default', pending: 'blue', overdue: 'red', replied: 'green', replied_late: 'orange' };
export const noticeStatusColors = { draft: 'default', approved: 'blue', published: 'green' } as const;

export function ReplyTag({ state }: { state: ReplyState }) {
  return (
    <Tag color={replyColors[state]} data-testid="notice-reply-state">
      {replyStateLabels[state]}
    </Tag>
  );
}

function ReplyModal({ notice, unit, onClose }: { notice: NoticeDetail; unit: NoticeUnitView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ replyText?: string; fileIds?: number[] }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: (v: { replyText?: string; fileIds?: number[] }) => accountabilityApi.reply(notice.id, unit!.unitId, { version: unit!.version, replyText: v.replyText?.trim() ?? '', fileIds: v.fileIds ?? [] }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ACCOUNTABILITY_KEY });
      message.success('整改情况已回复');
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'STALE_VERSION') void qc.invalidateQueries({ queryKey: ACCOUNTABILITY_KEY });
      applyServerErrors(form, err, ['replyText', 'fileIds']);
    },
  });
  return (
    <Modal
      open={!!unit}
      title={`回复整改情况：${unit?.unitName ?? ''}`}
      onCancel={onClose}
      destroyOnHidden
      okText="提交回复"
      okButtonProps={{ loading: send.isPending, 'data-testid': 'notice-reply-submit' } as never}
      onOk={() => form.validateFields().then((v) => send.mutate(v))}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ replyText: unit?.replyText ?? '', fileIds: unit?.replyFiles.map((f) => f.id) ?? [] }}>
        <Form.Item name="replyText" label="整改情况" rules={[{ required: true, whitespace: true, message: '请填写整改情况' }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder="已采取的整改措施、完成情况、责任落实" data-testid="notice-reply-text" />
        </Form.Item>
        <Form.Item name="fileIds" label="整改材料">
          <PhotoUpload files={unit?.replyFiles} unitId={unit?.unitId} label="上传材料" testId="notice-reply-files" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StepModal({ notice, step, onClose }: { notice: NoticeDetail; step: 'approve' | 'publish' | null; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: () => (step === 'approve' ? accountabilityApi.approveNotice(notice.id, notice.version, comment.trim() || null) : accountabilityApi.publishNotice(notice.id, notice.version)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ACCOUNTABILITY_KEY });
      message.success(step === 'approve' ? '通报已审核签发' : '通报已发布，被通报单位已收到提醒');
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) void qc.invalidateQueries({ queryKey: ACCOUNTABILITY_KEY });
      message.error(err instanceof ApiError ? err.message : '操作失败，请稍后重试');
    },
  });
  return (
    <Modal
      open={!!step}
      title={step === 'approve' ? '审核签发通报' : '发布通报'}
      onCancel={onClose}
      okText={step === 'approve' ? '签发' : '发布'}
      okButtonProps={{ loading: run.isPending, 'data-testid': 'notice-step-submit' } as never}
      onOk={() => run.mutate()}
    >
      {step === 'approve' ? (
        <>
          <Typography.Paragraph>签发后通报不能再修改，由区教育局发布给被通报单位。签发人：您本人。</Typography.Paragraph>
          <Input.TextArea rows={3} maxLength={1000} placeholder="审核意见（可选）" value={comment} onChange={(e) => setComment(e.target.value)} />
        </>
      ) : (
        <Typography.Paragraph>
          发布后，{notice.unitNames.join('、')} 将收到提醒，并须于 {notice.replyDueOn} 前回复整改情况。
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

export default function NoticeDetailPage() {
  const id = Number(useParams().id);
  const idValid = Number.isInteger(id) && id > 0;
  const q = useQuery({ queryKey: [...ACCOUNTABILITY_KEY, 'notice', id], queryFn: () => accountabilityApi.notice(id), enabled: idValid });
  const [editing, setEditing] = useState(false);
  const [step, setStep] = useState<'approve' | 'publish' | null>(null);
  const [replying, setReplying] = useState<NoticeUnitView | null>(null);
  const fallback = detailFallback(q, idValid, { name: '通报', back: '/accountability', backLabel: '返回通报列表' });
  if (fallback) return fallback;
  const n = q.data!;

  return (
    <>
      <PageHeader
        title={`${n.code} ${n.title}`}
        subTitle={
          <Tag color={noticeStatusColors[n.status]} data-testid="notice-status">
            {noticeStatusLabels[n.status]}
          </Tag>
        }
        extra={
          <Space wrap>
            <Link to="/accountability">返回通报列表</Link>
            {n.actions.edit && <Button onClick={() => setEditing(true)}>修改</Button>}
            {n.actions.approve && (
              <Button type="primary" onClick={() => setStep('approve')} data-testid="notice-approve">
                审核签发
              </Button>
            )}
            {n.actions.publish && (
              <Button type="primary" onClick={() => setStep('publish')} data-testid="notice-publish">
                发布
              </Button>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="通报事由" span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{n.reason}</span>
          </Descriptions.Item>
          <Descriptions.Item label="整改要求" span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{n.requirement ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="回复期限">{n.replyDueOn}</Descriptions.Item>
          <Descriptions.Item label="回复情况">
            已回复 {n.replies.replied}/{n.replies.total}
            {n.replies.overdue > 0 && <Tag color="red" style={{ marginLeft: 8 }}>逾期未回复 {n.replies.overdue}</Tag>}
          </Descriptions.Item>
        </Descriptions>
        <Timeline
          style={{ marginTop: 16 }}
          items={[
            { color: 'gray', children: `${formatDateTime(n.createdAt)} ${n.draftedByName} 起草` },
            ...(n.approvedAt ? [{ color: 'blue', children: `${formatDateTime(n.approvedAt)} ${n.approvedByName} 审核签发${n.approvalComment ? `：${n.approvalComment}` : ''}` }] : []),
            ...(n.publishedOn ? [{ color: 'green', children: `${n.publishedOn} ${n.publishedByName} 发布` }] : []),
          ]}
        />
      </Card>
      <Card title="被通报单位及整改回复" style={{ marginBottom: 16 }}>
        <Table<NoticeUnitView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={n.units}
          scroll={{ x: 900 }}
          data-testid="notice-units-table"
          columns={[
            { title: '单位', dataIndex: 'unitName', width: 180 },
            { title: '被通报人', key: 'person', width: 160, render: (_, u) => (u.personName ? `${u.personName}${u.personPost ? `（${u.personPost}）` : ''}` : '—') },
            { title: '回复', dataIndex: 'replyState', width: 110, render: (s: ReplyState) => <ReplyTag state={s} /> },
            {
              title: '整改情况',
              key: 'reply',
              render: (_, u) =>
                u.replyText ? (
                  <div>
                    <div style={{ whiteSpace: 'pre-wrap' }} data-testid="notice-reply-shown">
                      {u.replyText}
                    </div>
                    <FileList files={u.replyFiles} size={40} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {u.repliedByName} {u.repliedOn}
                    </Typography.Text>
                  </div>
                ) : (
                  '—'
                ),
            },
            {
              title: '操作',
              key: 'actions',
              width: 130,
              render: (_, u) =>
                u.canReply ? (
                  <Button type="link" onClick={() => setReplying(u)} data-testid="notice-reply">
                    {u.replyText ? '修改回复' : '回复整改情况'}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card title="通报依据">
        {n.records.length ? (
          <Table
            rowKey={(r) => `${r.kind}:${r.refId}:${r.refKey}`}
            size="small"
            pagination={false}
            dataSource={n.records}
            columns={[
              { title: '类型', dataIndex: 'kind', width: 200, render: (k: keyof typeof noticeRecordKindLabels) => noticeRecordKindLabels[k] },
              { title: '单位', dataIndex: 'unitName', width: 160 },
              { title: '内容（引用时）', dataIndex: 'label', render: (v: string, r) => <Link to={r.link}>{v}</Link> },
              { title: '日期', dataIndex: 'occurredOn', width: 110 },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">未引用具体记录</Typography.Text>
        )}
      </Card>
      <NoticeDrawer open={editing} notice={n} onClose={() => setEditing(false)} />
      <StepModal notice={n} step={step} onClose={() => setStep(null)} />
      <ReplyModal notice={n} unit={replying} onClose={() => setReplying(null)} />
    </>
  );
}
