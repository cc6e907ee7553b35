// The writes on one incident's page, each in a drawer: the next report (首报 logged from a phone
// call by a unit above, 书面报告, 续报, 终报) and the bureau's signed determination (认定).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Drawer, Form, Grid, Input, InputNumber, Radio, Space } from 'antd';
import { useEffect } from 'react';
import { disciplineFlagLabels, incidentLevelLabels, incidentLevels, reportKindLabels, type DeterminationFinding, type IncidentLevel, type IncidentView, type ReportKind } from '../../contracts/incidents.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { beijingInstant, INCIDENTS_KEY, incidentsApi, nowLocal } from './incidentsApi.js';

function useSaved(onClose: () => void, done: string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (i: IncidentView) => {
    queryClient.setQueryData([...INCIDENTS_KEY, 'detail', i.id], i);
    void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY, predicate: (q) => q.queryKey[1] !== 'detail' });
    message.success(done);
    onClose();
  };
}

function FactsFields({ testId }: { testId: string }) {
  return (
    <>
      <Form.Item name="severity" label="事件等级" rules={[{ required: true, message: '请选择事件等级' }]}>
        <Radio.Group optionType="button" buttonStyle="solid" options={incidentLevels.map((l) => ({ value: l, label: incidentLevelLabels[l] }))} data-testid={`${testId}-severity`} />
      </Form.Item>
      <Space wrap size="middle">
        <Form.Item name="dead" label="死亡（人）" rules={[numberRule(0, 10000, { integer: true }), { required: true, message: '请填写死亡人数' }]}>
          <InputNumber precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="injured" label="受伤（人）" rules={[numberRule(0, 10000, { integer: true }), { required: true, message: '请填写受伤人数' }]}>
          <InputNumber precision={0} style={{ width: 110 }} data-testid={`${testId}-injured`} />
        </Form.Item>
        <Form.Item name="missingPersons" label="失踪（人）" rules={[numberRule(0, 10000, { integer: true }), { required: true, message: '请填写失踪人数' }]}>
          <InputNumber precision={0} style={{ width: 110 }} />
        </Form.Item>
      </Space>
    </>
  );
}

interface ReportValues {
  reportKind?: ReportKind;
  content?: string;
  severity?: IncidentLevel;
  dead?: number;
  injured?: number;
  missingPersons?: number;
  fileIds?: number[];
  phoneAt?: string;
  callerName?: string;
}

export function ReportModal({ incident, open, onClose }: { incident: IncidentView; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ReportValues>();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const own = me.unit.id === incident.unitId;
  const saved = useSaved(onClose, '报告已报送');
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ reportKind: incident.nextReportKinds[0], severity: incident.severity, dead: incident.dead, injured: incident.injured, missingPersons: incident.missingPersons, phoneAt: nowLocal() });
  }, [open, form, incident]);
  const save = useMutation({
    mutationFn: (v: ReportValues) =>
      incidentsApi.report(incident.id, {
        version: incident.version,
        reportKind: v.reportKind!,
        content: v.content!.trim(),
        severity: v.severity!,
        dead: v.dead ?? 0,
        injured: v.injured ?? 0,
        missingPersons: v.missingPersons ?? 0,
        fileIds: v.fileIds ?? [],
        ...(own ? {} : { phoneReport: { reportedAt: beijingInstant(v.phoneAt!), callerName: v.callerName!.trim() } }),
      }),
    onSuccess: saved,
    onError: (err) => applyServerErrors(form, err, ['reportKind', 'content', 'severity', 'dead', 'injured', 'missingPersons', 'fileIds', 'phoneReport']),
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={own ? '报告' : `登记${incident.unitName}的电话报告`}
      size={screens.sm ? 560 : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" size="large" loading={save.isPending} onClick={() => form.submit()} data-testid="incident-report-submit">
            报送
          </Button>
        </Space>
      }
    >
      <Form<ReportValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="reportKind" label="报告类型" rules={[{ required: true, message: '请选择报告类型' }]} extra="终报后事件结案，不能再报告">
          <Radio.Group optionType="button" options={incident.nextReportKinds.map((k) => ({ value: k, label: reportKindLabels[k] }))} data-testid="incident-report-kind" />
        </Form.Item>
        {!own && (
          <Space wrap size="middle">
            <Form.Item name="phoneAt" label="来电时间" rules={[{ required: true, message: '请填写来电时间' }]}>
              <Input type="datetime-local" max={nowLocal()} />
            </Form.Item>
            <Form.Item name="callerName" label="报告人" rules={[{ required: true, whitespace: true, message: '请填写报告人' }]} extra={`接报人：${me.user.displayName}`}>
              <Input maxLength={50} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="content" label="报告内容" rules={[{ required: true, whitespace: true, message: '请填写报告内容' }]}>
          <Input.TextArea rows={5} maxLength={4000} showCount placeholder="事件经过、伤亡与处置进展、下一步措施" data-testid="incident-report-content" />
        </Form.Item>
        <FactsFields testId="incident-report" />
        <Form.Item name="fileIds" label="照片与材料">
          <PhotoUpload unitId={incident.unitId} max={20} testId="incident-report-photos" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

interface DeterminationValues {
  findings?: DeterminationFinding[];
  reasons?: string;
  withFacts?: boolean;
  severity?: IncidentLevel;
  dead?: number;
  injured?: number;
  missingPersons?: number;
}

export function DeterminationModal({ incident, open, onClose, findings }: { incident: IncidentView; open: boolean; onClose: () => void; findings: readonly DeterminationFinding[] }) {
  const [form] = Form.useForm<DeterminationValues>();
  const screens = Grid.useBreakpoint();
  const withFacts = Form.useWatch('withFacts', form);
  const saved = useSaved(onClose, '认定已签字');
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ findings: [], severity: incident.severity, dead: incident.dead, injured: incident.injured, missingPersons: incident.missingPersons });
  }, [open, form, incident]);
  const save = useMutation({
    mutationFn: (v: DeterminationValues) =>
      incidentsApi.determine(incident.id, {
        version: incident.version,
        findings: v.findings ?? [],
        reasons: v.reasons!.trim(),
        ...(v.withFacts ? { facts: { severity: v.severity!, dead: v.dead ?? 0, injured: v.injured ?? 0, missingPersons: v.missingPersons ?? 0 } } : {}),
      }),
    onSuccess: saved,
    onError: (err) => applyServerErrors(form, err, ['findings', 'reasons', 'facts']),
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="局认定"
      size={screens.sm ? 560 : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" danger loading={save.isPending} onClick={() => form.submit()} data-testid="incident-determine-submit">
            签字认定
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="迟报、漏报由系统按报告时限判定，无需认定。认定以您的姓名签字并记入审计日志，不能修改；如需更正，请再作一次认定。" />
      <Form<DeterminationValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="findings" label="认定结论">
          <Checkbox.Group options={findings.map((f) => ({ value: f, label: disciplineFlagLabels[f] }))} data-testid="incident-findings" />
        </Form.Item>
        <Form.Item name="reasons" label="认定理由" rules={[{ required: true, whitespace: true, message: '请填写认定理由' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="incident-reasons" />
        </Form.Item>
        <Form.Item name="withFacts" valuePropName="checked">
          <Checkbox>认定的事实与所报不同（等级、伤亡）</Checkbox>
        </Form.Item>
        {withFacts && <FactsFields testId="incident-determine" />}
      </Form>
    </Drawer>
  );
}
