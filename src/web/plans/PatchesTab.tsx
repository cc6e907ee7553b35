// Leaders' patches (领导干部常态化分片包靠, 001 item 2): the bureau assigns each leader and department a
// patch of schools for the year; each patch shows its schools' open and overdue hazards and missed
// rules; the holder records visits, and a visit may start a district spot check.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Drawer, Empty, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { toDay } from '../dates.js';
import { applyServerErrors } from '../forms.js';
import { PLANS_KEY, plansApi, type PatchView } from './plansApi.js';
import { UnitSelect } from './UnitSelect.js';

function PatchModal({ year, patch, open, onClose }: { year: number; patch: PatchView | null; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const leaders = useQuery({ queryKey: ['users', 'list', { role: 'bureau_leader' }], queryFn: () => api.users({ role: 'bureau_leader', status: 'active', pageSize: 100 }), enabled: open, meta: { silent: true } });
  const depts = useQuery({ queryKey: ['units', 'list', { kind: 'department', pageSize: 200 }], queryFn: () => api.units({ kind: 'department', status: 'active', pageSize: 200 }), enabled: open, meta: { silent: true } });
  const holderKind = Form.useWatch('holderKind', form);
  const save = useMutation({
    mutationFn: (v: { holderKind: 'user' | 'unit'; holderUserId?: number; holderUnitId?: number; schoolIds: number[] }) =>
      patch
        ? plansApi.updatePatch(patch.id, { version: patch.version, schoolIds: v.schoolIds })
        : plansApi.createPatch({ year, schoolIds: v.schoolIds, ...(v.holderKind === 'user' ? { holderUserId: v.holderUserId } : { holderUnitId: v.holderUnitId }) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, ['holderUserId', 'holderUnitId', 'schoolIds']),
  });
  return (
    <Modal open={open} title={patch ? `修改包靠学校：${patch.holderName}` : `指定${year}年包靠片区`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ holderKind: 'user', schoolIds: patch?.schools.map((s) => s.id) ?? [] }} onFinish={(v) => save.mutate(v)}>
        {!patch && (
          <>
            <Form.Item name="holderKind" label="包靠人">
              <Radio.Group options={[{ value: 'user', label: '局领导' }, { value: 'unit', label: '科室' }]} />
            </Form.Item>
            {holderKind !== 'unit' ? (
              <Form.Item name="holderUserId" label="局领导" rules={[{ required: true, message: '请选择局领导' }]}>
                <Select options={leaders.data?.items.map((u) => ({ value: u.id, label: u.displayName }))} />
              </Form.Item>
            ) : (
              <Form.Item name="holderUnitId" label="科室" rules={[{ required: true, message: '请选择科室' }]}>
                <Select options={depts.data?.items.map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="schoolIds" label="包靠学校" rules={[{ required: true, message: '请至少选择一所学校' }]}>
          <UnitSelect kind="school" placeholder="输入校名搜索" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VisitsDrawer({ patch, onClose }: { patch: PatchView | null; onClose: () => void }) {
  const me = useMe();
  const can = useCan();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const visits = useQuery({ queryKey: [...PLANS_KEY, 'visits', patch?.id], queryFn: () => plansApi.visits(patch!.id), enabled: !!patch });
  const mine = !!patch && (patch.holderUserId === me.user.id || patch.holderUnitId === me.unit.id) && can('patch.visit');
  const save = useMutation({
    mutationFn: (v: { schoolId: number; visitedOn: unknown; note: string; startInspection?: boolean }) => plansApi.createVisit(patch!.id, { ...v, visitedOn: toDay(v.visitedOn as never)!, startInspection: !!v.startInspection }),
    onSuccess: (v) => {
      message.success(v.inspectionId ? '走访已登记，并已发起区级抽查' : '走访已登记');
      form.resetFields();
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
    },
    onError: (err) => applyServerErrors(form, err, ['schoolId', 'visitedOn', 'note', 'startInspection', 'inspectorIds']),
  });
  return (
    <Drawer open={!!patch} onClose={onClose} width={760} title={patch ? `${patch.holderName}：包靠走访` : ''} destroyOnHidden>
      {mine && (
        <Card size="small" title="登记走访" style={{ marginBottom: 16 }}>
          <Form form={form} layout="vertical" initialValues={{ visitedOn: dayjs() }} onFinish={(v) => save.mutate(v)}>
            <Space align="start" wrap>
              <Form.Item name="schoolId" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
                <Select style={{ width: 220 }} options={patch!.schools.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              <Form.Item name="visitedOn" label="走访日期" rules={[{ required: true, message: '请选择日期' }]}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Space>
            <Form.Item name="note" label="走访情况" rules={[{ required: true, message: '请填写走访情况' }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="startInspection" valuePropName="checked">
              <Checkbox>同时发起区级抽查（本人为检查人员）</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              登记
            </Button>
          </Form>
        </Card>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={visits.isPending}
        dataSource={visits.data?.items ?? []}
        locale={{ emptyText: <Empty description="还没有走访记录" /> }}
        columns={[
          { title: '日期', dataIndex: 'visitedOn', width: 110 },
          { title: '学校', dataIndex: 'schoolName', width: 180 },
          { title: '走访情况', dataIndex: 'note' },
          { title: '检查', dataIndex: 'inspectionId', width: 90, render: (id: number | null) => (id ? <Link to={`/inspections/${id}`}>查看抽查</Link> : '') },
          { title: '登记人', dataIndex: 'createdByName', width: 90 },
        ]}
      />
    </Drawer>
  );
}

export function PatchesTab({ year }: { year: number }) {
  const can = useCan();
  const list = useQuery({ queryKey: [...PLANS_KEY, 'patches', year], queryFn: () => plansApi.patches(year) });
  const [editing, setEditing] = useState<PatchView | null | 'new'>(null);
  const [viewing, setViewing] = useState<PatchView | null>(null);
  return (
    <Card title="分片包靠" extra={can('plan.manage') && <Button type="primary" onClick={() => setEditing('new')}>指定包靠片区</Button>}>
      <Table
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={can('plan.manage') ? '还没有包靠片区：点击“指定包靠片区”，为局领导或科室分配学校' : '没有您的包靠片区'} /> }}
        expandable={{
          expandedRowRender: (p) => (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.schools}
              columns={[
                { title: '学校', dataIndex: 'name' },
                { title: '未销号隐患', dataIndex: 'openHazards', width: 100 },
                { title: '逾期隐患', dataIndex: 'overdueHazards', width: 90, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
                { title: '未达标规则', dataIndex: 'missedRules', width: 100, render: (v: number) => (v ? <Tag color="orange">{v}</Tag> : 0) },
                { title: '走访次数', dataIndex: 'visits', width: 90 },
                { title: '最近走访', dataIndex: 'lastVisitOn', width: 110, render: (v: string | null) => v ?? <Tag>未走访</Tag> },
              ]}
            />
          ),
        }}
        columns={[
          { title: '包靠人', dataIndex: 'holderName', render: (v: string, p) => <Space>{v}<Tag>{p.holderUserId ? '局领导' : '科室'}</Tag></Space> },
          { title: '学校数', width: 80, render: (_: unknown, p) => p.schools.length },
          { title: '逾期隐患', width: 90, render: (_: unknown, p) => p.schools.reduce((n, s) => n + s.overdueHazards, 0) },
          { title: '未走访学校', width: 100, render: (_: unknown, p) => p.schools.filter((s) => !s.visits).length },
          {
            title: '操作',
            width: 160,
            render: (_: unknown, p) => (
              <Space>
                <a onClick={() => setViewing(p)}>走访记录</a>
                {can('plan.manage') && <a onClick={() => setEditing(p)}>修改学校</a>}
              </Space>
            ),
          },
        ]}
      />
      <PatchModal year={year} patch={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <VisitsDrawer patch={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}
