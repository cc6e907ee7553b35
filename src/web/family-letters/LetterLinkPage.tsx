// The guardian's page (/l/:token): no account, opened from the slip's QR code on a phone. It shows the
// school's letter and asks who is confirming; confirming twice, or on a second phone, keeps the
// first confirmation. A lost signal is said plainly and the button stays to try again (confirming is
// safe to repeat).
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Radio, Result, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { familyLetterTopicLabels, guardianRelationshipLabels, guardianRelationships, type GuardianRelationship } from '../../contracts/family-letters.js';
import { ApiError } from '../api.js';
import { familyLettersApi } from './familyLettersApi.js';

const problem = (e: unknown) => {
  if (!(e instanceof ApiError)) return '页面出错，请稍后重试';
  if (e.status === 0) return '网络不通：请检查手机信号或网络后再试';
  return e.message;
};

export default function LetterLinkPage() {
  const { token = '' } = useParams();
  const letter = useQuery({ queryKey: ['letter-link', token], queryFn: () => familyLettersApi.open(token), retry: (n, e) => e instanceof ApiError && e.status === 0 && n < 2 });
  const [relationship, setRelationship] = useState<GuardianRelationship | undefined>();
  const [agreed, setAgreed] = useState(false);
  const confirm = useMutation({ mutationFn: () => familyLettersApi.confirm(token, { relationship: relationship!, agreed: true }), onSuccess: () => void letter.refetch() });

  const wrap = (children: React.ReactNode) => <div style={{ maxWidth: 640, margin: '0 auto', padding: 12 }}>{children}</div>;
  if (letter.isLoading) return wrap(<Spin style={{ display: 'block', margin: 48 }} />);
  if (!letter.data) {
    const e = letter.error;
    return wrap(
      <Result
        status={e instanceof ApiError && e.status === 410 ? 'info' : 'warning'}
        title={problem(e)}
        extra={e instanceof ApiError && e.status === 0 ? <Button onClick={() => void letter.refetch()}>重试</Button> : undefined}
        data-testid="letter-link-problem"
      />,
    );
  }
  const l = letter.data;
  const done = l.confirmedAt ?? confirm.data?.confirmedAt ?? null;
  return wrap(
    <Card
      title={
        <div style={{ whiteSpace: 'normal', padding: '8px 0' }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {l.schoolName} · {familyLetterTopicLabels[l.topic]}
          </Typography.Text>
          <div style={{ fontSize: 18 }}>{l.title}</div>
        </div>
      }
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 16, lineHeight: 1.8 }}>{l.body}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {l.className} {l.seat} 号学生家长回执 · 发送日期 {l.sentOn} · 请于 {l.dueOn} 前确认
      </Typography.Paragraph>
      {done ? (
        <Result status="success" title="已确认回执" subTitle={`确认时间：${new Date(done).toLocaleString('zh-CN')}${l.relationship ? `（${guardianRelationshipLabels[l.relationship]}）` : ''}。感谢您的配合！`} data-testid="letter-link-done" />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <div>
            <div style={{ marginBottom: 8 }}>您是学生的：</div>
            <Radio.Group value={relationship} onChange={(e) => setRelationship(e.target.value)} data-testid="letter-link-relationship">
              {guardianRelationships.map((r) => (
                <Radio.Button key={r} value={r} style={{ marginBottom: 8 }}>
                  {guardianRelationshipLabels[r]}
                </Radio.Button>
              ))}
            </Radio.Group>
          </div>
          <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="letter-link-agreed">
            我已认真阅读以上内容，知晓并将履行监护责任
          </Checkbox>
          {confirm.error && <Alert type="error" showIcon message={problem(confirm.error)} />}
          <Button type="primary" size="large" block disabled={!relationship || !agreed} loading={confirm.isPending} onClick={() => confirm.mutate()} data-testid="letter-link-confirm">
            确认已阅读
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            本页无需注册登录，只记录确认时间和您与学生的关系，不收集姓名和电话。
          </Typography.Text>
        </Space>
      )}
    </Card>,
  );
}
