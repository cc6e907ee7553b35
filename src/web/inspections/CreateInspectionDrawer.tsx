import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Select, Space, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { inspectionKindLabels, type InspectionKind } from '../../contracts/enums.js';
import type { CreateInspection } from '../../contracts/inspections.js';
import type { UnitTreeItem } from '../api.js';
import { useMe } from '../auth.js';
import { applyServerErrors } from '../forms.js';
import { buildUnitTree, useUnitTree, type UnitNode } from '../units/tree.js';
import { INSPECTIONS_KEY, inspectionsApi } from './inspectionsApi.js';
import { useInspectionOptions } from './SelfCheckButton.js';

interface Values {
  kind?: InspectionKind;
  title?: string;
  plannedOn?: Dayjs;
  schoolIds?: number[];
  inspectorUnitId?: number;
  inspectorIds?: number[];
  checklistTemplateId?: number;
  followUpOfId?: number;
}

const FIELDS = ['kind', 'title', 'plannedOn', 'schoolIds', 'inspectorUnitId', 'inspectorIds', 'checklistTemplateId', 'followUpOfId', 'hazardIds'] as const;

const kindHelp: Record<InspectionKind, string> = {
  self_check: '学校对照检查表检查本校，检查人员为本校人员。',
  town_check: '镇街对所属学校开展普查。',
  spot_check: '区教育局抽查学校。',
  joint: '多部门联合督查。',
  specialist: '消防、食品、特种设备等专业检查。',
  cross: '派出一所学校或一个镇街的检查人员，检查其他单位的学校（不能检查本单位）。',
  unannounced: '四不两直：不发通知、不打招呼、不听汇报、不用陪同，直奔基层、直插现场。开始检查前，被检查学校看不到该任务。',
  follow_up: '对已整改验收的隐患回头看：逐条复查，不合格的隐患重新整改并记为整改不实。',
  video_patrol: '通过学校视频监控（校园天眼、明厨亮灶）在线巡查：打开学校的视频点位，对照视频巡查表逐项查看，发现问题截图作为隐患证据。',
};

interface SelectNode {
  value: number;
  title: string;
  disableCheckbox?: boolean;
  selectable?: boolean;
  children?: SelectNode[];
}

/** The visible tree with only active schools checkable; checking a town checks all its schools. */
export function schoolTree(items: UnitTreeItem[]): SelectNode[] {
  const active = items.filter((i) => i.status === 'active');
  const toNode = (n: UnitNode): SelectNode | null => {
    const children = n.children.map(toNode).filter((c): c is SelectNode => c !== null);
    if (n.item.kind !== 'school' && !children.length) return null;
    return { value: n.item.id, title: n.item.name, disableCheckbox: n.item.kind !== 'school' && !children.length, children: children.length ? children : undefined };
  };
  return buildUnitTree(active)
    .map(toNode)
    .filter((c): c is SelectNode => c !== null);
}

export function CreateInspectionDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const options = useInspectionOptions(open);
  const tree = useUnitTree(open);
  const kind = Form.useWatch('kind', form);
  const schoolIds = Form.useWatch('schoolIds', form);
  const inspectorUnitId = Form.useWatch('inspectorUnitId', form);
  const [who, setWho] = useState('');

  const isSchool = me.unit.kind === 'school';
  // Whose people may be chosen: a self-check's school, a cross check's inspecting unit.
  const peopleUnit = kind === 'self_check' ? (isSchool ? me.unit.id : schoolIds?.[0]) : kind === 'cross' ? inspectorUnitId : undefined;
  const candidates = useQuery({
    queryKey: [...INSPECTIONS_KEY, 'candidates', peopleUnit ?? null, who],
    queryFn: () => inspectionsApi.candidates({ unitId: peopleUnit, q: who || undefined }),
    enabled: open && (kind !== 'self_check' || peopleUnit !== undefined) && (kind !== 'cross' || peopleUnit !== undefined),
  });
  const earlier = useQuery({
    queryKey: [...INSPECTIONS_KEY, 'list', 'follow-up-sources'],
    queryFn: () => inspectionsApi.list({ status: 'submitted', pageSize: 200 }),
    enabled: open && kind === 'follow_up',
  });

  const treeData = useMemo(() => schoolTree(tree.data?.items ?? []), [tree.data]);
  const inspectorUnits = useMemo(
    () => (tree.data?.items ?? []).filter((i) => i.status === 'active' && (i.kind === 'school' || i.kind === 'town')).map((i) => ({ value: i.id, label: i.name })),
    [tree.data],
  );

  useEffect(() => {
    if (!open || !options.data) return;
    form.resetFields();
    const kinds = options.data.kinds;
    const first = kinds.includes('spot_check') ? 'spot_check' : kinds.includes('town_check') ? 'town_check' : kinds[0];
    form.setFieldsValue({
      kind: first,
      plannedOn: dayjs(),
      checklistTemplateId: options.data.builtinChecklistId ?? options.data.checklists[0]?.id,
      schoolIds: isSchool ? [me.unit.id] : undefined,
      inspectorIds: isSchool ? [me.user.id] : undefined,
    });
  }, [open, options.data, form, isSchool, me.unit.id, me.user.id]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: CreateInspection = {
        kind: v.kind!,
        title: v.title?.trim() ?? '',
        plannedOn: v.plannedOn!.format('YYYY-MM-DD'),
        schoolIds: v.kind === 'follow_up' ? [] : (v.schoolIds ?? []),
        inspectorIds: v.inspectorIds ?? [],
        checklistTemplateId: v.kind === 'follow_up' ? null : (v.checklistTemplateId ?? null),
        inspectorUnitId: v.kind === 'cross' ? (v.inspectorUnitId ?? null) : null,
        followUpOfId: v.kind === 'follow_up' ? (v.followUpOfId ?? null) : null,
      };
      return inspectionsApi.create(body);
    },
    onSuccess: (insp) => {
      void queryClient.invalidateQueries({ queryKey: INSPECTIONS_KEY });
      message.success(`已发起检查 ${insp.code}`);
      onClose();
      navigate(`/inspections/${insp.id}`);
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });

  const kinds = options.data?.kinds ?? [];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="发起检查"
      size={560}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="inspection-create-submit">
            发起
          </Button>
        </Space>
      }
    >
      {options.data && !kinds.length && <Alert type="info" showIcon message="您的角色不能发起检查任务。" />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark="optional" data-testid="inspection-create-form">
        <Form.Item name="kind" label="检查类型" rules={[{ required: true, message: '请选择检查类型' }]} extra={kind ? kindHelp[kind] : undefined}>
          <Select options={kinds.map((k) => ({ value: k, label: inspectionKindLabels[k] }))} data-testid="inspection-kind" />
        </Form.Item>
        <Form.Item name="title" label="检查名称" rules={[{ required: true, whitespace: true, message: '请填写检查名称' }, { max: 100, message: '最多 100 字' }]}>
          <Input placeholder="如：2026 年春季开学安全检查" maxLength={100} data-testid="inspection-title" />
        </Form.Item>
        <Form.Item name="plannedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {kind === 'cross' && (
          <Form.Item name="inspectorUnitId" label="检查单位（派出检查人员的学校或镇街）" rules={[{ required: true, message: '请选择检查单位' }]}>
            <Select showSearch optionFilterProp="label" options={inspectorUnits} placeholder="选择学校或镇街" onChange={() => form.setFieldValue('inspectorIds', [])} />
          </Form.Item>
        )}
        {kind === 'follow_up' ? (
          <Form.Item
            name="followUpOfId"
            label="回头看的原检查"
            rules={[{ required: true, message: '请选择原检查' }]}
            extra="复查原检查发现、且已整改验收的隐患。专项整治的抽查回头看由专项整治页面生成。"
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={earlier.isFetching}
              options={(earlier.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))}
              placeholder="选择已提交的检查"
            />
          </Form.Item>
        ) : (
          !(isSchool && kind === 'self_check') && (
            <Form.Item name="schoolIds" label="被检查学校" rules={[{ required: true, type: 'array', min: 1, message: '请选择被检查学校' }]}>
              <TreeSelect<number[]>
                treeData={treeData}
                treeCheckable
                showCheckedStrategy={TreeSelect.SHOW_CHILD}
                showSearch
                treeNodeFilterProp="title"
                maxTagCount={6}
                loading={tree.isPending}
                placeholder="勾选学校，勾选镇街即选中其全部学校"
                styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
                data-testid="inspection-schools"
              />
            </Form.Item>
          )
        )}
        <Form.Item
          name="inspectorIds"
          label="检查人员"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一名检查人员' }]}
          extra={kind === 'self_check' ? '本校有检查权限的人员' : kind === 'cross' ? '检查单位有检查权限的人员' : '有检查权限的在岗人员'}
        >
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setWho}
            loading={candidates.isFetching}
            options={(candidates.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.unitName}）` }))}
            placeholder={kind === 'cross' && !inspectorUnitId ? '请先选择检查单位' : '输入姓名搜索'}
            notFoundContent={candidates.isFetching ? '加载中…' : '没有可选的检查人员'}
            data-testid="inspection-inspectors"
          />
        </Form.Item>
        {kind !== 'follow_up' && (
          <Form.Item name="checklistTemplateId" label="检查表模板" rules={[{ required: true, message: '请选择检查表模板' }]} extra="使用模板的当前版本；检查开始后模板再修改，本次检查仍按原版本。">
            <Select
              options={(options.data?.checklists ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.builtin ? '（内置）' : ''} · 第 ${c.currentVersion} 版 · ${c.itemCount} 项` }))}
              notFoundContent="本区还没有检查表模板"
            />
          </Form.Item>
        )}
        {kind === 'unannounced' && (
          <Typography.Paragraph type="secondary">被检查学校在检查开始前看不到本任务；检查人员到达现场后点击“开始检查”。</Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}
