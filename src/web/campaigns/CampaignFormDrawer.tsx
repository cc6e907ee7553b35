// Create or edit a campaign in a drawer: start from a seed's preset (002 闵行 three phases, 004 four
// phases) or blank; name, period, scope, self-check deadline, checklist, the phases and the areas with
// their responsible subject and departments. Server errors go under the field they name.
import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Divider, Drawer, Empty, Form, Grid, Input, Radio, Row, Select, Space, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CreateCampaign } from '../../contracts/campaigns.js';
import { campaignShapeProblems } from '../../domain/campaigns.js';
import { phaseKindLabels, phaseKinds, safetyAreaLabels, safetyAreas, type PhaseKind, type SafetyArea } from '../../contracts/enums.js';
import { api, type UnitTreeItem } from '../api.js';
import { useCan } from '../auth.js';
import { checklistsApi } from '../checklists/checklistsApi.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { buildUnitTree, useUnitTree, type UnitNode } from '../units/tree.js';
import { CAMPAIGNS_KEY, campaignsApi, type CampaignDetail, type CampaignPreset } from './campaignsApi.js';
import { applyNestedServerErrors, namePath } from './errors.js';
import { defaultStart, shiftPreset } from './presets.js';

interface PhaseValues {
  kind?: PhaseKind;
  name?: string;
  startsOn?: Dayjs;
  endsOn?: Dayjs;
}
interface AreaValues {
  area?: SafetyArea;
  tasks?: string;
  responsibleSubject?: string;
  responsibleDepartmentIds?: number[];
  cooperatingDepartmentIds?: number[];
}
interface Values {
  name?: string;
  description?: string;
  startsOn?: Dayjs;
  endsOn?: Dayjs;
  allSchools?: boolean;
  schoolIds?: number[];
  selfCheckDue?: Dayjs | null;
  checklistTemplateId?: number | null;
  phases?: PhaseValues[];
  areas?: AreaValues[];
}

const FIELDS = ['name', 'description', 'startsOn', 'endsOn', 'allSchools', 'schoolIds', 'selfCheckDue', 'checklistTemplateId', 'phases', 'areas'] as const;

type PresetKey = 'blank' | CampaignPreset['key'];

interface SelectNode {
  value: number;
  title: string;
  disableCheckbox?: boolean;
  children?: SelectNode[];
}

/** The visible tree with only active schools checkable; checking a town checks all its schools. */
function schoolTree(items: UnitTreeItem[]): SelectNode[] {
  const toNode = (n: UnitNode): SelectNode | null => {
    const children = n.children.map(toNode).filter((c): c is SelectNode => c !== null);
    if (n.item.kind !== 'school' && !children.length) return null;
    return { value: n.item.id, title: n.item.name, disableCheckbox: n.item.kind !== 'school' && !children.length, children: children.length ? children : undefined };
  };
  return buildUnitTree(items.filter((i) => i.status === 'active'))
    .map(toNode)
    .filter((c): c is SelectNode => c !== null);
}

function valuesOf(c: CampaignDetail): Values {
  return {
    name: c.name,
    description: c.description ?? undefined,
    startsOn: fromDay(c.startsOn),
    endsOn: fromDay(c.endsOn),
    allSchools: c.allSchools,
    schoolIds: c.schools.map((s) => s.id),
    selfCheckDue: fromDay(c.selfCheckDue) ?? null,
    checklistTemplateId: c.checklistTemplateId,
    phases: c.phases.map((p) => ({ kind: p.kind, name: p.name, startsOn: fromDay(p.startsOn), endsOn: fromDay(p.endsOn) })),
    areas: c.areas.map((a) => ({
      area: a.area,
      tasks: a.tasks ?? undefined,
      responsibleSubject: a.responsibleSubject,
      responsibleDepartmentIds: a.responsibleDepartments.map((d) => d.id),
      cooperatingDepartmentIds: a.cooperatingDepartments.map((d) => d.id),
    })),
  };
}

function bodyOf(v: Values): CreateCampaign {
  return {
    name: v.name?.trim() ?? '',
    description: v.description?.trim() || null,
    startsOn: toDay(v.startsOn) ?? '',
    endsOn: toDay(v.endsOn) ?? '',
    allSchools: v.allSchools !== false,
    schoolIds: v.allSchools === false ? (v.schoolIds ?? []) : [],
    selfCheckDue: toDay(v.selfCheckDue ?? undefined) ?? null,
    checklistTemplateId: v.checklistTemplateId ?? null,
    phases: (v.phases ?? []).map((p) => ({ kind: p.kind!, name: p.name?.trim() ?? '', startsOn: toDay(p.startsOn) ?? '', endsOn: toDay(p.endsOn) ?? '' })),
    areas: (v.areas ?? []).map((a) => ({
      area: a.area!,
      tasks: a.tasks?.trim() || null,
      responsibleSubject: a.responsibleSubject?.trim() ?? '',
      responsibleDepartmentIds: a.responsibleDepartmentIds ?? [],
      cooperatingDepartmentIds: a.cooperatingDepartmentIds ?? [],
    })),
  };
}

/** Departments of the district (units of kind department) with the areas they own. */
export function useDepartments(enabled = true) {
  const can = useCan();
  return useQuery({
    queryKey: ['units', 'list', { kind: 'department', pageSize: 200 }],
    queryFn: () => api.units({ kind: 'department', pageSize: 200 }),
    enabled: enabled && can('unit.read'),
    staleTime: 5 * 60_000,
    select: (page) => page.items.filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: u.name, areas: u.areas })),
    meta: { silent: true },
  });
}

export function CampaignFormDrawer({
  open,
  campaign,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Editing this campaign; creating when absent. */
  campaign?: CampaignDetail | null;
  onClose: () => void;
  onSaved?: (c: CampaignDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const editing = !!campaign;
  const tree = useUnitTree(open);
  const departments = useDepartments(open);
  const checklists = useQuery({
    queryKey: ['checklists', 'list', { status: 'active', pageSize: 200 }],
    queryFn: () => checklistsApi.list({ status: 'active', pageSize: 200 }),
    enabled: open,
    staleTime: 60_000,
  });
  const presets = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'presets'], queryFn: campaignsApi.presets, enabled: open && !campaign, staleTime: 5 * 60_000 });
  const [presetKey, setPresetKey] = useState<PresetKey>('002');
  const [presetStart, setPresetStart] = useState<string | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [shapeProblems, setShapeProblems] = useState<string[]>([]);
  const allSchools = Form.useWatch('allSchools', form);
  // Whether the person has changed anything since the form was filled (a preset then asks first).
  const edited = useRef(false);

  const treeData = useMemo(() => schoolTree(tree.data?.items ?? []), [tree.data]);
  const deptOptions = useMemo(() => (departments.data ?? []).map((d) => ({ value: d.id, label: d.name })), [departments.data]);
  const presetOf = (key: CampaignPreset['key']) => presets.data?.items.find((p) => p.key === key);
  const startOf = (key: PresetKey) => {
    const p = key === 'blank' ? undefined : presetOf(key);
    return p ? defaultStart(p.startsOn, todayBeijing()) : null;
  };

  const applyPreset = (key: PresetKey, start: string | null) => {
    edited.current = false;
    setMissing([]);
    setShapeProblems([]);
    form.resetFields();
    const base = key === 'blank' ? undefined : presetOf(key);
    if (!base || !start) {
      form.setFieldsValue({ allSchools: true, startsOn: fromDay(todayBeijing()), phases: [], areas: [] });
      return;
    }
    const p = shiftPreset(base, start);
    form.setFieldsValue({
      name: p.name,
      description: p.description,
      startsOn: fromDay(p.startsOn),
      endsOn: fromDay(p.endsOn),
      allSchools: true,
      schoolIds: [],
      selfCheckDue: fromDay(p.selfCheckDue) ?? null,
      checklistTemplateId: p.checklistTemplateId,
      phases: p.phases.map((ph) => ({ kind: ph.kind, name: ph.name, startsOn: fromDay(ph.startsOn), endsOn: fromDay(ph.endsOn) })),
      areas: p.areas.map((a) => ({
        area: a.area,
        tasks: a.tasks,
        responsibleSubject: a.responsibleSubject,
        responsibleDepartmentIds: a.responsibleDepartmentIds,
        cooperatingDepartmentIds: a.cooperatingDepartmentIds,
      })),
    });
    setMissing([...new Set(p.areas.flatMap((a) => a.missingDepartments))]);
  };

  // Opening: an edit shows the campaign; a new one starts from the 002 preset once it is loaded.
  useEffect(() => {
    if (!open) return;
    setShapeProblems([]);
    if (campaign) {
      edited.current = false;
      form.resetFields();
      form.setFieldsValue(valuesOf(campaign));
      setMissing([]);
      return;
    }
    if (presets.isPending) return;
    const key: PresetKey = presets.data?.items.some((p) => p.key === '002') ? '002' : 'blank';
    const start = startOf(key);
    setPresetKey(key);
    setPresetStart(start);
    applyPreset(key, start);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, campaign, presets.isPending]);

  const choosePreset = (key: PresetKey, start: string | null) => {
    const go = () => {
      setPresetKey(key);
      setPresetStart(start);
      applyPreset(key, start);
    };
    if (edited.current) {
      modal.confirm({ title: '套用方案将替换已填写的内容，是否继续？', okText: '继续', cancelText: '取消', onOk: go });
    } else go();
  };

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = bodyOf(v);
      return campaign ? campaignsApi.update(campaign.id, { ...body, version: campaign.version }) : campaignsApi.create(body);
    },
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
      message.success(editing ? '已保存' : `已创建专项整治“${c.name}”`);
      onSaved?.(c);
      onClose();
    },
    onError: (err) => applyNestedServerErrors(form, err, FIELDS),
  });

  const submit = (v: Values) => {
    // The same shape checks the server makes, so dates out of the period are marked before sending.
    const body = bodyOf(v);
    const problems = campaignShapeProblems({ ...body, phases: body.phases, areas: body.areas.filter((a) => a.area) });
    if (problems.length) {
      form.setFields(problems.map((p) => ({ name: namePath(p.field) as never, errors: [p.message] })));
      setShapeProblems(problems.map((p) => p.message));
      return;
    }
    setShapeProblems([]);
    save.mutate(v);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={editing ? `编辑专项整治：${campaign?.name}` : '新建专项整治'}
      size={phone ? '100%' : 960}
      forceRender
      destroyOnHidden={false}
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="campaign-submit">
            {editing ? '保存' : '创建'}
          </Button>
        </Space>
      }
    >
      {!editing && (
        <Card size="small" className="campaign-preset" style={{ marginBottom: 16 }}>
          <Space wrap align="center">
            <Typography.Text strong>
              <ThunderboltOutlined /> 从方案开始：
            </Typography.Text>
            <Radio.Group
              optionType="button"
              value={presetKey}
              onChange={(e) => {
                const key = e.target.value as PresetKey;
                choosePreset(key, startOf(key));
              }}
              options={[
                ...(presets.data?.items ?? []).map((p) => ({ value: p.key, label: p.key === '002' ? '002 闵行方案（三个阶段）' : p.key === '004' ? '004 三年行动（四个阶段）' : p.label })),
                { value: 'blank', label: '空白' },
              ]}
              data-testid="campaign-preset"
            />
            {presetKey !== 'blank' && presetStart && (
              <Space size={4}>
                <span>开始日期</span>
                <DatePicker
                  allowClear={false}
                  value={fromDay(presetStart)}
                  onChange={(d) => d && choosePreset(presetKey, toDay(d)!)}
                  data-testid="campaign-preset-start"
                />
              </Space>
            )}
          </Space>
          {presetKey !== 'blank' && (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              各阶段按方案的天数顺延到所选开始日期；套用后所有内容都可修改。
            </Typography.Paragraph>
          )}
          {missing.length > 0 && (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              showIcon
              title={`本区没有以下部门，相应领域未填入：${missing.join('、')}`}
              description="可在下方各领域中改选本区的责任部门，或先在“组织机构”中添加部门。"
            />
          )}
        </Card>
      )}
      {shapeProblems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title="请修改以下问题后再保存" description={shapeProblems.join('；')} />}

      <Form<Values> form={form} layout="vertical" onFinish={submit} onValuesChange={() => (edited.current = true)} requiredMark="optional" data-testid="campaign-form" initialValues={{ allSchools: true, phases: [], areas: [] }}>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="name" label="专项整治名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 100, message: '最多 100 字' }]}>
              <Input maxLength={100} placeholder="如：2027年校园安全专项整治" data-testid="campaign-name" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker style={{ width: '100%' }} data-testid="campaign-starts-on" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="endsOn" label="结束日期" rules={[{ required: true, message: '请选择结束日期' }]}>
              <DatePicker style={{ width: '100%' }} data-testid="campaign-ends-on" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label="工作目标与要求">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="allSchools" label="整治范围">
              <Radio.Group
                options={[
                  { value: true, label: '全区学校' },
                  { value: false, label: '指定学校' },
                ]}
                data-testid="campaign-scope"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="selfCheckDue" label="学校自查截止日期" extra="学校在此日前提交自查（002：3月20日前）">
              <DatePicker style={{ width: '100%' }} data-testid="campaign-self-check-due" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="checklistTemplateId" label="排查表" extra="学校自查使用的检查表模板">
              <Select
                allowClear
                loading={checklists.isPending}
                placeholder="选择检查表模板"
                options={(checklists.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.builtin ? '（内置）' : ''}` }))}
                data-testid="campaign-checklist"
              />
            </Form.Item>
          </Col>
        </Row>
        {allSchools === false && (
          <Form.Item name="schoolIds" label="参加的学校" rules={[{ required: true, type: 'array', min: 1, message: '请选择参加的学校' }]}>
            <TreeSelect<number[]>
              treeData={treeData}
              treeCheckable
              showCheckedStrategy={TreeSelect.SHOW_CHILD}
              showSearch
              treeNodeFilterProp="title"
              maxTagCount={8}
              loading={tree.isPending}
              placeholder="勾选学校，勾选镇街即选中其全部学校"
              styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
              data-testid="campaign-schools"
            />
          </Form.Item>
        )}

        <Divider titlePlacement="start">工作阶段</Divider>
        <Form.List name="phases">
          {(fields, { add, remove }) => (
            <div data-testid="campaign-phases">
              {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有阶段。002 方案分集中排查、专项整治、总结评估三个阶段" />}
              {fields.map((f, i) => (
                <Row key={f.key} gutter={8} align="top" className="campaign-form-row" data-testid="campaign-phase-row">
                  <Col xs={12} md={5}>
                    <Form.Item name={[f.name, 'kind']} label={phone || i === 0 ? '阶段类型' : undefined} rules={[{ required: true, message: '请选择' }]}>
                      <Select options={phaseKinds.map((k) => ({ value: k, label: phaseKindLabels[k] }))} placeholder="类型" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name={[f.name, 'name']} label={phone || i === 0 ? '阶段名称' : undefined} rules={[{ required: true, whitespace: true, message: '请填写' }]}>
                      <Input maxLength={40} placeholder="名称" />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={5}>
                    <Form.Item name={[f.name, 'startsOn']} label={phone || i === 0 ? '开始' : undefined} rules={[{ required: true, message: '请选择' }]}>
                      <DatePicker style={{ width: '100%' }} data-testid="campaign-phase-start" />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={5}>
                    <Form.Item name={[f.name, 'endsOn']} label={phone || i === 0 ? '结束' : undefined} rules={[{ required: true, message: '请选择' }]}>
                      <DatePicker style={{ width: '100%' }} data-testid="campaign-phase-end" />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={3}>
                    <Form.Item label={phone || i === 0 ? ' ' : undefined}>
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除阶段" />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'investigation' })}>
                添加阶段
              </Button>
            </div>
          )}
        </Form.List>

        <Divider titlePlacement="start">排查领域与责任分工</Divider>
        <Form.List name="areas">
          {(fields, { add, remove }) => (
            <div data-testid="campaign-areas">
              {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有排查领域。每个领域写明任务分工、责任主体、责任部门和配合部门" />}
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={`领域 ${i + 1}`}
                  extra={<Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除领域" />}
                  data-testid="campaign-area-row"
                >
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'area']} label="排查领域" rules={[{ required: true, message: '请选择排查领域' }]}>
                        <Select options={safetyAreas.map((a) => ({ value: a, label: safetyAreaLabels[a] }))} placeholder="选择领域" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={16}>
                      <Form.Item name={[f.name, 'responsibleSubject']} label="责任主体" rules={[{ required: true, whitespace: true, message: '请填写责任主体' }]}>
                        <Input maxLength={200} placeholder="如：各学校" />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item name={[f.name, 'tasks']} label="任务分工">
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
                  </Form.Item>
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item name={[f.name, 'responsibleDepartmentIds']} label="责任部门" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个责任部门' }]}>
                        <Select mode="multiple" showSearch optionFilterProp="label" options={deptOptions} loading={departments.isPending} placeholder="选择部门" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[f.name, 'cooperatingDepartmentIds']} label="配合部门">
                        <Select mode="multiple" showSearch optionFilterProp="label" options={deptOptions} loading={departments.isPending} placeholder="可不选" />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ responsibleSubject: '各学校', responsibleDepartmentIds: [], cooperatingDepartmentIds: [] })}>
                添加领域
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
