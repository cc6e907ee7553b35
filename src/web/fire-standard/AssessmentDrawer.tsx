// One self-assessment (自评) against its version of the standard: the school marks each item 符合 /
// 不符合 / 不适用 with a note and photos, saves and submits (signed); the district accepts (达标验收:
// 达标 / 不达标, the day, the failing items, the signed text). Every signed step in a timeline; a
// failing item becomes a hazard in one click.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Empty, Form, Input, Popconfirm, Radio, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { fireAcceptResultLabels, fireAnswerResultLabels, fireAssessmentStatusLabels, type FireAnswerInput, type FireAssessmentDetail } from '../../contracts/fire-standard.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { errorMessage } from '../feedback.js';
import { formatDateTime } from '../format.js';
import { FIRE_KEY, fireApi } from './fireStandardApi.js';

const statusColor = { draft: 'orange', submitted: 'blue', accepted: 'green', failed: 'red' } as const;
const stepLabel = { create: '发起自评', submit: '提交自评（申请验收）', accept: '验收达标', fail: '验收不达标' } as const;

export function FireStatusTag({ status }: { status: FireAssessmentDetail['status'] }) {
  return <Tag color={statusColor[status]}>{fireAssessmentStatusLabels[status]}</Tag>;
}

type Answers = Record<string, FireAnswerInput>;

function AcceptForm({ a, onDone }: { a: FireAssessmentDetail; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const result = Form.useWatch('result', form);
  const schoolFails = a.answers.filter((x) => x.result === 'fails').map((x) => x.key);
  const options = a.sections.flatMap((s) => s.items.map((i) => ({ value: i.key, label: `${s.title.replace(/^.、/, '')}：${i.text}` })));
  const accept = useMutation({
    mutationFn: (v: { result: 'pass' | 'fail'; acceptedOn: ReturnType<typeof fromDay>; comment: string; failedKeys?: string[] }) =>
      fireApi.accept(a.id, { version: a.version, result: v.result, acceptedOn: toDay(v.acceptedOn)!, comment: v.comment, failedKeys: v.result === 'fail' ? (v.failedKeys ?? []) : [] }),
    onSuccess: (r) => {
      message.success(r.result === 'pass' ? '已签字：验收达标' : `已签字：验收不达标，${r.hazards.length} 项已生成隐患`);
      onDone();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Form form={form} layout="vertical" initialValues={{ result: schoolFails.length ? 'fail' : 'pass', acceptedOn: fromDay(todayBeijing()), failedKeys: schoolFails }} onFinish={(v) => accept.mutate(v)} data-testid="fire-accept-form">
      <Form.Item name="result" label="验收结果" rules={[{ required: true, message: '请选择达标或不达标' }]}>
        <Radio.Group options={(['pass', 'fail'] as const).map((k) => ({ value: k, label: fireAcceptResultLabels[k] }))} optionType="button" />
      </Form.Item>
      <Form.Item name="acceptedOn" label="验收日期" rules={[{ required: true, message: '请选择验收日期' }]}>
        <DatePicker style={{ width: 200 }} />
      </Form.Item>
      {result === 'fail' && (
        <Form.Item name="failedKeys" label="不符合条目（每项将生成一条隐患）" rules={[{ required: true, message: '请选出不符合的条目' }]}>
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
      )}
      <Form.Item name="comment" label="验收意见（签字）" rules={[{ required: true, whitespace: true, message: '请填写验收意见' }]}>
        <Input.TextArea rows={3} maxLength={1000} placeholder="如：消防设施完好，疏散通道畅通，验收达标" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={accept.isPending}>
        签字确认
      </Button>
    </Form>
  );
}

export function AssessmentDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: [...FIRE_KEY, 'assessment', id], queryFn: () => fireApi.assessment(id!), enabled: id !== null });
  const a = q.data;
  const [answers, setAnswers] = useState<Answers>({});
  const [note, setNote] = useState('');
  useEffect(() => {
    if (!a) return;
    setAnswers(Object.fromEntries(a.answers.map((x) => [x.key, { key: x.key, result: x.result, note: x.note, fileIds: x.fileIds }])));
    setNote(a.note ?? '');
  }, [a?.id, a?.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const refresh = () => qc.invalidateQueries({ queryKey: FIRE_KEY });
  const save = useMutation({
    mutationFn: () => fireApi.save(a!.id, { version: a!.version, answers: Object.values(answers), note }),
    onSuccess: () => {
      message.success('自评已保存');
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const submit = useMutation({
    mutationFn: async () => {
      const saved = await fireApi.save(a!.id, { version: a!.version, answers: Object.values(answers), note });
      return fireApi.submit(a!.id, saved.version);
    },
    onSuccess: () => {
      message.success('自评已提交，等待区教育局达标验收');
      refresh();
    },
    onError: (e) => {
      message.error(errorMessage(e));
      refresh();
    },
  });
  const hazard = useMutation({
    mutationFn: (key: string) => fireApi.itemHazard(a!.id, key),
    onSuccess: (r) => {
      message.success(`已生成隐患 ${r.code}`);
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const editing = !!a?.actions.includes('edit');
  const set = (key: string, patch: Partial<FireAnswerInput>) =>
    setAnswers((m) => {
      const base: FireAnswerInput = m[key] ?? { key, result: 'meets', note: null, fileIds: [] };
      return { ...m, [key]: { ...base, ...patch } };
    });
  const failing = new Set([...(a?.answers.filter((x) => x.result === 'fails').map((x) => x.key) ?? []), ...(a?.failedKeys ?? [])]);
  const hazardOf = (key: string) => a?.hazards.find((h) => h.itemKey === key);

  return (
    <Drawer open={id !== null} onClose={onClose} width={880} title={a ? `${a.schoolName} · 消防安全标准化自评（标准第 ${a.standardNumber} 版）` : '自评'} destroyOnHidden>
      {!a ? (
        <Spin />
      ) : (
        <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="fire-assessment">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="状态">
              <FireStatusTag status={a.status} />
            </Descriptions.Item>
            <Descriptions.Item label="已自评">{`${Object.keys(answers).length} / ${a.itemCount} 项`}</Descriptions.Item>
            <Descriptions.Item label="不符合">{`${Object.values(answers).filter((x) => x.result === 'fails').length} 项`}</Descriptions.Item>
            {a.acceptedOn && <Descriptions.Item label="验收日期">{a.acceptedOn}</Descriptions.Item>}
            {a.acceptedByName && <Descriptions.Item label="验收人">{`${a.acceptedByName}（${a.acceptedUnitName}）`}</Descriptions.Item>}
          </Descriptions>
          {editing && <Alert type="info" showIcon message="逐项选择符合、不符合或不适用；不符合请写明问题并拍照。全部填完后点击“提交自评”申请达标验收。" />}
          {a.sections.map((s) => (
            <div key={s.title}>
              <Typography.Title level={5}>{s.title}</Typography.Title>
              {s.items.map((item) => {
                const ans = answers[item.key];
                const saved = a.answers.find((x) => x.key === item.key);
                const h = hazardOf(item.key);
                return (
                  <div key={item.key} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid={`fire-item-${item.key}`}>
                    <div>
                      {item.text}
                      <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                        {[item.standard, item.source].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </div>
                    <Space wrap style={{ marginTop: 6 }}>
                      {editing ? (
                        <Radio.Group value={ans?.result} onChange={(e) => set(item.key, { result: e.target.value })} options={(['meets', 'fails', 'na'] as const).map((k) => ({ value: k, label: fireAnswerResultLabels[k] }))} />
                      ) : ans ? (
                        <Tag color={ans.result === 'fails' ? 'red' : ans.result === 'na' ? 'default' : 'green'}>{fireAnswerResultLabels[ans.result]}</Tag>
                      ) : (
                        <Tag>未自评</Tag>
                      )}
                      {a.failedKeys.includes(item.key) && <Tag color="red">验收不符合</Tag>}
                      {h && (
                        <Link to={`/hazards/${h.id}`}>
                          <Tag color="volcano">隐患 {h.code}</Tag>
                        </Link>
                      )}
                      {!h && failing.has(item.key) && a.actions.includes('hazard') && (
                        <Button size="small" danger loading={hazard.isPending && hazard.variables === item.key} onClick={() => hazard.mutate(item.key)}>
                          生成隐患
                        </Button>
                      )}
                    </Space>
                    {editing && ans?.result === 'fails' && (
                      <Space direction="vertical" style={{ width: '100%', marginTop: 6 }}>
                        <Input.TextArea rows={2} maxLength={500} placeholder="存在的问题（必填）" value={ans.note ?? ''} onChange={(e) => set(item.key, { note: e.target.value })} />
                        <PhotoUpload value={ans.fileIds} files={saved?.files} unitId={a.schoolId} onChange={(fileIds) => set(item.key, { fileIds })} max={5} />
                      </Space>
                    )}
                    {!editing && saved?.note && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{saved.note}</Typography.Paragraph>}
                  </div>
                );
              })}
            </div>
          ))}
          {editing ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.TextArea rows={2} maxLength={1000} placeholder="自评说明（选填）" value={note} onChange={(e) => setNote(e.target.value)} />
              <Space>
                <Button
                  onClick={() =>
                    setAnswers((m) => Object.fromEntries(a.sections.flatMap((sec) => sec.items.map((i) => [i.key, m[i.key] ?? { key: i.key, result: 'meets' as const, note: null, fileIds: [] }]))))
                  }
                >
                  其余全部符合
                </Button>
                <Button onClick={() => save.mutate()} loading={save.isPending}>
                  保存
                </Button>
                <Popconfirm title="提交后不能再修改，确认提交自评并申请达标验收？" onConfirm={() => submit.mutate()}>
                  <Button type="primary" loading={submit.isPending} data-testid="fire-submit">
                    提交自评
                  </Button>
                </Popconfirm>
              </Space>
            </Space>
          ) : (
            a.note && <Alert type="info" message={`自评说明：${a.note}`} />
          )}
          {a.actions.includes('accept') && (
            <div>
              <Typography.Title level={5}>达标验收</Typography.Title>
              <AcceptForm a={a} onDone={refresh} />
            </div>
          )}
          <div>
            <Typography.Title level={5}>签字记录</Typography.Title>
            {a.steps.length ? (
              <Timeline
                items={a.steps.map((st) => ({
                  color: st.action === 'fail' ? 'red' : st.action === 'accept' ? 'green' : 'blue',
                  children: (
                    <div>
                      <b>{stepLabel[st.action]}</b> · {st.actorName}（{st.actorUnitName}） · {formatDateTime(st.at)}
                      {st.comment && <div>{st.comment}</div>}
                    </div>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无签字记录" />
            )}
          </div>
        </Space>
      )}
    </Drawer>
  );
}
