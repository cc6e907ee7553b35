// 登记人防物防技防: a school records its gates × guard time slots, one-key alarms, video and
// perimeter alarm, prefilled from its latest profile. A kept profile is never changed: a change or
// a correction is saved as a new profile, and the latest one counts.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Divider, Drawer, Form, Grid, Input, InputNumber, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { guardSlotLabels, guardSlots, type GuardSlot } from '../../contracts/rules.js';
import type { ProfileFinding, SecurityProfileView } from '../../contracts/security-profiles.js';
import { MAX_ALARMS, MAX_GUARDS_PER_SLOT, MAX_RETENTION_DAYS } from '../../domain/security-profile.js';
import { ApiError } from '../api.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { showError } from '../feedback.js';
import { numberRule } from '../forms.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { SECURITY_KEY, securityApi } from './securityApi.js';
import { guardTargets } from './SecurityProfileView.js';

interface GateValues {
  name?: string;
  guards?: Partial<Record<GuardSlot, number | null>>;
}
interface Values {
  recordedOn?: Dayjs;
  gates?: GateValues[];
  alarms?: { installed?: number | null; working?: number | null; lastTestedOn?: Dayjs | null };
  video?: { retentionDays?: number | null; linkedToBureau?: boolean };
  perimeterAlarm?: { installed?: boolean; armed24h?: boolean };
  note?: string;
  fileIds?: number[];
}

const GATE_NAMES = ['东门', '西门', '南门', '北门', '后门', '侧门'];

/** The school the profile is for, with what the rules need to say how many guards each slot needs. */
export interface ProfileSchool {
  schoolId: number;
  schoolName: string;
  gateCount: number | null;
  latest: SecurityProfileView | null;
  findings: ProfileFinding[];
}

export function SecurityProfileDrawer({ school, onClose }: { school: ProfileSchool | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const today = todayBeijing();
  const alarmsInstalled = Form.useWatch(['alarms', 'installed'], form);
  const perimeterInstalled = Form.useWatch(['perimeterAlarm', 'installed'], form);
  const open = !!school;

  useEffect(() => {
    if (!school) return;
    form.resetFields();
    const p = school.latest;
    form.setFieldsValue(
      p
        ? {
            recordedOn: fromDay(today),
            gates: p.gates.map((g) => ({ name: g.name, guards: { ...g.guards } })),
            alarms: { installed: p.alarms.installed, working: p.alarms.working, lastTestedOn: fromDay(p.alarms.lastTestedOn) ?? null },
            video: { ...p.video },
            perimeterAlarm: { ...p.perimeterAlarm },
            fileIds: [],
          }
        : {
            recordedOn: fromDay(today),
            gates: Array.from({ length: Math.max(1, Math.min(GATE_NAMES.length, school.gateCount ?? 1)) }, (_, i) => ({ name: GATE_NAMES[i], guards: {} })),
            alarms: { installed: undefined, working: undefined, lastTestedOn: null },
            video: { retentionDays: undefined, linkedToBureau: false },
            perimeterAlarm: { installed: false, armed24h: false },
            fileIds: [],
          },
    );
  }, [school, form, today]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      securityApi.create({
        schoolId: school!.schoolId,
        recordedOn: toDay(v.recordedOn)!,
        gates: (v.gates ?? []).map((g) => ({
          name: (g.name ?? '').trim(),
          guards: Object.fromEntries(guardSlots.map((s) => [s, g.guards?.[s] ?? 0])) as Record<GuardSlot, number>,
        })),
        alarms: { installed: v.alarms?.installed ?? 0, working: v.alarms?.working ?? 0, lastTestedOn: toDay(v.alarms?.lastTestedOn) ?? null },
        video: { retentionDays: v.video?.retentionDays ?? 0, linkedToBureau: !!v.video?.linkedToBureau },
        perimeterAlarm: { installed: !!v.perimeterAlarm?.installed, armed24h: !!v.perimeterAlarm?.installed && !!v.perimeterAlarm?.armed24h },
        note: v.note?.trim() || null,
        fileIds: v.fileIds ?? [],
      }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: SECURITY_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success(`已登记 ${p.schoolName} ${p.recordedOn} 的人防物防技防情况`);
      onClose();
    },
    onError: (err) => {
      showError(err);
      // Each problem under its field: 'gates.0.guards.night' → the night cell of the first gate.
      if (err instanceof ApiError && err.fieldErrors.length) {
        form.setFields(err.fieldErrors.map((fe) => ({ name: fe.field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) as never, errors: [fe.message] })));
      }
    },
  });

  const { perGate, night } = guardTargets(school?.findings ?? []);
  const hints = [
    perGate.school_hours !== undefined && `学生在校期间每个门岗至少 ${perGate.school_hours} 人`,
    perGate.arrival_peak !== undefined && `上学、放学高峰每个门岗至少 ${perGate.arrival_peak} 人`,
    night !== undefined && `夜间全校至少 ${night} 人`,
  ].filter(Boolean);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="登记人防物防技防情况"
      size={screens.md ? 820 : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="profile-submit">
            保存
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="登记后不能修改。情况有变化或发现填错时，请重新登记一份（已按最近一次登记预填），以登记日期最新的一份为准，以前的登记作为历史保留。"
      />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Space size="middle" wrap>
          <Form.Item label="学校">
            <Input value={school?.schoolName} disabled style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="recordedOn" label="登记日期" rules={[{ required: true, message: '请填写登记日期' }]}>
            <DatePicker style={{ width: 180 }} inputReadOnly disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="profile-recorded-on" />
          </Form.Item>
        </Space>

        <Divider titlePlacement="start">人防：各门岗保安人数（002 第8项）</Divider>
        {hints.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            要求：{hints.join('；')}。
          </Typography.Paragraph>
        )}
        <Form.List
          name="gates"
          rules={[
            {
              validator: async (_r, gates: GateValues[] | undefined) => {
                if (!gates?.length) throw new Error('请至少登记 1 个校门');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key}>
                <Space wrap align="start" className="gate-form-row" data-testid="gate-form-row">
                  <Form.Item name={[f.name, 'name']} label={i === 0 ? '校门' : undefined} rules={[{ required: true, whitespace: true, message: '请填写校门名称' }]}>
                    <Input maxLength={50} placeholder="如：东门" style={{ width: 110 }} data-testid={`gate-${i}-name`} />
                  </Form.Item>
                  {guardSlots.map((s) => (
                    <Form.Item key={s} name={[f.name, 'guards', s]} label={i === 0 ? guardSlotLabels[s] : undefined} rules={[{ required: true, message: '请填写人数' }, numberRule(0, MAX_GUARDS_PER_SLOT, { integer: true, unit: ' 人' })]}>
                      <InputNumber precision={0} suffix="人" style={{ width: 110 }} data-testid={`gate-${i}-${s}`} />
                    </Form.Item>
                  ))}
                  <Form.Item label={i === 0 ? ' ' : undefined}>
                    <Button icon={<DeleteOutlined />} type="text" danger disabled={fields.length === 1} onClick={() => remove(f.name)} aria-label="删除该校门" />
                  </Form.Item>
                </Space>
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <div>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: GATE_NAMES[fields.length] ?? '', guards: {} })} disabled={fields.length >= 30}>
                添加校门
              </Button>
              {school?.gateCount ? (
                <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
                  学校登记有 {school.gateCount} 个校门，未登记的校门按无人值守计算
                </Typography.Text>
              ) : null}
              </div>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">技防、物防（002 第9项）</Divider>
        <Space size="middle" wrap>
          <Form.Item name={['alarms', 'installed']} label="一键式紧急报警装置" rules={[{ required: true, message: '请填写安装数量' }, numberRule(0, MAX_ALARMS, { integer: true, unit: ' 台' })]}>
            <InputNumber precision={0} suffix="台" style={{ width: 160 }} data-testid="profile-alarms-installed" />
          </Form.Item>
          <Form.Item
            name={['alarms', 'working']}
            label="其中完好"
            dependencies={[['alarms', 'installed']]}
            rules={[
              { required: true, message: '请填写完好数量' },
              numberRule(0, MAX_ALARMS, { integer: true, unit: ' 台' }),
              ({ getFieldValue }) => ({
                validator: async (_r, v: number | null | undefined) => {
                  const installed = getFieldValue(['alarms', 'installed']);
                  if (typeof v === 'number' && typeof installed === 'number' && v > installed) throw new Error(`不能多于安装数量（${installed} 台）`);
                },
              }),
            ]}
          >
            <InputNumber precision={0} suffix="台" style={{ width: 160 }} data-testid="profile-alarms-working" />
          </Form.Item>
          <Form.Item name={['alarms', 'lastTestedOn']} label="最近测试日期">
            <DatePicker style={{ width: 180 }} inputReadOnly disabled={alarmsInstalled === 0} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </Space>
        <Space size="middle" wrap>
          <Form.Item name={['video', 'retentionDays']} label="视频图像保存天数" rules={[{ required: true, message: '请填写保存天数' }, numberRule(0, MAX_RETENTION_DAYS, { integer: true, unit: ' 天' })]} extra="要求不少于 30 天">
            <InputNumber precision={0} suffix="天" style={{ width: 160 }} data-testid="profile-video-days" />
          </Form.Item>
          <Form.Item name={['video', 'linkedToBureau']} label="出入口、食堂视频接入区教育局" valuePropName="checked">
            <Switch checkedChildren="已接入" unCheckedChildren="未接入" />
          </Form.Item>
          <Form.Item name={['perimeterAlarm', 'installed']} label="周界入侵报警系统" valuePropName="checked">
            <Switch checkedChildren="已安装" unCheckedChildren="未安装" onChange={(on) => !on && form.setFieldValue(['perimeterAlarm', 'armed24h'], false)} />
          </Form.Item>
          <Form.Item name={['perimeterAlarm', 'armed24h']} label="24小时设防" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" disabled={!perimeterInstalled} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label="备注" extra="如：报警装置故障已报修、保安临时调整">
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="fileIds" label="照片或附件" extra="如门岗值守、报警装置测试记录；每个不超过 20 MB，最多 20 个">
          <PhotoUpload unitId={school?.schoolId} max={20} testId="profile-files" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
