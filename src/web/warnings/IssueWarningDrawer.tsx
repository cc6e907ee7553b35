// 发布预警提示 in a drawer: kind, level, title, the required actions from 000 item 10's list plus free
// text, the schools it goes to (all, a town's, or picked on the unit tree) and the reporting deadline.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Drawer, Form, Input, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { targetModeLabels, targetModes, warningActions, requiredActionLabels, warningKindLabels, warningKinds, warningLevelLabels, warningLevels, type IssueWarning, type TargetMode, type WarningView } from '../../contracts/warnings.js';
import { useMe } from '../auth.js';
import { applyServerErrors } from '../forms.js';
import { UnitTreeSelect } from '../units/tree.js';
import { WARNINGS_KEY, warningsApi } from './warningsApi.js';

interface Values {
  warningKind: IssueWarning['warningKind'];
  warningLevel: IssueWarning['warningLevel'];
  warningTitle: string;
  warningActions: IssueWarning['warningActions'];
  requirements?: string;
  targetMode: TargetMode;
  targetUnitIds?: number[];
  deadlineAt?: Dayjs;
}

const FIELDS = ['warningKind', 'warningLevel', 'warningTitle', 'warningActions', 'requirements', 'targetMode', 'targetUnitIds', 'deadlineAt'] as const;

export function IssueWarningDrawer({ open, onClose, onIssued }: { open: boolean; onClose: () => void; onIssued: (w: WarningView) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const mode = Form.useWatch('targetMode', form);
  const issue = useMutation({
    mutationFn: (v: Values) =>
      warningsApi.issue({
        warningKind: v.warningKind,
        warningLevel: v.warningLevel,
        warningTitle: v.warningTitle,
        warningActions: v.warningActions ?? [],
        requirements: v.requirements || null,
        targetMode: v.targetMode,
        targetUnitIds: v.targetMode === 'all' ? [] : (v.targetUnitIds ?? []),
        deadlineAt: (v.deadlineAt ?? dayjs()).toISOString(),
      }),
    onSuccess: (w) => {
      message.success(`预警已发布到 ${w.targets} 所学校`);
      qc.invalidateQueries({ queryKey: WARNINGS_KEY });
      form.resetFields();
      onIssued(w);
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });
  return (
    <Drawer
      title="发布预警提示"
      open={open}
      onClose={onClose}
      size="large"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={issue.isPending} onClick={() => form.submit()} data-testid="warning-issue-submit">
            发布
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ warningLevel: 'blue', targetMode: 'all', warningActions: [], deadlineAt: dayjs().add(1, 'day').hour(18).minute(0).second(0) }}
        onFinish={(v) => issue.mutate(v)}
      >
        <Form.Item name="warningKind" label="预警类型" rules={[{ required: true, message: '请选择预警类型' }]}>
          <Select placeholder="请选择" options={warningKinds.map((k) => ({ value: k, label: warningKindLabels[k] }))} data-testid="warning-kind" />
        </Form.Item>
        <Form.Item name="warningLevel" label="预警等级" rules={[{ required: true, message: '请选择预警等级' }]}>
          <Radio.Group optionType="button" options={warningLevels.map((l) => ({ value: l, label: warningLevelLabels[l] }))} />
        </Form.Item>
        <Form.Item name="warningTitle" label="预警标题" rules={[{ required: true, whitespace: true, min: 2, message: '请填写预警标题' }, { max: 100, message: '最多 100 字' }]}>
          <Input placeholder="如：台风“海葵”橙色预警" data-testid="warning-title" />
        </Form.Item>
        <Form.Item name="warningActions" label="防范要求" tooltip="000 第10条：危棚简屋、易积水点、安全用电、在建工地、高空坠物等重点部位；安置学校另加安置点检查">
          <Checkbox.Group options={warningActions.map((a) => ({ value: a, label: requiredActionLabels[a] }))} />
        </Form.Item>
        <Form.Item name="requirements" label="其他要求" rules={[{ max: 2000, message: '最多 2000 字' }]}>
          <Input.TextArea rows={3} placeholder="选填：其他需要学校落实的事项" />
        </Form.Item>
        <Form.Item name="targetMode" label="下发范围" rules={[{ required: true, message: '请选择下发范围' }]}>
          <Radio.Group options={targetModes.map((m) => ({ value: m, label: m === 'all' ? `${me.unit.kind === 'town' ? '本镇街' : '全区'}全部学校` : targetModeLabels[m] }))} />
        </Form.Item>
        {mode && mode !== 'all' && (
          <Form.Item name="targetUnitIds" label={mode === 'towns' ? '镇街' : '学校'} rules={[{ required: true, message: mode === 'towns' ? '请选择镇街' : '请选择学校' }]}>
            <UnitTreeSelect
              multiple
              placeholder={mode === 'towns' ? '请选择镇街（可多选）' : '请选择学校（可多选，可输入名称搜索）'}
              selectable={(u) => u.status === 'active' && u.kind === (mode === 'towns' ? 'town' : 'school')}
            />
          </Form.Item>
        )}
        <Form.Item name="deadlineAt" label="报送截止时间" rules={[{ required: true, message: '请选择报送截止时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
