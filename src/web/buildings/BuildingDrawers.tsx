// The forms of 校舍与施工 (001 item 18; 000 item 10), each in a drawer: a building with its latest
// safety appraisal (the next due day by the pack's cadence when left empty) and what lets it be used
// (a kindergarten's old or idle premises risk-assessed; a new or refitted building's indoor-air test
// and acceptance: 不得迁入和招生 — the server refuses marking it in use before, naming 在用); a
// construction site with its isolation from pupils and photos; a weekly check of a site.
import { Alert, DatePicker, Divider, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { appraisalGradeLabels, appraisalGrades, buildingStructureLabels, buildingStructures, buildingUseLabels, buildingUses, type BuildingView, type SiteView } from '../../contracts/buildings.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { BUILDINGS_KEY, buildingsApi } from './buildingsApi.js';

const opt = (v: string | undefined) => v?.trim() || null;
const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

interface BuildingValues {
  schoolId?: number;
  name?: string;
  use?: BuildingView['use'];
  yearBuilt?: number;
  structure?: BuildingView['structure'];
  floors?: number;
  floorArea?: number;
  inUse?: boolean;
  appraisalGrade?: BuildingView['appraisalGrade'];
  appraisedOn?: Dayjs;
  appraisedBy?: string;
  appraisalFileIds?: number[];
  nextAppraisalDueOn?: Dayjs;
  oldOrIdle?: boolean;
  riskAssessedOn?: Dayjs;
  riskAssessment?: string;
  newOrRefit?: boolean;
  airTestPassedOn?: Dayjs;
  acceptancePassedOn?: Dayjs;
  fileIds?: number[];
}
const BUILDING_FIELDS = [
  'schoolId',
  'name',
  'use',
  'yearBuilt',
  'structure',
  'floors',
  'floorArea',
  'inUse',
  'appraisalGrade',
  'appraisedOn',
  'appraisedBy',
  'appraisalFileIds',
  'nextAppraisalDueOn',
  'oldOrIdle',
  'riskAssessedOn',
  'riskAssessment',
  'newOrRefit',
  'airTestPassedOn',
  'acceptancePassedOn',
  'fileIds',
] as const;

export function BuildingDrawer({ open, item, onClose }: { open: boolean; item?: BuildingView | null; onClose: () => void }) {
  const [form] = Form.useForm<BuildingValues>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const grade = Form.useWatch('appraisalGrade', form);
  const inUse = Form.useWatch('inUse', form);
  const oldOrIdle = Form.useWatch('oldOrIdle', form);
  const newOrRefit = Form.useWatch('newOrRefit', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) {
      form.setFieldsValue({
        ...Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v ?? undefined])),
        appraisedOn: fromDay(item.appraisedOn),
        nextAppraisalDueOn: fromDay(item.nextAppraisalDueOn),
        riskAssessedOn: fromDay(item.riskAssessedOn),
        airTestPassedOn: fromDay(item.airTestPassedOn),
        acceptancePassedOn: fromDay(item.acceptancePassedOn),
        appraisalFileIds: item.appraisalFiles.map((f) => f.id),
        fileIds: item.files.map((f) => f.id),
      });
    } else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, inUse: true, oldOrIdle: false, newOrRefit: false, appraisalFileIds: [], fileIds: [] });
  }, [open, item, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: BUILDING_FIELDS,
    listKey: BUILDINGS_KEY,
    onClose,
    save: (v: BuildingValues) => {
      const fields = {
        name: v.name!.trim(),
        use: v.use!,
        yearBuilt: v.yearBuilt!,
        structure: v.structure!,
        floors: v.floors!,
        floorArea: v.floorArea!,
        inUse: v.inUse ?? true,
        appraisalGrade: v.appraisalGrade ?? null,
        appraisedOn: toDay(v.appraisedOn) ?? null,
        appraisedBy: opt(v.appraisedBy),
        appraisalFileIds: v.appraisalFileIds ?? [],
        nextAppraisalDueOn: toDay(v.nextAppraisalDueOn) ?? null,
        oldOrIdle: v.oldOrIdle ?? false,
        riskAssessedOn: toDay(v.riskAssessedOn) ?? null,
        riskAssessment: opt(v.riskAssessment),
        newOrRefit: v.newOrRefit ?? false,
        airTestPassedOn: toDay(v.airTestPassedOn) ?? null,
        acceptancePassedOn: toDay(v.acceptancePassedOn) ?? null,
        fileIds: v.fileIds ?? [],
      };
      return item ? buildingsApi.update(item.id, { version: item.version, ...fields }) : buildingsApi.create({ schoolId: v.schoolId!, ...fields });
    },
    done: (b) => (b.hazard ? `已保存。${b.name} 为${b.appraisalGrade}级且在用，已列入隐患台账（${b.hazard.code}，重大隐患）` : item ? '校舍信息已修改' : `已登记 ${b.name}`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改校舍 / 登记鉴定' : '登记校舍'} width={640} saving={save.isPending} onSave={() => form.submit()} testId="building">
      <Form<BuildingValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="building-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="name" label="校舍名称" rules={[{ required: true, whitespace: true, message: '请填写校舍名称' }]}>
            <Input maxLength={100} style={{ width: 220 }} placeholder="如：3号学生宿舍楼" data-testid="building-name" />
          </Form.Item>
          <Form.Item name="use" label="用途" rules={[{ required: true, message: '请选择用途' }]}>
            <Select options={buildingUses.map((k) => ({ value: k, label: buildingUseLabels[k] }))} style={{ width: 170 }} data-testid="building-use" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="yearBuilt" label="建成年份" rules={[{ required: true, message: '请填写建成年份' }]}>
            <InputNumber precision={0} style={{ width: 110 }} data-testid="building-year" />
          </Form.Item>
          <Form.Item name="structure" label="结构类型" rules={[{ required: true, message: '请选择结构类型' }]}>
            <Select options={buildingStructures.map((k) => ({ value: k, label: buildingStructureLabels[k] }))} style={{ width: 140 }} data-testid="building-structure" />
          </Form.Item>
          <Form.Item name="floors" label="层数" rules={[{ required: true, message: '请填写层数' }]}>
            <InputNumber precision={0} style={{ width: 80 }} data-testid="building-floors" />
          </Form.Item>
          <Form.Item name="floorArea" label="建筑面积（㎡）" rules={[{ required: true, message: '请填写建筑面积' }]}>
            <InputNumber style={{ width: 130 }} data-testid="building-area" />
          </Form.Item>
          <Form.Item name="inUse" label="在用" valuePropName="checked">
            <Switch data-testid="building-in-use" />
          </Form.Item>
        </Space>
        <Divider plain>房屋安全鉴定（最近一次）</Divider>
        <Space size="middle" wrap align="start">
          <Form.Item name="appraisalGrade" label="鉴定等级">
            <Select allowClear options={appraisalGrades.map((g) => ({ value: g, label: appraisalGradeLabels[g] }))} style={{ width: 170 }} data-testid="building-grade" />
          </Form.Item>
          <Form.Item name="appraisedOn" label="鉴定日期" rules={[{ required: !!grade, message: '请填写鉴定日期' }]}>
            <DatePicker style={{ width: 150 }} disabledDate={notFuture} data-testid="building-appraised-on" />
          </Form.Item>
          <Form.Item name="nextAppraisalDueOn" label="下次鉴定日期" extra="不填则按规则包的鉴定周期计算（宿舍、幼儿园用房更严）">
            <DatePicker style={{ width: 150 }} />
          </Form.Item>
        </Space>
        <Form.Item name="appraisedBy" label="鉴定机构" rules={[{ required: !!grade, whitespace: true, message: '请填写鉴定机构' }]}>
          <Input maxLength={100} placeholder="如：市房屋安全鉴定所" data-testid="building-appraised-by" />
        </Form.Item>
        {inUse && (grade === 'C' || grade === 'D') && <Alert type="error" showIcon style={{ marginBottom: 12 }} message="C级、D级校舍不得继续使用：保存后将作为重大隐患列入隐患台账，停用或重新鉴定为A/B级后由系统销号（001 第18条）" />}
        <Form.Item name="appraisalFileIds" label="鉴定报告" extra={schoolId ? undefined : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={item?.appraisalFiles} max={5} disabled={!schoolId} label="上传报告" testId="building-report" />
        </Form.Item>
        <Divider plain>投入使用的条件（001 第18条）</Divider>
        <Space size="middle" wrap align="start">
          <Form.Item name="oldOrIdle" label="老旧闲置校舍" valuePropName="checked" extra="幼儿园使用须先做风险评估">
            <Switch />
          </Form.Item>
          {oldOrIdle && (
            <Form.Item name="riskAssessedOn" label="风险评估日期">
              <DatePicker style={{ width: 150 }} disabledDate={notFuture} />
            </Form.Item>
          )}
        </Space>
        {oldOrIdle && (
          <Form.Item name="riskAssessment" label="风险评估结论与措施">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
        <Space size="middle" wrap align="start">
          <Form.Item name="newOrRefit" label="新建或改扩建" valuePropName="checked" extra="检测、验收合格前不得迁入和招生">
            <Switch data-testid="building-new" />
          </Form.Item>
          {newOrRefit && (
            <>
              <Form.Item name="airTestPassedOn" label="室内空气检测合格日期">
                <DatePicker style={{ width: 150 }} disabledDate={notFuture} />
              </Form.Item>
              <Form.Item name="acceptancePassedOn" label="竣工验收合格日期">
                <DatePicker style={{ width: 150 }} disabledDate={notFuture} />
              </Form.Item>
            </>
          )}
        </Space>
        <Form.Item name="fileIds" label="照片">
          <PhotoUpload unitId={schoolId} files={item?.files} max={20} disabled={!schoolId} label="上传" testId="building-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

interface SiteValues {
  schoolId?: number;
  project?: string;
  constructionUnit?: string;
  days?: [Dayjs, Dayjs];
  buildingId?: number;
  hardFence?: boolean;
  separateEntrance?: boolean;
  isolationNote?: string;
  fileIds?: number[];
}
const SITE_FIELDS = ['schoolId', 'project', 'constructionUnit', 'startsOn', 'endsOn', 'buildingId', 'hardFence', 'separateEntrance', 'isolationNote', 'fileIds'] as const;

export function SiteDrawer({ open, item, buildings, onClose }: { open: boolean; item?: SiteView | null; buildings: BuildingView[]; onClose: () => void }) {
  const [form] = Form.useForm<SiteValues>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) {
      form.setFieldsValue({
        ...Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v ?? undefined])),
        days: [dayjs(item.startsOn), dayjs(item.endsOn)],
        fileIds: item.files.map((f) => f.id),
      });
    } else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, hardFence: true, separateEntrance: true, fileIds: [] });
  }, [open, item, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: SITE_FIELDS,
    listKey: BUILDINGS_KEY,
    onClose,
    save: (v: SiteValues) => {
      const fields = {
        project: v.project!.trim(),
        constructionUnit: v.constructionUnit!.trim(),
        startsOn: toDay(v.days![0])!,
        endsOn: toDay(v.days![1])!,
        buildingId: v.buildingId ?? null,
        hardFence: v.hardFence ?? false,
        separateEntrance: v.separateEntrance ?? false,
        isolationNote: opt(v.isolationNote),
        fileIds: v.fileIds ?? [],
      };
      return item ? buildingsApi.updateSite(item.id, { version: item.version, ...fields }) : buildingsApi.createSite({ schoolId: v.schoolId!, ...fields });
    },
    done: (s) => (item ? '施工项目已修改' : `已登记施工项目 ${s.project}`),
  });
  const ofSchool = buildings.filter((b) => b.schoolId === schoolId && b.status === 'recorded');

  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改施工项目' : '登记校园施工'} width={600} saving={save.isPending} onSave={() => form.submit()} testId="site">
      <Form<SiteValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="site-school" />
        <Form.Item name="project" label="施工项目" rules={[{ required: true, whitespace: true, message: '请填写施工项目' }]}>
          <Input maxLength={100} placeholder="如：风雨操场改造工程" data-testid="site-project" />
        </Form.Item>
        <Form.Item name="constructionUnit" label="施工单位" rules={[{ required: true, whitespace: true, message: '请填写施工单位' }]}>
          <Input maxLength={100} data-testid="site-unit" />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="days" label="开工至完工" rules={[{ required: true, message: '请选择开工和完工日期' }]}>
            <DatePicker.RangePicker style={{ width: 260 }} data-testid="site-days" />
          </Form.Item>
          <Form.Item name="buildingId" label="涉及校舍（新建或改扩建）">
            <Select allowClear style={{ width: 200 }} options={ofSchool.map((b) => ({ value: b.id, label: b.name }))} notFoundContent="本校尚未登记校舍" />
          </Form.Item>
        </Space>
        <Divider plain>施工区域与师生活动区域严密隔离（001 第18条）</Divider>
        <Space size="large" wrap>
          <Form.Item name="hardFence" label="硬隔离" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="separateEntrance" label="施工出入口独立" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="isolationNote" label="隔离措施说明">
          <Input.TextArea rows={2} maxLength={500} placeholder="如：2.5米彩钢板硬隔离，施工车辆走北门，避开上下学时段" />
        </Form.Item>
        <Form.Item name="fileIds" label="隔离照片" extra={schoolId ? '硬隔离、独立出入口的现场照片' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={item?.files} max={20} disabled={!schoolId} label="上传照片" testId="site-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

interface CheckValues {
  checkedOn?: Dayjs;
  checkedBy?: string;
  fenceIntact?: boolean;
  entranceSeparate?: boolean;
  checkNote?: string;
  fileIds?: number[];
}
const CHECK_FIELDS = ['checkedOn', 'checkedBy', 'fenceIntact', 'entranceSeparate', 'checkNote', 'fileIds'] as const;

export function SiteCheckDrawer({ site, onClose }: { site: SiteView | null; onClose: () => void }) {
  const [form] = Form.useForm<CheckValues>();
  useEffect(() => {
    if (!site) return;
    form.resetFields();
    form.setFieldsValue({ checkedOn: dayjs(), fenceIntact: true, entranceSeparate: true, fileIds: [] });
  }, [site, form]);
  const save = useLedgerSave({
    form,
    fields: CHECK_FIELDS,
    listKey: BUILDINGS_KEY,
    onClose,
    save: (v: CheckValues) =>
      buildingsApi.createCheck({
        siteId: site!.id,
        checkedOn: toDay(v.checkedOn)!,
        checkedBy: v.checkedBy!.trim(),
        fenceIntact: v.fenceIntact ?? false,
        entranceSeparate: v.entranceSeparate ?? false,
        checkNote: opt(v.checkNote),
        fileIds: v.fileIds ?? [],
      }),
    done: () => '施工安全检查已登记',
  });
  return (
    <LedgerDrawer open={!!site} onClose={onClose} title={`施工安全检查：${site?.project ?? ''}`} width={520} saving={save.isPending} onSave={() => form.submit()} testId="site-check">
      <Form<CheckValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`施工期间（${site?.startsOn} 至 ${site?.endsOn}）每周至少检查一次`} />
        <Space size="middle" wrap align="start">
          <Form.Item name="checkedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}>
            <DatePicker style={{ width: 150 }} disabledDate={notFuture} />
          </Form.Item>
          <Form.Item name="checkedBy" label="检查人" rules={[{ required: true, whitespace: true, message: '请填写检查人' }]}>
            <Input maxLength={50} style={{ width: 160 }} data-testid="site-check-by" />
          </Form.Item>
        </Space>
        <Form.Item name="fenceIntact" label="硬隔离完好">
          <Radio.Group options={[{ value: true, label: '完好' }, { value: false, label: '有缺口或破损' }]} />
        </Form.Item>
        <Form.Item name="entranceSeparate" label="施工出入口独立">
          <Radio.Group options={[{ value: true, label: '独立' }, { value: false, label: '与师生通道交叉' }]} />
        </Form.Item>
        <Form.Item name="checkNote" label="检查发现的问题">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="fileIds" label="照片">
          <PhotoUpload unitId={site?.schoolId} max={20} label="上传照片" testId="site-check-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
