// One warning: what it asks, then the school's receipt (on a phone) or the issuer's live view.
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { requiredActionLabels, shelterActions, targetModeLabels, warningKindLabels } from '../../contracts/warnings.js';
import { detailFallback } from '../components/DetailFallback.js';
import { PageHeader, usePageTitle } from '../components/PageHeader.js';
import { formatDateTime } from '../format.js';
import { SchoolReceipt } from './SchoolReceipt.js';
import { LevelTag, WarningStatusTag } from './tags.js';
import { WarningBoardCard } from './WarningBoardCard.js';
import { WARNINGS_KEY, warningsApi } from './warningsApi.js';

export default function WarningDetailPage() {
  usePageTitle('预警提示');
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: [...WARNINGS_KEY, 'one', id], queryFn: () => warningsApi.get(id), enabled: Number.isInteger(id) && id > 0 });
  const w = q.data;
  const valid = Number.isInteger(id) && id > 0;
  if (!w) return detailFallback(q, valid, { name: '预警提示', back: '/warnings', backLabel: '返回预警列表' });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title={w.title}
        subTitle={
          <Space>
            <LevelTag level={w.level} />
            <Tag>{warningKindLabels[w.kind]}</Tag>
            <WarningStatusTag status={w.status} />
          </Space>
        }
      />
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="发布单位">{`${w.issuerUnitName}（${w.issuedByName}）`}</Descriptions.Item>
          <Descriptions.Item label="发布时间">{formatDateTime(w.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label="签收时限">{`${w.signWithinHours} 小时内（${formatDateTime(w.signDueAt)} 前）`}</Descriptions.Item>
          <Descriptions.Item label="报送截止">{formatDateTime(w.deadlineAt)}</Descriptions.Item>
          {!w.mine && <Descriptions.Item label="下发范围">{`${targetModeLabels[w.targetMode]}，共 ${w.targets} 所`}</Descriptions.Item>}
          {w.closedAt && <Descriptions.Item label="关闭">{`${w.closedByName ?? ''} ${formatDateTime(w.closedAt)}`}</Descriptions.Item>}
        </Descriptions>
        <Typography.Title level={5}>防范要求</Typography.Title>
        <ul style={{ paddingLeft: 20, marginTop: 0 }} data-testid="warning-actions">
          {(w.mine ? w.mine.required : w.actions).map((a) => (
            <li key={a}>{requiredActionLabels[a]}</li>
          ))}
          {!w.mine && <li>担负应急疏散安置任务的学校另加：{shelterActions.map((a) => requiredActionLabels[a]).join('；')}</li>}
        </ul>
        {w.requirements && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{w.requirements}</Typography.Paragraph>}
      </Card>
      {w.mine ? <SchoolReceipt w={w} /> : <WarningBoardCard w={w} />}
    </Space>
  );
}
