// The school's home page, at the top: each open warning still waiting on the school, with 签收 in one
// tap and a link to report (000 item 10). Nothing when none waits.
import { AlertOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space } from 'antd';
import { useNavigate } from 'react-router';
import { warningKindLabels } from '../../contracts/warnings.js';
import { useCan, useMe } from '../auth.js';
import { formatDateTime } from '../format.js';
import { LevelTag } from './tags.js';
import { WARNINGS_KEY, warningsApi } from './warningsApi.js';

export default function HomeWarnings() {
  const can = useCan();
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const enabled = can('warning.read') && me.unit.kind === 'school';
  const pending = useQuery({ queryKey: [...WARNINGS_KEY, 'pending'], queryFn: warningsApi.pending, enabled, refetchInterval: 60_000, meta: { silent: true } });
  const sign = useMutation({
    mutationFn: (id: number) => warningsApi.sign(id),
    onSuccess: (w) => {
      message.success('已签收，请上报落实情况');
      qc.invalidateQueries({ queryKey: WARNINGS_KEY });
      navigate(`/warnings/${w.id}`);
    },
  });
  if (!enabled || !pending.data?.items.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="home-warnings">
      {pending.data.items.map((w) => (
        <Alert
          key={w.id}
          type={w.level === 'red' || w.level === 'orange' ? 'error' : 'warning'}
          showIcon
          icon={<AlertOutlined />}
          message={
            <Space wrap>
              <LevelTag level={w.level} />
              <strong>{w.title}</strong>
              <span>（{warningKindLabels[w.kind]}）</span>
            </Space>
          }
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <span>
                {w.mine?.state === 'signed' ? `已签收，请于 ${formatDateTime(w.deadlineAt)} 前上报落实情况` : `请于 ${formatDateTime(w.signDueAt)} 前签收${w.mine?.overdue ? '（已超时）' : ''}`}
              </span>
              {w.allowed.includes('sign') ? (
                <Button type="primary" size="large" block loading={sign.isPending && sign.variables === w.id} onClick={() => sign.mutate(w.id)} data-testid="home-warning-sign">
                  签收
                </Button>
              ) : (
                <Button type="primary" size="large" block onClick={() => navigate(`/warnings/${w.id}`)} data-testid="home-warning-report">
                  上报落实情况
                </Button>
              )}
            </Space>
          }
        />
      ))}
    </Space>
  );
}
