// 阶段与分工: the phases as a timeline with today's phase marked, then each area with its tasks,
// responsible subject, responsible and cooperating departments (002 四、工作安排).
import { Card, Descriptions, Empty, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { phaseKindLabels, safetyAreaLabels } from '../../contracts/enums.js';
import { weeklyReturnPhaseKinds } from '../../domain/campaigns.js';
import type { CampaignArea } from '../../contracts/campaigns.js';
import { todayBeijing } from '../dates.js';
import type { CampaignDetail } from './campaignsApi.js';

export function PhasesTab({ campaign }: { campaign: CampaignDetail }) {
  const today = todayBeijing();
  const columns: TableColumnsType<CampaignArea> = [
    { title: '排查领域', dataIndex: 'area', width: 150, render: (v: CampaignArea['area']) => <Typography.Text strong>{safetyAreaLabels[v]}</Typography.Text> },
    {
      title: '任务分工',
      dataIndex: 'tasks',
      render: (v: string | null) => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: '责任主体', dataIndex: 'responsibleSubject', width: 150 },
    {
      title: '责任部门',
      key: 'responsible',
      width: 180,
      render: (_, a) => (
        <Space size={[0, 4]} wrap>
          {a.responsibleDepartments.map((d) => (
            <Tag key={d.id} color="blue">
              {d.name}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '配合部门',
      key: 'cooperating',
      width: 180,
      render: (_, a) =>
        a.cooperatingDepartments.length ? (
          <Space size={[0, 4]} wrap>
            {a.cooperatingDepartments.map((d) => (
              <Tag key={d.id}>{d.name}</Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title="基本情况">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered className="campaign-descriptions">
          <Descriptions.Item label="整治期间">
            {campaign.startsOn} 至 {campaign.endsOn}
          </Descriptions.Item>
          <Descriptions.Item label="整治范围">{campaign.allSchools ? `全区学校（${campaign.schoolCount} 所）` : `指定学校 ${campaign.schoolCount} 所`}</Descriptions.Item>
          <Descriptions.Item label="学校自查截止">{campaign.selfCheckDue ?? '未设'}</Descriptions.Item>
          <Descriptions.Item label="排查表">{campaign.checklistName ?? '未指定'}</Descriptions.Item>
          {!campaign.allSchools && campaign.schools.length > 0 && (
            <Descriptions.Item label="参加的学校" span={2}>
              {campaign.schools.map((s) => s.name).join('、')}
            </Descriptions.Item>
          )}
          {campaign.description && (
            <Descriptions.Item label="工作目标与要求" span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{campaign.description}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card size="small" title="工作阶段">
        {campaign.phases.length ? (
          <Timeline
            data-testid="campaign-phases-timeline"
            items={campaign.phases.map((p) => {
              const past = p.endsOn < today;
              return {
                color: p.current ? 'blue' : past ? 'green' : 'gray',
                content: (
                  <div data-testid="campaign-phase-item" data-current={p.current ? 'true' : undefined}>
                    <Space size={6} wrap>
                      <span className={p.current ? 'campaign-phase-current' : undefined}>{p.name}</span>
                      <Tag>{phaseKindLabels[p.kind]}</Tag>
                      {p.current && <Tag color="processing">当前阶段</Tag>}
                      {past && <Tag color="green">已结束</Tag>}
                      {weeklyReturnPhaseKinds.includes(p.kind) && <Tag color="purple">各责任部门每周报送周报</Tag>}
                    </Space>
                    <div>
                      <Typography.Text type="secondary">
                        {p.startsOn} 至 {p.endsOn}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              };
            })}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未设置阶段" />
        )}
      </Card>

      <Card size="small" title="排查领域与责任分工">
        <Table<CampaignArea>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={campaign.areas}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="campaign-areas-table"
        />
      </Card>
    </Space>
  );
}
