// 报告突发事件: a school reports its own incident (its first report, sent at once); a town, department
// or the bureau enters one for a unit below it, logging the unit's phone call if it called.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Drawer, Form, Grid, Input, InputNumber, Radio, Space } from 'antd';
import { useEffect } from 'react';
import {
  incidentCategories,
  incidentCategoryLabels,
  incidentLevelLabels,
  incidentLevels,
  incidentSubtypeLabels,
  incidentSubtypes,
  subtypeCategory,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentSubtype,
  type IncidentView,
} from '../../contracts/incidents.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { UnitTreeSelect } from '../units/tree.js';
import { beijingInstant, INCIDENTS_KEY, incidentsApi, nowLocal } from './incidentsApi.js';

interface Values {
  unitId?: number;
  headline?: string;
  occurredAt?: string;
  knownAt?: string;
  place?: string;
  category?: IncidentCategory;
  subtype?: IncidentSubtype;
  severity?: IncidentLevel;
  dead?: number;
  injured?: number;
  missingPersons?: number;
  actionsTaken?: string;
  fileIds?: number[];
  byPhone?: boolean;
  phoneAt?: string;
  callerName?: string;
}

const FIELDS = ['unitId', 'headline', 'occurredAt', 'knownAt', 'place', 'category', 'subtype', 'severity', 'dead', 'injured', 'missingPersons', 'actionsTaken', 'fileIds', 'phoneReport'] as const;

export function IncidentReportDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated?: (i: IncidentView) => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const isSchool = me.unit.kind === 'school';
  const unitId = Form.useWatch('unitId', form);
  const category = Form.useWatch('category', form);
  const byPhone = Form.useWatch('byPhone', form);
  const own = unitId === me.unit.id;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const now = nowLocal();
    form.setFieldsValue({ unitId: isSchool ? me.unit.id : undefined, severity: 'general', dead: 0, injured: 0, missingPersons: 0, occurredAt: now, knownAt: now });
  }, [open, form, isSchool, me.unit.id]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      incidentsApi.create({
        unitId: v.unitId!,
        headline: v.headline!.trim(),
        occurredAt: beijingInstant(v.occurredAt!),
        knownAt: beijingInstant(v.knownAt!),
        place: v.place!.trim(),
        category: v.category!,
        subtype: v.subtype!,
        severity: v.severity ?? 'general',
        dead: v.dead ?? 0,
        injured: v.injured ?? 0,
        missingPersons: v.missingPersons ?? 0,
        actionsTaken: v.actionsTaken!.trim(),
        fileIds: v.fileIds ?? [],
        ...(!own && v.byPhone ? { phoneReport: { reportedAt: beijingInstant(v.phoneAt!), callerName: v.callerName!.trim() } } : {}),
      }),
    onSuccess: (i) => {
      queryClient.setQueryData([...INCIDENTS_KEY, 'detail', i.id], i);
      void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY, predicate: (q) => q.queryKey[1] !== 'detail' });
      message.success(`已报告突发事件 ${i.code}`);
      onCreated?.(i);
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });

  const subtypes = category ? incidentSubtypes.filter((s) => subtypeCategory[s] === null || subtypeCategory[s] === category) : [];

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="报告突发事件"
      size={screens.sm ? 600 : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" size="large" loading={save.isPending} onClick={() => form.submit()} data-testid="incident-submit">
            {own ? '提交首报' : '登记事件'}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        {isSchool ? (
          <>
            <Form.Item label="事发单位" extra="提交即为首报，上级镇街和教育局会收到并签收">
              <Input value={me.unit.name} disabled />
            </Form.Item>
            <Form.Item name="unitId" hidden>
              <Input />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="unitId" label="事发单位" rules={[{ required: true, message: '请选择事发单位' }]} extra={unitId && !own ? '下级单位未报告时登记，逾首报时限未报即为漏报' : undefined}>
            <UnitTreeSelect placeholder="请选择学校、镇街或科室" selectable={(u) => ['school', 'town', 'department'].includes(u.kind) && u.status === 'active'} data-testid="incident-unit" />
          </Form.Item>
        )}
        <Form.Item name="headline" label="事件名称" rules={[{ required: true, whitespace: true, message: '请填写事件名称' }]}>
          <Input maxLength={100} placeholder="如：学生课间摔伤" data-testid="incident-headline" />
        </Form.Item>
        <Space wrap size="middle">
          <Form.Item name="occurredAt" label="发生时间（北京时间）" rules={[{ required: true, message: '请填写发生时间' }]}>
            <Input type="datetime-local" max={nowLocal()} data-testid="incident-occurred" />
          </Form.Item>
          <Form.Item name="knownAt" label="知悉时间" rules={[{ required: true, message: '请填写知悉时间' }]} tooltip="报告时限从本单位知悉时起算">
            <Input type="datetime-local" max={nowLocal()} data-testid="incident-known" />
          </Form.Item>
        </Space>
        <Form.Item name="place" label="发生地点" rules={[{ required: true, whitespace: true, message: '请填写发生地点' }]}>
          <Input maxLength={200} placeholder="如：教学楼二楼走廊" data-testid="incident-place" />
        </Form.Item>
        <Form.Item name="category" label="事件类别" rules={[{ required: true, message: '请选择事件类别' }]}>
          <Radio.Group
            optionType="button"
            options={incidentCategories.map((c) => ({ value: c, label: incidentCategoryLabels[c] }))}
            onChange={() => form.setFieldValue('subtype', undefined)}
            data-testid="incident-category"
          />
        </Form.Item>
        {/* Buttons rather than a dropdown: the few types of the chosen category, large enough to tap on a phone. */}
        <Form.Item name="subtype" label="事件类型" rules={[{ required: true, message: '请选择事件类型' }]} extra={category ? undefined : '请先选择事件类别'}>
          <Radio.Group optionType="button" options={subtypes.map((s) => ({ value: s, label: incidentSubtypeLabels[s] }))} data-testid="incident-subtype" />
        </Form.Item>
        <Form.Item name="severity" label="事件等级" extra="较大及以上事件将立即通知局领导">
          <Radio.Group optionType="button" buttonStyle="solid" options={incidentLevels.map((l) => ({ value: l, label: incidentLevelLabels[l] }))} data-testid="incident-severity" />
        </Form.Item>
        <Space wrap size="middle">
          <Form.Item name="dead" label="死亡（人）" rules={[numberRule(0, 10000, { integer: true })]}>
            <InputNumber precision={0} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="injured" label="受伤（人）" rules={[numberRule(0, 10000, { integer: true })]}>
            <InputNumber precision={0} style={{ width: 110 }} data-testid="incident-injured" />
          </Form.Item>
          <Form.Item name="missingPersons" label="失踪（人）" rules={[numberRule(0, 10000, { integer: true })]}>
            <InputNumber precision={0} style={{ width: 110 }} />
          </Form.Item>
        </Space>
        <Form.Item name="actionsTaken" label="已采取的措施" rules={[{ required: true, whitespace: true, message: '请填写已采取的措施' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="现场处置、送医、通知家长、报警等" data-testid="incident-actions" />
        </Form.Item>
        {!isSchool && unitId && !own && (
          <>
            <Form.Item name="byPhone" valuePropName="checked">
              <Checkbox data-testid="incident-by-phone">事发单位已电话报告（登记为其首报）</Checkbox>
            </Form.Item>
            {byPhone && (
              <Space wrap size="middle">
                <Form.Item name="phoneAt" label="来电时间" rules={[{ required: true, message: '请填写来电时间' }]}>
                  <Input type="datetime-local" max={nowLocal()} />
                </Form.Item>
                <Form.Item name="callerName" label="报告人" rules={[{ required: true, whitespace: true, message: '请填写报告人' }]} extra={`接报人：${me.user.displayName}`}>
                  <Input maxLength={50} />
                </Form.Item>
              </Space>
            )}
          </>
        )}
        <Form.Item name="fileIds" label="现场照片与材料" extra="可用手机直接拍照；不写姓名等个人信息">
          <PhotoUpload unitId={unitId} max={20} disabled={!unitId} testId="incident-photos" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
