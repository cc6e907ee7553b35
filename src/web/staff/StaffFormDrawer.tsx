// 登记教职工 / 修改岗位: a person of the school (an account of the school, or a named person without
// one — guards, outsourced staff) with one or more posts, each with the day it was taken (001 item 7
// reads them); correcting a record can also record the day the person left (离岗). Outsourced guards,
// drivers and cleaners are kept here too with their employer, and everyone's entry check (准入查询,
// 001 item 11): its day and result only — clear, not clear or pending.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Divider, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { staffPostLabels, staffPosts, type StaffPost } from '../../contracts/rules.js';
import { entryCheckResultLabels, entryCheckResults, outsourcedKindLabels, outsourcedKinds, type StaffView } from '../../contracts/staff.js';
import { api } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { STAFF_KEY, staffApi } from './staffApi.js';

interface Values {
  schoolId?: number;
  userId?: number;
  name?: string;
  posts?: Array<{ post?: StaffPost; since?: Dayjs | null }>;
  leftOn?: Dayjs | null;
  /** 'own': the school's own staff (null in the record). */
  outsourcedKind?: StaffView['outsourcedKind'] | 'own';
  employer?: string | null;
  entryCheckOn?: Dayjs | null;
  entryCheckResult?: StaffView['entryCheckResult'];
}

const FIELDS = ['schoolId', 'userId', 'name', 'posts', 'leftOn', 'outsourcedKind', 'employer', 'entryCheckOn', 'entryCheckResult'] as const;

export function StaffFormDrawer({ open, staff, onClose }: { open: boolean; staff?: StaffView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const can = useCan();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const userId = Form.useWatch('userId', form);
  const kind = Form.useWatch('outsourcedKind', form);
  const outsourced = !!kind && kind !== 'own';
  const today = todayBeijing();

  // The school's accounts, so that a person who signs in is linked to their posts.
  const accounts = useQuery({
    queryKey: ['users', 'list', { unitId: schoolId, pageSize: 200, status: 'active' }],
    queryFn: () => api.users({ unitId: schoolId, pageSize: 200, status: 'active' }),
    enabled: open && !staff && !!schoolId && can('user.read'),
    staleTime: 60_000,
    meta: { silent: true },
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (staff) {
      form.setFieldsValue({
        schoolId: staff.schoolId,
        name: staff.name,
        posts: staff.posts.map((p) => ({ post: p.post, since: fromDay(p.since) ?? null })),
        leftOn: fromDay(staff.leftOn) ?? null,
        outsourcedKind: staff.outsourcedKind ?? 'own',
        employer: staff.employer,
        entryCheckOn: fromDay(staff.entryCheckOn) ?? null,
        entryCheckResult: staff.entryCheckResult,
      });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, posts: [{ post: undefined, since: null }], outsourcedKind: 'own' });
    }
  }, [open, staff, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: STAFF_KEY,
    onClose,
    save: (v: Values) => {
      const posts = (v.posts ?? []).map((p) => ({ post: p.post!, since: toDay(p.since) ?? null }));
      const outsourcedKind = v.outsourcedKind && v.outsourcedKind !== 'own' ? v.outsourcedKind : null;
      const checks = {
        outsourcedKind,
        employer: outsourcedKind ? v.employer?.trim() || null : null,
        entryCheckOn: toDay(v.entryCheckOn) ?? null,
        entryCheckResult: v.entryCheckResult ?? null,
      };
      if (staff) return staffApi.updateStaff(staff.id, { version: staff.version, name: v.name?.trim(), posts, leftOn: toDay(v.leftOn) ?? null, ...checks });
      return staffApi.createStaff({ schoolId: v.schoolId!, userId: v.userId ?? null, name: v.name?.trim() || null, posts, ...checks });
    },
    done: (s) => (staff ? `已保存${s.name}的岗位` : `已登记${s.name}`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={staff ? '修改教职工岗位' : '登记教职工及岗位'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="staff">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={staff?.schoolName} testId="staff-school" />
        {!staff && can('user.read') && (
          <Form.Item name="userId" label="系统账号" extra="本校有账号的人员请选择账号；保安、外聘人员等没有账号的，直接填写姓名">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              disabled={!schoolId}
              placeholder={schoolId ? '没有账号可不选' : '请先选择学校'}
              loading={accounts.isFetching}
              options={accounts.data?.items.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
              onChange={(id) => {
                const u = accounts.data?.items.find((x) => x.id === id);
                if (u && !form.getFieldValue('name')) form.setFieldValue('name', u.displayName);
              }}
              data-testid="staff-user"
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: !!staff || !userId, whitespace: true, message: '请填写姓名或选择系统账号' }]}
        >
          <Input maxLength={50} placeholder="如：张建华" data-testid="staff-name" />
        </Form.Item>
        <Form.Item name="outsourcedKind" label="人员类别" extra="保安、校车司机、保洁等由服务公司派驻的人员选外包类别">
          <Select
            options={[{ value: 'own', label: '本校教职工' }, ...outsourcedKinds.map((k) => ({ value: k, label: `外包${outsourcedKindLabels[k]}` }))]}
            style={{ width: 220 }}
            data-testid="staff-outsourced-kind"
          />
        </Form.Item>
        {outsourced && (
          <Form.Item name="employer" label="外包单位">
            <Input maxLength={100} placeholder="如：平安保安服务有限公司" data-testid="staff-employer" />
          </Form.Item>
        )}
        <Typography.Text strong>岗位及任职日期</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          一人可兼任多个岗位（如分管安全副校长兼专任教师）；任职日期用于判断新任人员的任职培训和岗前培训。外包校车司机、保洁可不填岗位。
        </Typography.Paragraph>
        <Form.List
          name="posts"
          rules={[
            {
              validator: async (_r, posts?: unknown[]) => {
                if (!posts?.length && !outsourced) throw new Error('请至少填写一个岗位');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap data-testid="staff-post-row">
                  <Form.Item name={[f.name, 'post']} rules={[{ required: true, message: '请选择岗位' }]}>
                    <Select
                      style={{ width: 220 }}
                      placeholder="岗位"
                      options={staffPosts.map((p) => ({ value: p, label: staffPostLabels[p] }))}
                      data-testid="staff-post"
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'since']}>
                    <DatePicker placeholder="任职日期" style={{ width: 160 }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="staff-post-since" />
                  </Form.Item>
                  {(fields.length > 1 || outsourced) && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除岗位" />}
                </Space>
              ))}
              {fields.length < 5 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ post: undefined, since: null })} style={{ marginBottom: 16 }}>
                  添加兼任岗位
                </Button>
              )}
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Divider titlePlacement="start">
          准入查询（001 第11条）
        </Divider>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          在岗人员（含外包人员）须查询性侵害等违法犯罪信息；只登记查询日期和结果，不登记查询内容。
        </Typography.Paragraph>
        <Space align="start" wrap>
          <Form.Item
            name="entryCheckOn"
            label="查询日期"
            dependencies={['entryCheckResult']}
            rules={[({ getFieldValue }) => ({ validator: async (_r, v) => { if (!v && getFieldValue('entryCheckResult')) throw new Error('请填写查询日期'); } })]}
          >
            <DatePicker style={{ width: 180 }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="staff-entry-check-on" />
          </Form.Item>
          <Form.Item
            name="entryCheckResult"
            label="查询结果"
            dependencies={['entryCheckOn']}
            rules={[({ getFieldValue }) => ({ validator: async (_r, v) => { if (!v && getFieldValue('entryCheckOn')) throw new Error('请选择查询结果'); } })]}
          >
            <Select
              allowClear
              placeholder="未查询"
              style={{ width: 200 }}
              options={entryCheckResults.map((r) => ({ value: r, label: entryCheckResultLabels[r] }))}
              data-testid="staff-entry-check-result"
            />
          </Form.Item>
        </Space>
        {staff && (
          <Form.Item name="leftOn" label="离岗日期" extra="调离、退休等离开本校的日期；离岗后不再计入培训学时要求。清空表示仍在岗">
            <DatePicker style={{ width: 200 }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="staff-left-on" />
          </Form.Item>
        )}
      </Form>
    </LedgerDrawer>
  );
}
