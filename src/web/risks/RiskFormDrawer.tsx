// 辨识登记风险 / 修改风险: where, what could happen, likelihood × severity (the colour shown as it is
// chosen, by the pack's bands), the kind (003) and season, the controls and the person responsible.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { safetyAreaLabels, safetyAreas, type SafetyArea } from '../../contracts/enums.js';
import { riskKindLabels, riskKinds, riskSeasonLabels, riskSeasons, type RiskKind, type RiskSeason, type RiskView } from '../../contracts/risks.js';
import { riskLevelOf } from '../../domain/risks.js';
import { useMe } from '../auth.js';
import { fromDay, todayBeijing, toDay } from '../dates.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { SchoolField, useSaveErrorHandler } from '../ledger/ledgerParts.js';
import { RISK_KEY, risksApi } from './risksApi.js';
import { RiskLevelTag } from './tags.js';

interface Values {
  schoolId?: number;
  area?: SafetyArea;
  place?: string;
  riskName?: string;
  likelihood?: number;
  severity?: number;
  riskKind?: RiskKind;
  season?: RiskSeason | null;
  controls?: string;
  controlOwnerId?: number;
  identifiedOn?: Dayjs;
}

const FIELDS = ['schoolId', 'area', 'place', 'riskName', 'likelihood', 'severity', 'riskKind', 'season', 'controls', 'controlOwnerId', 'identifiedOn'] as const;

export const LIKELIHOOD_LABELS = ['1 极不可能', '2 不太可能', '3 可能', '4 很可能', '5 几乎肯定'];
export const SEVERITY_LABELS = ['1 轻微', '2 较轻', '3 一般', '4 严重', '5 特别严重'];
export const scoreOptions = (labels: string[]) => labels.map((label, i) => ({ value: i + 1, label }));

export function RiskFormDrawer({ open, risk, onClose }: { open: boolean; risk?: RiskView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const likelihood = Form.useWatch('likelihood', form);
  const severity = Form.useWatch('severity', form);
  const kind = Form.useWatch('riskKind', form);
  const cadence = useQuery({ queryKey: [...RISK_KEY, 'cadence'], queryFn: risksApi.cadence, enabled: open, staleTime: 60_000 });
  const owners = useQuery({ queryKey: [...RISK_KEY, 'owners', schoolId], queryFn: () => risksApi.owners(schoolId!), enabled: open && !!schoolId });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (risk) {
      form.setFieldsValue({
        schoolId: risk.schoolId,
        area: risk.area,
        place: risk.place,
        riskName: risk.riskName,
        likelihood: risk.likelihood,
        severity: risk.severity,
        riskKind: risk.riskKind,
        season: risk.season,
        controls: risk.controls,
        controlOwnerId: risk.controlOwnerId,
        identifiedOn: fromDay(risk.identifiedOn),
      });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, riskKind: 'baseline', identifiedOn: fromDay(todayBeijing()) });
    }
  }, [open, risk, form, isSchool, me.unit.id]);

  const close = () => onClose();
  const onError = useSaveErrorHandler(form, FIELDS, RISK_KEY, close);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const fields = {
        area: v.area!,
        place: v.place!.trim(),
        riskName: v.riskName!.trim(),
        likelihood: v.likelihood!,
        severity: v.severity!,
        riskKind: v.riskKind!,
        season: v.riskKind === 'seasonal' ? (v.season ?? null) : null,
        controls: v.controls!.trim(),
        controlOwnerId: v.controlOwnerId!,
      };
      if (risk) return risksApi.update(risk.id, { version: risk.version, ...fields });
      return risksApi.create({ schoolId: v.schoolId!, ...fields, identifiedOn: toDay(v.identifiedOn)! });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: RISK_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success(risk ? '已保存风险' : `已登记风险（${saved.level === 'red' ? '红色' : saved.level === 'orange' ? '橙色' : saved.level === 'yellow' ? '黄色' : '蓝色'}）`);
      close();
    },
    onError,
  });

  const level = likelihood && severity && cadence.data ? riskLevelOf(likelihood, severity, cadence.data.bands) : null;

  return (
    <Drawer
      open={open}
      onClose={close}
      width={560}
      title={risk ? '修改风险' : '辨识登记风险'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={close}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="risk-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="risk-form">
        <SchoolField editingName={risk?.schoolName} testId="risk-school" />
        <Form.Item name="area" label="排查领域" rules={[{ required: true, message: '请选择排查领域' }]}>
          <Select options={safetyAreas.map((a) => ({ value: a, label: safetyAreaLabels[a] }))} placeholder="请选择" data-testid="risk-area" />
        </Form.Item>
        <Form.Item name="place" label="区域/部位" rules={[{ required: true, whitespace: true, message: '请填写区域/部位' }, { max: 100, message: '最多 100 字' }]}>
          <Input placeholder="如：学生宿舍、实验室、校门口、东侧河道" data-testid="risk-place" />
        </Form.Item>
        <Form.Item name="riskName" label="风险名称（可能发生什么）" rules={[{ required: true, whitespace: true, message: '请填写风险名称' }, { max: 200, message: '最多 200 字' }]}>
          <Input placeholder="如：宿舍违规用电引发火灾" data-testid="risk-name" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="likelihood" label="可能性" rules={[{ required: true, message: '请选择可能性' }]}>
            <Select style={{ width: 150 }} options={scoreOptions(LIKELIHOOD_LABELS)} placeholder="1—5" data-testid="risk-likelihood" />
          </Form.Item>
          <Form.Item name="severity" label="严重性" rules={[{ required: true, message: '请选择严重性' }]}>
            <Select style={{ width: 150 }} options={scoreOptions(SEVERITY_LABELS)} placeholder="1—5" data-testid="risk-severity" />
          </Form.Item>
          <Form.Item label="风险等级">
            <span data-testid="risk-level-preview">{level ? <RiskLevelTag level={level} /> : <Typography.Text type="secondary">选择后自动计算</Typography.Text>}</span>
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item name="riskKind" label="风险类别" rules={[{ required: true, message: '请选择风险类别' }]} extra="003：基础性、季节性、节假日、特殊风险">
            <Select style={{ width: 180 }} options={riskKinds.map((k) => ({ value: k, label: riskKindLabels[k] }))} data-testid="risk-kind" />
          </Form.Item>
          {kind === 'seasonal' && (
            <Form.Item name="season" label="季节" rules={[{ required: true, message: '季节性风险请选择季节' }]}>
              <Select style={{ width: 180 }} options={riskSeasons.map((k) => ({ value: k, label: riskSeasonLabels[k] }))} data-testid="risk-season" />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="controls" label="管控措施" rules={[{ required: true, whitespace: true, message: '请填写管控措施' }, { max: 2000, message: '最多 2000 字' }]}>
          <Input.TextArea rows={3} placeholder="如：每日巡查、限电器、警示标识、应急处置预案" data-testid="risk-controls" />
        </Form.Item>
        <Form.Item name="controlOwnerId" label="管控责任人" rules={[{ required: true, message: '请选择管控责任人' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={schoolId ? '请选择本校人员' : '请先选择学校'}
            loading={owners.isFetching}
            options={(owners.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
            notFoundContent={owners.isFetching ? '加载中…' : '该校暂无可选人员'}
            data-testid="risk-owner"
          />
        </Form.Item>
        {!risk && (
          <Form.Item name="identifiedOn" label="辨识日期" rules={[{ required: true, message: '请选择辨识日期' }]}>
            <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > todayBeijing()} data-testid="risk-identified-on" />
          </Form.Item>
        )}
        {cadence.data && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            复核周期（规则包第 {cadence.data.packVersion} 版）：重大 {cadence.data.days.red} 天、较大 {cadence.data.days.orange} 天、一般 {cadence.data.days.yellow} 天、低 {cadence.data.days.blue} 天；季节、节假日、重点时段开始前 {cadence.data.leadDays} 天内复核。
          </Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}
