// One student's file (一生一档): opened only with a purpose chosen first (issue 16: every read is
// in the audit trail with who and why). Shows the name, the note, measures, guardian contact, the
// carers and the follow-ups; the buttons are the record's own `actions`. Works on a 390 px phone:
// a carer records a follow-up there.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Result, Select, Space, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  closeReasonLabels,
  closeReasons,
  concernKindLabels,
  consentStatusLabels,
  followUpMethodLabels,
  followUpMethods,
  readPurposeLabels,
  readPurposes,
  screeningBandLabels,
  type CareRecordView,
  type CloseReason,
  type FollowUpMethod,
  type ReadPurpose,
} from '../../contracts/care.js';
import { ApiError } from '../api.js';
import { PageHeader } from '../components/PageHeader.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { showError } from '../feedback.js';
import { applyServerErrors } from '../forms.js';
import { CareFiles } from './CareFiles.js';
import { CareRecordDrawer } from './CareRecordDrawer.js';
import { CARE_KEY, careApi } from './careApi.js';
import { DueTag } from './CareRecordsPage.js';
import { useCareMe } from './useCareMenu.js';

function PurposeGate({ onOpen }: { onOpen: (p: ReadPurpose) => void }) {
  const [purpose, setPurpose] = useState<ReadPurpose | undefined>();
  return (
    <Card style={{ maxWidth: 480 }}>
      <Typography.Paragraph>查阅重点学生档案须说明目的，查阅人、时间和目的将记入审计日志，校长可查看。</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select size="large" placeholder="请选择查阅目的" value={purpose} onChange={setPurpose} options={readPurposes.map((p) => ({ value: p, label: readPurposeLabels[p] }))} style={{ width: '100%' }} data-testid="care-purpose" />
        <Button size="large" type="primary" block disabled={!purpose} onClick={() => purpose && onOpen(purpose)} data-testid="care-purpose-open">
          打开档案
        </Button>
      </Space>
    </Card>
  );
}

function FollowUpDrawer({ record, open, onClose, onSaved }: { record: CareRecordView; open: boolean; onClose: () => void; onSaved: (r: CareRecordView) => void }) {
  const [form] = Form.useForm<{ followedUpOn?: Dayjs; followUpMethod?: FollowUpMethod; followUpNote?: string }>();
  const save = useMutation({
    mutationFn: (v: { followedUpOn?: Dayjs; followUpMethod?: FollowUpMethod; followUpNote?: string }) =>
      careApi.addFollowUp(record.id, { version: record.version, followedUpOn: toDay(v.followedUpOn)!, followUpMethod: v.followUpMethod!, followUpNote: v.followUpNote ?? '' }),
    onSuccess: (r) => (onSaved(r), onClose(), form.resetFields()),
    onError: (err) => applyServerErrors(form, err, ['followedUpOn', 'followUpMethod', 'followUpNote']),
  });
  return (
    <Drawer open={open} onClose={onClose} title="记录随访" width={Math.min(480, window.innerWidth)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ followedUpOn: fromDay(todayBeijing()), followUpMethod: 'talk' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="followedUpOn" label="随访日期" rules={[{ required: true, message: '请选择随访日期' }]}>
          <DatePicker size="large" style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="followUpMethod" label="随访方式" rules={[{ required: true, message: '请选择随访方式' }]}>
          <Select size="large" options={followUpMethods.map((m) => ({ value: m, label: followUpMethodLabels[m] }))} />
        </Form.Item>
        <Form.Item name="followUpNote" label="随访情况" rules={[{ required: true, whitespace: true, message: '请填写随访情况' }, { max: 2000, message: '最多 2000 字' }]}>
          <Input.TextArea rows={5} data-testid="care-follow-up-note" />
        </Form.Item>
        <Button size="large" type="primary" block htmlType="submit" loading={save.isPending} data-testid="care-follow-up-save">
          保存随访
        </Button>
      </Form>
    </Drawer>
  );
}

function AssignModal({ record, open, onClose, onSaved }: { record: CareRecordView; open: boolean; onClose: () => void; onSaved: (r: CareRecordView) => void }) {
  const [carerIds, setCarerIds] = useState<number[]>(record.carers.map((c) => c.userId));
  const candidates = useQuery({ queryKey: [...CARE_KEY, 'candidates', record.schoolId], queryFn: () => careApi.candidates(record.schoolId), enabled: open });
  const save = useMutation({ mutationFn: () => careApi.assignCarers(record.id, record.version, carerIds), onSuccess: (r) => (onSaved(r), onClose()), onError: showError });
  return (
    <Modal open={open} title="指定包靠人" onCancel={onClose} onOk={() => save.mutate()} okText="保存" confirmLoading={save.isPending} okButtonProps={{ disabled: !carerIds.length, 'data-testid': 'care-assign-save' } as never}>
      <Typography.Paragraph type="secondary">包靠人须为本校在职教职工，只能看到自己包靠的学生。</Typography.Paragraph>
      <Select mode="multiple" showSearch optionFilterProp="label" value={carerIds} onChange={setCarerIds} style={{ width: '100%' }} options={(candidates.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))} data-testid="care-assign-select" />
    </Modal>
  );
}

function CloseModal({ record, open, onClose, onSaved }: { record: CareRecordView; open: boolean; onClose: () => void; onSaved: (r: CareRecordView) => void }) {
  const [form] = Form.useForm<{ closedOn?: Dayjs; closeReason?: CloseReason }>();
  const save = useMutation({
    mutationFn: (v: { closedOn?: Dayjs; closeReason?: CloseReason }) => careApi.close(record.id, { version: record.version, closedOn: toDay(v.closedOn)!, closeReason: v.closeReason! }),
    onSuccess: (r) => (onSaved(r), onClose()),
    onError: (err) => applyServerErrors(form, err, ['closedOn', 'closeReason']),
  });
  return (
    <Modal open={open} title="结案" onCancel={onClose} onOk={() => form.submit()} okText="结案" confirmLoading={save.isPending}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="结案后档案保留至结案学年结束（教育局可延长），到期自动清除姓名、情况说明、联系方式和随访记录，只保留统计数字。" />
      <Form form={form} layout="vertical" initialValues={{ closedOn: fromDay(todayBeijing()) }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="closedOn" label="结案日期" rules={[{ required: true, message: '请选择结案日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="closeReason" label="结案原因" rules={[{ required: true, message: '请选择结案原因' }]}>
          <Select options={closeReasons.map((r) => ({ value: r, label: closeReasonLabels[r] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function CareRecordPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const me = useCareMe().data;
  // A record just created is shown as saved (the create is audited); any other opening asks why.
  const [record, setRecord] = useState<CareRecordView | null>((location.state as { opened?: CareRecordView } | null)?.opened ?? null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<'follow_up' | 'assign' | 'close' | 'edit' | null>(null);
  // The purpose the record was opened with: a file's download is a read with the same purpose.
  const [purpose, setPurpose] = useState<ReadPurpose>('care_plan');
  const open = useMutation({ mutationFn: (p: ReadPurpose) => (setPurpose(p), careApi.record(id, p)), onSuccess: setRecord, onError: setError });
  const saved = (r: CareRecordView) => (setRecord(r), void qc.invalidateQueries({ queryKey: CARE_KEY }));

  if (error instanceof ApiError && error.status === 404) return <Result status="404" title="档案不存在或无权查阅" extra={<Button onClick={() => navigate('/care/records')}>返回</Button>} />;
  if (!record)
    return (
      <>
        <PageHeader title="重点学生档案" />
        <PurposeGate onOpen={(p) => open.mutate(p)} />
      </>
    );
  const r = record;
  return (
    <>
      <PageHeader
        title={r.studentName}
        subTitle={`${r.schoolName} · ${r.studentGrade}年级${r.className}`}
        extra={
          <Space wrap>
            {r.actions.includes('follow_up') && (
              <Button size="large" type="primary" onClick={() => setDialog('follow_up')} data-testid="care-follow-up">
                记录随访
              </Button>
            )}
            {r.actions.includes('assign') && (
              <Button size="large" onClick={() => setDialog('assign')} data-testid="care-assign">
                指定包靠人
              </Button>
            )}
            {r.actions.includes('edit') && (
              <Button size="large" onClick={() => setDialog('edit')}>
                修改
              </Button>
            )}
            {r.actions.includes('close') && (
              <Button size="large" danger onClick={() => setDialog('close')}>
                结案
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="学生姓名">
            <span data-testid="care-student-name">{r.studentName}</span>
          </Descriptions.Item>
          <Descriptions.Item label="关注类别">{r.concernKinds.map((k) => <Tag key={k}>{concernKindLabels[k]}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label="筛查结果档">{r.concernBand ? screeningBandLabels[r.concernBand] : '—'}</Descriptions.Item>
          <Descriptions.Item label="包靠人" span={2}>
            <span data-testid="care-carers-shown">{r.carers.map((c) => c.displayName).join('、') || '未指定'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="随访">
            <span data-testid="care-due">
              <DueTag r={r} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="建档日期">{r.openedOn}</Descriptions.Item>
          <Descriptions.Item label="随访周期">{r.followUpDays} 天</Descriptions.Item>
          <Descriptions.Item label="监护人知情同意">
            {consentStatusLabels[r.consent]}
            {r.consentOn ? `（${r.consentOn}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="监护人">{r.guardianContact ? `${r.guardianContact.name}（${r.guardianContact.relation}） ${r.guardianContact.phone}` : '—'}</Descriptions.Item>
          <Descriptions.Item label="情况说明" span={3}>
            {r.careNote ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="包靠措施" span={3}>
            {r.careMeasures ?? '—'}
          </Descriptions.Item>
          {r.status === 'closed' && (
            <Descriptions.Item label="结案">
              {r.closedOn} {r.closeReason ? closeReasonLabels[r.closeReason] : ''}，{r.purgeOn} 后清除
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title="随访记录">
        {r.followUps.length ? (
          <Timeline
            items={r.followUps.map((f) => ({
              children: (
                <div data-testid="care-follow-up-item">
                  <Typography.Text strong>{f.followedUpOn}</Typography.Text> {followUpMethodLabels[f.followUpMethod]} · {f.byName}
                  <div>{f.followUpNote}</div>
                </div>
              ),
            }))}
          />
        ) : (
          <Typography.Text type="secondary">尚无随访记录：点击“记录随访”登记谈心、家访等情况</Typography.Text>
        )}
      </Card>
      <Card size="small" title="附件" style={{ marginTop: 12 }}>
        <CareFiles record={r} purpose={purpose} onChanged={(files) => setRecord({ ...r, files })} />
      </Card>
      <FollowUpDrawer record={r} open={dialog === 'follow_up'} onClose={() => setDialog(null)} onSaved={saved} />
      {dialog === 'assign' && <AssignModal record={r} open onClose={() => setDialog(null)} onSaved={saved} />}
      <CloseModal record={r} open={dialog === 'close'} onClose={() => setDialog(null)} onSaved={saved} />
      {me && <CareRecordDrawer open={dialog === 'edit'} record={r} schools={me.schools} onClose={() => setDialog(null)} onSaved={saved} />}
    </>
  );
}
