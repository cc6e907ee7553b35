import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, MinusOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Popconfirm, Progress, Radio, Result, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { hazardGradeLabels, type HazardGrade, type ItemResult } from '../../contracts/enums.js';
import type { FileRef } from '../../contracts/files.js';
import type { InspectionDetail, InspectionTarget } from '../../contracts/inspections.js';
import { ApiError } from '../api.js';
import { useMe } from '../auth.js';
import { enqueue, hasQueued, isNetworkError, listOutbox, onSynced } from '../offline/outbox.js';
import { recordOf, targetRecord } from '../offline/outbox-rules.js';
import { PageSpin } from '../components/FullPageSpin.js';
import { usePageTitle } from '../components/PageHeader.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { errorMessage, showError } from '../feedback.js';
import { formRows, inspectionKey } from './InspectionDetailPage.js';
import { INSPECTIONS_KEY, inspectionsApi } from './inspectionsApi.js';
import './inspections.css';

interface Mark {
  result: ItemResult | null;
  note: string;
  fileIds: number[];
}
interface HazardDraft {
  location: string;
  description: string;
  grade: HazardGrade;
}

const emptyMark: Mark = { result: null, note: '', fileIds: [] };
const emptyDraft: HazardDraft = { location: '', description: '', grade: 'general' };
const draftKey = (targetId: number) => `anxiao.inspection-fill.${targetId}`;

function marksOf(target: InspectionTarget): Record<string, Mark> {
  return Object.fromEntries(target.results.map((r) => [r.itemKey, { result: r.result, note: r.note ?? '', fileIds: r.files.map((f) => f.id) }]));
}

/** What was typed for failed items is kept on the phone until submitted (the server gets it with the submission). */
function loadDrafts(targetId: number): Record<string, HazardDraft> {
  try {
    return JSON.parse(localStorage.getItem(draftKey(targetId)) ?? '{}') as Record<string, HazardDraft>;
  } catch {
    return {};
  }
}

// Pass green, fail red, not applicable grey (UX.md); the chosen one is filled.
const choices: Array<{ result: ItemResult; label: string; icon: ReactNode; color: 'green' | 'danger' | 'default' }> = [
  { result: 'pass', label: '合格', icon: <CheckOutlined />, color: 'green' },
  { result: 'fail', label: '不合格', icon: <CloseOutlined />, color: 'danger' },
  { result: 'na', label: '不适用', icon: <MinusOutlined />, color: 'default' },
];

export default function FillPage() {
  const params = useParams();
  const id = Number(params.id);
  const targetId = Number(params.targetId);
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  // networkMode 'always': with no signal the query still runs and answers from the phone's copy.
  const detail = useQuery({ queryKey: inspectionKey(id), queryFn: () => inspectionsApi.get(id), meta: { silent: true }, networkMode: 'always' });
  const insp = detail.data;
  const target = insp?.targets.find((t) => t.id === targetId);
  usePageTitle(target ? `填写检查表 · ${target.schoolName}` : '填写检查表');

  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [drafts, setDrafts] = useState<Record<string, HazardDraft>>(() => loadDrafts(targetId));
  const [summary, setSummary] = useState('');
  const [saving, setSaving] = useState(0);
  const version = useRef<number | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const loadedFor = useRef<number | null>(null);
  const knownFiles = useRef<Map<number, FileRef>>(new Map());
  /** Signed and submitted with no network: the submission waits in the outbox. */
  const [queuedSubmit, setQueuedSubmit] = useState(false);

  // The server's marks are taken once per visit; from then on this page is the source of truth.
  useEffect(() => {
    if (!target || loadedFor.current === target.id) return;
    loadedFor.current = target.id;
    version.current = target.version;
    setMarks(marksOf(target));
    for (const r of target.results) for (const f of r.files) knownFiles.current.set(f.id, f);
    // What was marked offline and still waits is laid over the server's marks, in the order made.
    void listOutbox(me.user.id).then((queued) => {
      const mine = queued.filter((e) => recordOf(e) === targetRecord(target.id));
      if (mine.some((e) => e.kind === 'submit')) setQueuedSubmit(true);
      const over: Record<string, Mark> = {};
      for (const e of mine) if (e.kind === 'marks') for (const r of e.results) over[r.itemKey] = { result: r.result, note: r.note ?? '', fileIds: r.fileIds ?? [] };
      if (Object.keys(over).length) setMarks((m) => ({ ...m, ...over }));
    });
  }, [target, me.user.id]);

  // The outbox sent this form's queued writes: later saves go on from the version they reached.
  useEffect(() => onSynced((tid, t) => tid === targetId && (version.current = t.version)), [targetId]);

  useEffect(() => {
    localStorage.setItem(draftKey(targetId), JSON.stringify(drafts));
  }, [drafts, targetId]);

  const followUp = insp?.kind === 'follow_up';
  const rows = useMemo(() => (insp && target ? formRows(insp, target) : []), [insp, target]);
  const done = rows.filter((r) => marks[r.key]?.result).length;

  const reload = useCallback(async () => {
    loadedFor.current = null;
    await queryClient.invalidateQueries({ queryKey: inspectionKey(id) });
  }, [queryClient, id]);

  /**
   * Saves one item's mark as a draft; saves run one after another so each carries the latest
   * version. When another inspector saved in between (409), the fresh version is fetched, the save
   * is sent again, and the items the other person marked that are still open here are taken over.
   */
  /** Several marks in one request (其余全部合格), queued behind the saves before them. */
  const persistMany = useCallback(
    (entries: Array<[string, Mark]>) => {
      const marked = entries.filter(([, m]) => m.result);
      if (!marked.length) return;
      setSaving((n) => n + 1);
      const send = (v: number) =>
        inspectionsApi.saveResults(id, targetId, {
          version: v,
          results: marked.map(([itemKey, m]) => ({ itemKey, result: m.result!, note: m.note.trim() || null, fileIds: m.fileIds })),
        });
      const results = marked.map(([itemKey, m]) => ({ itemKey, result: m.result!, note: m.note.trim() || null, fileIds: m.fileIds }));
      // No network, or earlier writes of this form already waiting: this one waits behind them (issue 17).
      const toOutbox = () =>
        enqueue({
          kind: 'marks',
          userId: me.user.id,
          inspectionId: id,
          targetId,
          version: version.current!,
          title: `${target?.schoolName ?? ''} · ${marked.length === 1 ? `第 ${rows.find((r) => r.key === marked[0][0])?.no ?? ''} 项` : `${marked.length} 项`}`,
          itemLabels: Object.fromEntries(rows.map((r) => [r.key, `第 ${r.no} 项 ${r.text}`])),
          results,
        });
      queue.current = queue.current
        .then(async () => {
          let t: InspectionTarget;
          if ((await hasQueued(me.user.id, targetRecord(targetId)))) return toOutbox();
          try {
            t = await send(version.current!);
          } catch (err) {
            if (isNetworkError(err)) return toOutbox();
            if (!(err instanceof ApiError && err.code === 'STALE_VERSION')) throw err;
            const fresh = (await inspectionsApi.get(id)).targets.find((x) => x.id === targetId);
            if (!fresh) throw err;
            t = await send(fresh.version);
            const theirs = marksOf(t);
            setMarks((m) => {
              const merged = { ...m };
              for (const [k, v] of Object.entries(theirs)) if (!merged[k]?.result) merged[k] = v;
              return merged;
            });
            message.info('其他检查人员也在填写这份检查表，已合并他们的结果');
          }
          version.current = t.version;
          for (const r of t.results) for (const f of r.files) knownFiles.current.set(f.id, f);
        })
        .catch((err: unknown) => {
          const what = marked.length === 1 ? `第 ${rows.find((r) => r.key === marked[0][0])?.no ?? ''} 项` : `${marked.length} 项`;
          message.error(`${what}未保存：${errorMessage(err)}`);
          if (err instanceof ApiError && err.status === 409) void reload();
        })
        .finally(() => setSaving((n) => n - 1));
    },
    [id, targetId, message, reload, rows, me.user.id, target?.schoolName],
  );

  const persist = useCallback((key: string, mark: Mark) => persistMany([[key, mark]]), [persistMany]);

  // A 76-item checklist is mostly 合格: once the failed items are marked, one tap marks the rest
  // (issue 17), each still listed and changeable before signing.
  const passRest = () => {
    const rest = rows.filter((r) => !marks[r.key]?.result).map((r): [string, Mark] => [r.key, { ...(marks[r.key] ?? emptyMark), result: 'pass' }]);
    if (!rest.length) return;
    setMarks((m) => ({ ...m, ...Object.fromEntries(rest) }));
    persistMany(rest);
  };

  const update = (key: string, patch: Partial<Mark>, save: boolean) => {
    const next = { ...(marks[key] ?? emptyMark), ...patch };
    setMarks((m) => ({ ...m, [key]: next }));
    if (save) persist(key, next);
  };
  const updateDraft = (key: string, patch: Partial<HazardDraft>) => setDrafts((d) => ({ ...d, [key]: { ...(d[key] ?? emptyDraft), ...patch } }));

  const start = useMutation({
    mutationFn: (i: InspectionDetail) => inspectionsApi.start(i.id, i.version),
    onSuccess: async () => {
      await reload();
      void queryClient.invalidateQueries({ queryKey: INSPECTIONS_KEY });
    },
    onError: showError,
  });

  // One key per submission: sent again after a lost answer, the server knows it (issue 17).
  const submitKey = useRef<string>(crypto.randomUUID());
  const submit = useMutation({
    // Signed with no signal too: the submission then goes to the outbox.
    networkMode: 'always',
    mutationFn: async (): Promise<InspectionTarget | null> => {
      await queue.current;
      const failed = followUp
        ? []
        : rows
            .filter((r) => marks[r.key]?.result === 'fail')
            .map((r) => {
              const d = drafts[r.key] ?? emptyDraft;
              return { itemKey: r.key, location: d.location.trim(), description: d.description.trim() || null, grade: d.grade };
            });
      const body = { version: version.current!, summary: summary.trim() || null, failed, submitKey: submitKey.current };
      const toOutbox = async () => {
        await enqueue({
          kind: 'submit',
          userId: me.user.id,
          inspectionId: id,
          targetId,
          title: `${target?.schoolName ?? ''} · 提交并签字`,
          itemLabels: {},
          ...body,
        });
        return null;
      };
      if ((await hasQueued(me.user.id, targetRecord(targetId)))) return toOutbox();
      try {
        return await inspectionsApi.submit(id, targetId, body);
      } catch (err) {
        if (isNetworkError(err)) return toOutbox();
        throw err;
      }
    },
    onSuccess: (t) => {
      localStorage.removeItem(draftKey(targetId));
      if (!t) {
        setQueuedSubmit(true);
        message.success('已签字，当前无网络：提交已保存在手机上，网络恢复后自动同步');
        return;
      }
      const made = t.results.filter((r) => r.hazardId).length;
      const failedCount = t.results.filter((r) => r.result === 'fail').length;
      message.success(followUp ? `已提交签字：${failedCount} 条隐患回头看未通过，已退回重新整改` : `已提交签字，登记隐患 ${made} 条`);
      void queryClient.invalidateQueries({ queryKey: INSPECTIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['hazards'] });
      navigate(`/inspections/${id}`);
    },
    onError: async (err) => {
      showError(err);
      const key = err instanceof ApiError ? (err.details as Array<{ itemKey?: string }> | undefined)?.[0]?.itemKey : undefined;
      if (key) document.getElementById(`item-${key}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      if (err instanceof ApiError && err.status === 409) await reload();
    },
  });

  const scrollTo = (key: string) => document.getElementById(`item-${key}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });

  function confirmSubmit() {
    const unmarked = rows.find((r) => !marks[r.key]?.result);
    if (unmarked) {
      message.warning(`第 ${unmarked.no} 项尚未检查`);
      return scrollTo(unmarked.key);
    }
    const failedRows = rows.filter((r) => marks[r.key]?.result === 'fail');
    const missing = followUp
      ? failedRows.find((r) => !marks[r.key].note.trim())
      : failedRows.find((r) => !(drafts[r.key]?.location ?? '').trim());
    if (missing) {
      message.warning(followUp ? `第 ${missing.no} 项未通过，请在备注中写明发现的问题` : `第 ${missing.no} 项不合格，请填写隐患位置`);
      return scrollTo(missing.key);
    }
    modal.confirm({
      title: '提交并签字',
      width: 520,
      okText: '确认提交并签字',
      cancelText: '再检查一下',
      content: (
        <div data-testid="submit-confirm">
          <p>提交后检查表不能再修改，签字即表示您对检查结果负责（签字压责）。</p>
          {failedRows.length === 0 ? (
            <p>全部检查项合格或不适用，不生成隐患。</p>
          ) : followUp ? (
            <>
              <p>以下 {failedRows.length} 条隐患回头看未通过，将退回重新整改并记为整改不实：</p>
              <ol className="fill-confirm-list">
                {failedRows.map((r) => (
                  <li key={r.key}>{r.text}</li>
                ))}
              </ol>
            </>
          ) : (
            <>
              <p>将登记以下 {failedRows.length} 条隐患：</p>
              <ol className="fill-confirm-list">
                {failedRows.map((r) => {
                  const d = drafts[r.key] ?? emptyDraft;
                  const note = marks[r.key].note.trim();
                  return (
                    <li key={r.key}>
                      {d.grade === 'major' && <Tag color="red">重大</Tag>}
                      <b>{d.location}</b>：{d.description.trim() || `${r.text}${note ? `：${note}` : ''}`}
                    </li>
                  );
                })}
              </ol>
            </>
          )}
        </div>
      ),
      onOk: () => submit.mutateAsync().catch(() => undefined),
    });
  }

  if (detail.isPending) return <PageSpin />;
  if (detail.isError || !insp || !target) {
    return (
      <Result
        status="404"
        title="检查表不存在或无权访问"
        extra={<Button onClick={() => navigate('/inspections')}>返回检查任务</Button>}
      />
    );
  }

  const back = () => (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/inspections/${id}`)}>
      返回检查任务
    </Button>
  );
  if (queuedSubmit) {
    return (
      <div className="fill-page">
        <Result
          status="success"
          title="已签字，等待同步"
          subTitle={`${target.schoolName}的检查表已在手机上提交签字，网络恢复后自动发送到服务器，不合格项随即登记为隐患。可在页头“待同步”中查看。`}
          extra={back()}
          data-testid="fill-queued"
        />
      </div>
    );
  }
  if (!target.actions.includes('fill')) {
    const why =
      target.status === 'submitted'
        ? '该校检查表已提交签字，不能再修改。'
        : insp.status === 'planned'
          ? '检查尚未开始。'
          : '只有本次检查的检查人员可以填写检查表。';
    return (
      <div className="fill-page">
        <Result
          status="info"
          title={`${target.schoolName} · ${insp.title}`}
          subTitle={why}
          extra={
            <Space wrap>
              {back()}
              {insp.status === 'planned' && insp.actions.includes('start') && (
                <Button type="primary" icon={<PlayCircleOutlined />} loading={start.isPending} onClick={() => start.mutate(insp)} data-testid="fill-start">
                  开始检查
                </Button>
              )}
            </Space>
          }
        />
      </div>
    );
  }

  let lastSection = '';
  return (
    <div className="fill-page" data-testid="fill-page">
      <div className="fill-head">
        <div className="fill-head-title">
          <Typography.Text strong ellipsis>
            {target.schoolName}
          </Typography.Text>
          <Typography.Text type="secondary" className="fill-head-sub" ellipsis>
            {insp.code} {insp.title}
          </Typography.Text>
        </div>
        <div className="fill-head-progress" data-testid="fill-progress">
          已检查 {done} / {rows.length} 项{saving > 0 ? ' · 保存中…' : ''}
          <Progress percent={rows.length ? Math.round((done / rows.length) * 100) : 0} showInfo={false} size="small" />
        </div>
      </div>
      {followUp && <Alert type="info" showIcon className="fill-alert" message="回头看：逐条到现场复查整改情况。整改属实选“合格”，不实选“不合格”并在备注写明问题。" />}

      {rows.map((r) => {
        const mark = marks[r.key] ?? emptyMark;
        const draft = drafts[r.key] ?? emptyDraft;
        const header = r.section !== lastSection ? r.section : null;
        lastSection = r.section;
        return (
          <div key={r.key}>
            {header && <div className="fill-section">{header}</div>}
            <Card size="small" className={`fill-item fill-item-${mark.result ?? 'open'}`} id={`item-${r.key}`} data-testid="fill-item" data-key={r.key}>
              <div className="fill-item-no">第 {r.no} 项</div>
              <div className="fill-item-text">{r.text}</div>
              {r.hint && <div className="fill-item-hint">{r.hint}</div>}
              <div className="fill-choices">
                {choices
                  .filter((c) => !(followUp && c.result === 'na'))
                  .map((c) => (
                    <Button
                      key={c.result}
                      size="large"
                      icon={c.icon}
                      color={c.color}
                      variant={mark.result === c.result ? 'solid' : 'outlined'}
                      className="fill-choice"
                      aria-pressed={mark.result === c.result}
                      onClick={() => update(r.key, { result: c.result }, true)}
                      data-testid={`choice-${c.result}`}
                    >
                      {followUp && c.result === 'pass' ? '整改属实' : followUp && c.result === 'fail' ? '整改不实' : c.label}
                    </Button>
                  ))}
              </div>
              <Input.TextArea
                className="fill-note"
                placeholder={mark.result === 'fail' ? '备注：写明发现的问题' : '备注（选填）'}
                autoSize={{ minRows: 1, maxRows: 5 }}
                maxLength={1000}
                value={mark.note}
                onChange={(e) => update(r.key, { note: e.target.value }, false)}
                onBlur={() => persist(r.key, marks[r.key] ?? emptyMark)}
                data-testid="fill-note"
              />
              <PhotoUpload
                value={mark.fileIds}
                files={[...knownFiles.current.values()]}
                unitId={target.schoolId}
                max={9}
                label="拍照"
                onChange={(fileIds) => update(r.key, { fileIds }, true)}
                keepOffline
                testId="fill-photos"
              />
              {mark.result === 'fail' && !followUp && (
                <div className="fill-hazard" data-testid="fill-hazard">
                  <div className="fill-hazard-title">将登记为隐患</div>
                  <Input
                    size="large"
                    placeholder="隐患位置（必填），如：教学楼一楼东侧通道"
                    maxLength={200}
                    value={draft.location}
                    status={draft.location.trim() ? undefined : 'warning'}
                    onChange={(e) => updateDraft(r.key, { location: e.target.value })}
                    data-testid="fill-location"
                  />
                  <Input.TextArea
                    placeholder={`隐患描述（不填则为：${r.text}${mark.note.trim() ? `：${mark.note.trim()}` : ''}）`}
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    maxLength={2000}
                    value={draft.description}
                    onChange={(e) => updateDraft(r.key, { description: e.target.value })}
                    data-testid="fill-description"
                  />
                  <Radio.Group
                    size="large"
                    optionType="button"
                    buttonStyle="solid"
                    value={draft.grade}
                    onChange={(e) => updateDraft(r.key, { grade: e.target.value as HazardGrade })}
                    options={(['general', 'major'] as const).map((g) => ({ value: g, label: `${hazardGradeLabels[g]}隐患` }))}
                    data-testid="fill-grade"
                  />
                </div>
              )}
            </Card>
          </div>
        );
      })}

      <Card size="small" className="fill-item">
        <div className="fill-item-no">检查小结（选填）</div>
        <Input.TextArea placeholder="总体情况、主要问题、整改要求" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </Card>
      <div className="fill-submit">
        {done < rows.length && (
          <Popconfirm
            title={`将其余 ${rows.length - done} 项${followUp ? '标为“整改属实”' : '标为“合格”'}？`}
            description="标记后仍可逐项修改"
            okText="确定"
            cancelText="取消"
            onConfirm={passRest}
          >
            <Button size="large" block icon={<CheckOutlined />} style={{ marginBottom: 8 }} data-testid="fill-pass-rest">
              {followUp ? '其余全部整改属实' : '其余全部合格'}（{rows.length - done} 项）
            </Button>
          </Popconfirm>
        )}
        <Button type="primary" size="large" block loading={submit.isPending} onClick={confirmSubmit} data-testid="fill-submit">
          提交并签字（已检查 {done} / {rows.length}）
        </Button>
        <div className="fill-back">{back()}</div>
      </div>
    </div>
  );
}
