import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Descriptions, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { phoneSchema } from '../../contracts/common.js';
import {
  childKinds,
  ownershipLabels,
  ownerships,
  safetyAreaLabels,
  safetyAreas,
  schoolStageLabels,
  schoolStages,
  unitKindLabels,
  type Ownership,
  type SafetyArea,
  type SchoolStage,
  type UnitKind,
} from '../../contracts/enums.js';
import { unitFields, type CreateUnit, type Unit, type UpdateUnit } from '../../contracts/units.js';
import { ApiError, api, type UnitTreeItem } from '../api.js';
import { applyServerErrors, numberRule, zodRule } from '../forms.js';
import { UnitTreeSelect, useUnitTree } from './tree.js';

export type UnitFormTarget = { mode: 'create'; parentId?: number } | { mode: 'edit'; unit: Unit };

interface Values {
  parentId?: number;
  kind?: UnitKind;
  name?: string;
  code?: string;
  stage?: SchoolStage;
  ownership?: Ownership;
  boarding?: boolean;
  schoolBus?: boolean;
  rural?: boolean;
  canteen?: boolean;
  shelter?: boolean;
  gateCount?: number | null;
  studentCount?: number | null;
  staffCount?: number | null;
  address?: string;
  principalName?: string;
  contactPhone?: string;
  areas?: SafetyArea[];
}

const FIELDS = [
  'parentId',
  'kind',
  'name',
  'code',
  'stage',
  'ownership',
  'boarding',
  'schoolBus',
  'rural',
  'canteen',
  'shelter',
  'gateCount',
  'studentCount',
  'staffCount',
  'address',
  'principalName',
  'contactPhone',
  'areas',
] as const;

const blank = (s: string | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

const canHaveChildren = (item: UnitTreeItem) => item.status === 'active' && childKinds[item.kind].length > 0;

/** The body for POST /units or PATCH /units/{id}: only the fields that mean something for the kind. */
function toBody(kind: UnitKind, v: Values) {
  const body: Omit<UpdateUnit, 'version'> = {
    name: (v.name ?? '').trim(),
    code: blank(v.code),
    address: blank(v.address),
    principalName: blank(v.principalName),
    contactPhone: blank(v.contactPhone),
  };
  if (kind === 'school') {
    Object.assign(body, {
      stage: v.stage ?? null,
      ownership: v.ownership ?? null,
      boarding: !!v.boarding,
      schoolBus: !!v.schoolBus,
      rural: !!v.rural,
      canteen: !!v.canteen,
      shelter: !!v.shelter,
      gateCount: v.gateCount ?? null,
      studentCount: v.studentCount ?? null,
      staffCount: v.staffCount ?? null,
    });
  }
  if (kind === 'department') body.areas = v.areas ?? [];
  return body;
}

export function UnitFormDrawer({ target, onClose }: { target: UnitFormTarget | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const tree = useUnitTree();
  const byId = useMemo(() => new Map((tree.data?.items ?? []).map((i) => [i.id, i])), [tree.data]);

  const editing = target?.mode === 'edit' ? target.unit : null;
  const parentId = Form.useWatch('parentId', form);
  const watchedKind = Form.useWatch('kind', form);
  const kind: UnitKind | undefined = editing ? editing.kind : watchedKind;
  const parent = parentId !== undefined ? byId.get(parentId) : undefined;
  const kindOptions = parent ? childKinds[parent.kind] : [];

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const u = target.unit;
      form.setFieldsValue({
        name: u.name,
        code: u.code ?? undefined,
        stage: u.stage ?? undefined,
        ownership: u.ownership ?? undefined,
        boarding: u.boarding,
        schoolBus: u.schoolBus,
        rural: u.rural,
        canteen: u.canteen,
        shelter: u.shelter,
        gateCount: u.gateCount,
        studentCount: u.studentCount,
        staffCount: u.staffCount,
        address: u.address ?? undefined,
        principalName: u.principalName ?? undefined,
        contactPhone: u.contactPhone ?? undefined,
        areas: u.areas,
      });
    } else {
      form.setFieldsValue({ parentId: target.parentId, boarding: false, schoolBus: false, rural: false });
    }
  }, [target, form]);

  // When the parent changes, keep the kind only if it may sit there; pick it when there is one choice.
  useEffect(() => {
    if (editing || !parent) return;
    const current = form.getFieldValue('kind') as UnitKind | undefined;
    const allowed = childKinds[parent.kind];
    if (current && !allowed.includes(current)) form.setFieldValue('kind', undefined);
    if (!current && allowed.length === 1) form.setFieldValue('kind', allowed[0]);
  }, [parent, editing, form]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (editing) return api.updateUnit(editing.id, { ...toBody(editing.kind, v), version: editing.version });
      const body: CreateUnit = { ...toBody(v.kind!, v), name: (v.name ?? '').trim(), kind: v.kind!, parentId: v.parentId! };
      return api.createUnit(body);
    },
    onSuccess: (unit) => {
      message.success(editing ? `已保存“${unit.name}”` : `已新建单位“${unit.name}”`);
      void queryClient.invalidateQueries({ queryKey: ['units'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
      onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, FIELDS);
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        void queryClient.invalidateQueries({ queryKey: ['units'] });
        onClose();
      }
    },
  });

  const isSchool = kind === 'school';
  const isDepartment = kind === 'department';

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={editing ? `编辑单位：${editing.name}` : '新建单位'}
      size={640}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="unit-submit">
            {editing ? '保存' : '新建'}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        {editing ? (
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="单位类型">{unitKindLabels[editing.kind]}</Descriptions.Item>
            <Descriptions.Item label="上级单位">{editing.parentId ? (byId.get(editing.parentId)?.name ?? '—') : '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Row gutter={16}>
            <Col span={14}>
              <Form.Item name="parentId" label="上级单位" rules={[{ required: true, message: '请选择上级单位' }]}>
                <UnitTreeSelect selectable={canHaveChildren} data-testid="unit-parent" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item
                name="kind"
                label="单位类型"
                rules={[{ required: true, message: '请选择单位类型' }]}
                extra={parent && kindOptions.length === 0 ? '该单位下不能再设下级单位' : undefined}
              >
                <Select
                  placeholder={parent ? '请选择' : '请先选择上级单位'}
                  disabled={!parent}
                  options={kindOptions.map((k) => ({ value: k, label: unitKindLabels[k] }))}
                  data-testid="unit-kind"
                />
              </Form.Item>
            </Col>
          </Row>
        )}

        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请输入单位名称' }, zodRule(unitFields.shape.name)]}>
              <Input placeholder="如：示范区实验小学" maxLength={60} showCount data-testid="unit-name" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="code" label="单位编码" rules={[zodRule(unitFields.shape.code)]} tooltip="选填，如教育事业统计中的学校标识码">
              <Input placeholder="选填" maxLength={30} />
            </Form.Item>
          </Col>
        </Row>

        {isSchool && (
          <>
            <Typography.Title level={5}>学校信息</Typography.Title>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="stage" label="学段" rules={[{ required: true, message: '请选择学段' }]}>
                  <Select placeholder="请选择" options={schoolStages.map((s) => ({ value: s, label: schoolStageLabels[s] }))} data-testid="unit-stage" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="ownership" label="办学性质" rules={[{ required: true, message: '请选择办学性质' }]}>
                  <Select placeholder="请选择" options={ownerships.map((o) => ({ value: o, label: ownershipLabels[o] }))} data-testid="unit-ownership" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="boarding" label="寄宿制学校" valuePropName="checked">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="schoolBus" label="使用校车" valuePropName="checked">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="rural" label="农村学校" valuePropName="checked">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="canteen" label="有食堂" valuePropName="checked" tooltip="有食堂的学校按食品安全规则评价（001 第17条）">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="shelter" label="应急疏散安置学校" valuePropName="checked" tooltip="担负应急疏散安置任务的学校：预警提示加做安置点检查，每年开展接待安置演练（000 第10条）">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="gateCount" label="校门数" rules={[{ required: true, message: '请填写校门数' }, numberRule(0, 50, { integer: true, unit: ' 个' })]}>
                  <InputNumber precision={0} suffix="个" style={{ width: '100%' }} data-testid="unit-gates" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="studentCount" label="学生数" rules={[{ required: true, message: '请填写学生数' }, numberRule(0, 100000, { integer: true, unit: ' 人' })]}>
                  <InputNumber precision={0} suffix="人" style={{ width: '100%' }} data-testid="unit-students" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="staffCount" label="教职工数" rules={[numberRule(0, 20000, { integer: true, unit: ' 人' })]}>
                  <InputNumber precision={0} suffix="人" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}

        {isDepartment && (
          <Form.Item name="areas" label="负责安全领域" tooltip="该科室负责验收和督办的安全领域">
            <Select
              mode="multiple"
              allowClear
              placeholder="请选择（可多选）"
              options={safetyAreas.map((a) => ({ value: a, label: safetyAreaLabels[a] }))}
              data-testid="unit-areas"
            />
          </Form.Item>
        )}

        <Form.Item name="address" label="地址" rules={[{ max: 200, message: '地址最多 200 个字' }]}>
          <Input placeholder="选填" maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="principalName" label={isSchool ? '校长姓名' : '负责人'} rules={[{ max: 30, message: '最多 30 个字' }]}>
              <Input placeholder="选填" maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactPhone" label="联系电话" rules={[zodRule(phoneSchema)]}>
              <Input placeholder="手机号或带区号的固定电话" maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
