// 扫码打开 (issue 17): what a QR label on a place or item of equipment opens after login (the login
// page returns here). A place shows the checklist items to check there; equipment its record and
// due inspection; both offer 在此上报隐患 with the school, area and place filled in. Made for a phone.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Collapse, Descriptions, Empty, List, Result, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { equipmentKindLabels } from '../../contracts/equipment.js';
import { safetyAreaLabels } from '../../contracts/enums.js';
import { labelKindLabels, type ScannedLabel } from '../../contracts/labels.js';
import { ApiError } from '../api.js';
import { daysUntil, todayBeijing } from '../dates.js';
import { HazardReportDrawer, type PlaceOrigin } from '../hazards/HazardReportDrawer.js';
import { LABELS_KEY, labelsApi } from './labelsApi.js';

function EquipmentCard({ e }: { e: NonNullable<ScannedLabel['equipment']> }) {
  const left = daysUntil(e.nextInspectionDueOn, todayBeijing());
  const due = !e.inService ? <Tag>停用</Tag> : left < 0 ? <Tag color="red">超期 {-left} 天</Tag> : left <= 30 ? <Tag color="orange">{left === 0 ? '今天到期' : `${left} 天后到期`}</Tag> : <Tag color="green">有效</Tag>;
  return (
    <Card size="small" title="设备记录与检验" style={{ marginTop: 12 }}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="设备类别">{equipmentKindLabels[e.kind]}</Descriptions.Item>
        <Descriptions.Item label="安装位置">{e.location ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="下次检验">
          <span data-testid="scan-equipment-due">{e.nextInspectionDueOn}</span>&nbsp;{due}
        </Descriptions.Item>
        <Descriptions.Item label="最近检验">{e.lastInspectedOn ?? '暂无'}</Descriptions.Item>
        <Descriptions.Item label="使用登记证">{e.registrationNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="安全责任人">{e.responsiblePerson ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="维保单位">{e.maintenanceUnit ?? '—'}</Descriptions.Item>
        {e.gaps.length > 0 && <Descriptions.Item label="存在问题">{e.gaps.map((g) => <Tag color="red" key={g}>{g}</Tag>)}</Descriptions.Item>}
      </Descriptions>
      <Link to={`/special-equipment?schoolId=${e.schoolId}&q=${encodeURIComponent(e.name)}`}>在特种设备台账中查看维保检验记录</Link>
    </Card>
  );
}

function ChecklistItems({ items }: { items: ScannedLabel['checklistItems'] }) {
  if (!items.length) return <Empty description="本区暂无适用于此处的检查项" />;
  // One panel per checklist, the items under their section.
  const byChecklist = new Map<string, ScannedLabel['checklistItems']>();
  for (const i of items) byChecklist.set(i.checklistName, [...(byChecklist.get(i.checklistName) ?? []), i]);
  return (
    <Collapse
      defaultActiveKey={[...byChecklist.keys()].slice(0, 1)}
      items={[...byChecklist].map(([name, list]) => ({
        key: name,
        label: `${name}（${list.length} 项）`,
        children: (
          <List
            size="small"
            dataSource={list}
            renderItem={(i) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <span>
                      <Typography.Text type="secondary">{i.sectionTitle} · </Typography.Text>
                      {i.text}
                    </span>
                  }
                  description={[i.method && `方法：${i.method}`, i.standard && `标准：${i.standard}`].filter(Boolean).join('　')}
                />
              </List.Item>
            )}
          />
        ),
      }))}
    />
  );
}

export default function ScanPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [reporting, setReporting] = useState(false);
  const q = useQuery({ queryKey: [...LABELS_KEY, 'open', code], queryFn: () => labelsApi.open(code), retry: false });
  const d = q.data;
  const place = useMemo<PlaceOrigin | undefined>(() => (d ? { schoolId: d.schoolId, schoolName: d.schoolName, area: d.hazard.area, location: d.hazard.location } : undefined), [d]);
  if (q.isLoading) return <Spin style={{ margin: 48 }} />;
  if (!d) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'warning'}
        title={notFound ? '标签无效' : '无法打开标签'}
        subTitle={notFound ? '该二维码已作废、不属于您管辖的学校，或对应的地点、设备已注销。' : q.error instanceof ApiError ? q.error.message : '请检查网络后重试'}
        extra={<Button onClick={() => navigate('/')}>返回首页</Button>}
      />
    );
  }
  return (
    <div style={{ maxWidth: 720 }} data-testid="scan-page">
      <Card>
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="scan-name">
            {d.name}
          </Typography.Title>
          <div>
            <Tag color="blue">{labelKindLabels[d.kind]}</Tag>
            {d.schoolName}
          </div>
          {d.canReportHazard && (
            <Button type="primary" size="large" block danger onClick={() => setReporting(true)} data-testid="scan-report-hazard" style={{ marginTop: 8 }}>
              在此上报隐患
            </Button>
          )}
        </Space>
      </Card>
      {d.equipment ? (
        <EquipmentCard e={d.equipment} />
      ) : (
        <Card size="small" title={`此处的检查项（${d.checklistItems.length}）`} extra={<Typography.Text type="secondary">{[...new Set(d.checklistItems.map((i) => safetyAreaLabels[i.area]))].join('、')}</Typography.Text>} style={{ marginTop: 12 }}>
          <ChecklistItems items={d.checklistItems} />
        </Card>
      )}
      <HazardReportDrawer open={reporting} place={place} onClose={() => setReporting(false)} onCreated={(h) => navigate(`/hazards/${h.id}`)} />
    </div>
  );
}
