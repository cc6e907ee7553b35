// 上报隐患: a school reports its own hazard; a town, department or the bureau picks the school.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Grid, Input, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { hazardGradeLabels, hazardSourceLabels, safetyAreaLabels, type HazardGrade, type SafetyArea } from '../../contracts/enums.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors } from '../forms.js';
import { UnitTreeSelect } from '../units/tree.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { HAZARDS_KEY, hazardsApi, type HazardDetail } from './hazardsApi.js';

interface Values {
  schoolId?: number;
  area?: SafetyArea;
  location?: string;
  description?: string;
  grade?: HazardGrade;
  source?: 'school_report' | 'public_report' | 'drill';
  foundOn?: Dayjs;
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'area', 'location', 'description', 'grade', 'source', 'foundOn', 'fileIds', 'campaignId', 'drillId'] as const;

/** A place or item of equipment whose QR label was scanned (issue 17): school, area and location come from it. */
export interface PlaceOrigin {
  schoolId: number;
  schoolName: string;
  area: SafetyArea;
  location: string;
}

/** A problem found in a drill (000 item 17): the school, the day and the problem come from the drill. */
export interface DrillOrigin {
  drillId: number;
  schoolId: number;
  schoolName: string;
  heldOn: string;
  problems: string | null;
}

export function HazardReportDrawer({
  open,
  onClose,
  onCreated,
  campaignId,
  drill,
  place,
}: {
  open: boolean;
  onClose: () => void;
  onCreated?: (h: HazardDetail) => void;
  /** Reported within a campaign (专项整治). */
  campaignId?: number;
  /** Reported from a drill's problems (source 应急演练). */
  drill?: DrillOrigin;
  /** Reported where a QR label was scanned: the place filled in. */
  place?: PlaceOrigin;
}) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const today = todayBeijing();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (drill) {
      form.setFieldsValue({ schoolId: drill.schoolId, area: 'emergency', description: drill.problems ?? undefined, grade: 'general', source: 'drill', foundOn: fromDay(drill.heldOn) });
      return;
    }
    if (place) {
      form.setFieldsValue({ schoolId: place.schoolId, area: place.area, location: place.location, grade: 'general', source: 'school_report', foundOn: fromDay(today) });
      return;
    }
    form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, grade: 'general', source: 'school_report', foundOn: fromDay(today) });
  }, [open, form, isSchool, me.unit.id, today, drill, place]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      hazardsApi.create({
        schoolId: v.schoolId!,
        area: v.area!,
        location: v.location!.trim(),
        description: v.description!.trim(),
        grade: v.grade ?? 'general',
        source: v.source ?? 'school_report',
        foundOn: toDay(v.foundOn)!,
        campaignId: campaignId ?? null,
        drillId: drill?.drillId ?? null,
        fileIds: v.fileIds ?? [],
      }),
    onSuccess: (h) => {
      // The answer is the hazard with its first signed step: its page opens without another request.
      queryClient.setQueryData(['hazards', 'detail', h.id], h);
      void queryClient.invalidateQueries({ queryKey: HAZARDS_KEY, predicate: (q) => q.queryKey[1] !== 'detail' });
      message.success(`已上报隐患 ${h.code}`);
      onCreated?.(h);
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="上报隐患"
      size={screens.sm ? 560 : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="hazard-report-submit">
            上报
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        {isSchool || drill || place ? (
          <>
            <Form.Item label="学校" extra={drill ? `${drill.heldOn} 应急演练中发现的问题` : undefined}>
              <Input value={drill?.schoolName ?? place?.schoolName ?? me.unit.name} disabled />
            </Form.Item>
            <Form.Item name="schoolId" hidden>
              <Input />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="schoolId" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
            <UnitTreeSelect
              placeholder="请选择学校（可输入名称搜索）"
              selectable={(u) => u.kind === 'school' && u.status === 'active'}
              data-testid="hazard-report-school"
            />
          </Form.Item>
        )}
        <Form.Item name="area" label="排查领域" rules={[{ required: true, message: '请选择排查领域' }]}>
          <Select
            placeholder="隐患属于哪个领域"
            options={(Object.keys(safetyAreaLabels) as SafetyArea[]).map((a) => ({ value: a, label: safetyAreaLabels[a] }))}
            data-testid="hazard-report-area"
          />
        </Form.Item>
        <Form.Item name="location" label="隐患位置" rules={[{ required: true, whitespace: true, message: '请填写隐患位置' }]}>
          <Input maxLength={200} placeholder="如：教学楼三楼东侧消防通道" data-testid="hazard-report-location" />
        </Form.Item>
        <Form.Item name="description" label="隐患描述" rules={[{ required: true, whitespace: true, message: '请描述隐患' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="看到了什么问题" data-testid="hazard-report-description" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="grade" label="隐患等级" extra="重大隐患由区教育局挂牌督办">
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={(Object.keys(hazardGradeLabels) as HazardGrade[]).map((g) => ({ value: g, label: hazardGradeLabels[g] }))}
            />
          </Form.Item>
          <Form.Item name="source" label="来源">
            <Radio.Group
              optionType="button"
              disabled={!!drill}
              options={(drill ? (['drill'] as const) : (['school_report', 'public_report'] as const)).map((s) => ({ value: s, label: hazardSourceLabels[s] }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="foundOn" label="发现日期" rules={[{ required: true, message: '请填写发现日期' }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item
          name="fileIds"
          label="现场照片"
          extra={schoolId ? '可用手机直接拍照；支持 JPG、PNG、WebP、HEIC、PDF，每个不超过 20 MB，最多 20 个' : '请先选择学校，再拍照或上传'}
        >
          <PhotoUpload unitId={schoolId} max={20} disabled={!schoolId} testId="hazard-report-photos" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
