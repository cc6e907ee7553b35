import { FormOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, type ButtonProps } from 'antd';
import { useNavigate } from 'react-router';
import { useCan, useMe } from '../auth.js';
import { showError } from '../feedback.js';
import { beijing } from '../format.js';
import { INSPECTIONS_KEY, inspectionsApi } from './inspectionsApi.js';

export const OPTIONS_KEY = [...INSPECTIONS_KEY, 'options'] as const;

export function useInspectionOptions(enabled = true) {
  return useQuery({ queryKey: OPTIONS_KEY, queryFn: inspectionsApi.options, enabled, staleTime: 5 * 60_000 });
}

/**
 * 发起自查 in one tap, for a school's people: a self-check of their own school with the built-in
 * checklist, the person as its inspector, started at once, and the phone form opened.
 */
export function SelfCheckButton(props: Omit<ButtonProps, 'onClick' | 'loading'>) {
  const me = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const eligible = me.unit.kind === 'school' && can('inspection.manage') && can('inspection.perform');
  const options = useInspectionOptions(eligible);

  const run = useMutation({
    mutationFn: async () => {
      const today = beijing(new Date().toISOString()).format('YYYY-MM-DD');
      const created = await inspectionsApi.create({
        kind: 'self_check',
        title: `${me.unit.name}安全自查（${today}）`,
        plannedOn: today,
        inspectorIds: [me.user.id],
      });
      return inspectionsApi.start(created.id, created.version);
    },
    onSuccess: (insp) => {
      void queryClient.invalidateQueries({ queryKey: INSPECTIONS_KEY });
      message.success(`已发起自查 ${insp.code}，请逐项检查`);
      navigate(`/inspections/${insp.id}/targets/${insp.targets[0].id}/fill`);
    },
    onError: showError,
  });

  if (!eligible || !options.data?.kinds.includes('self_check')) return null;
  const noTemplate = options.data.builtinChecklistId === null;
  return (
    <Button
      icon={<FormOutlined />}
      {...props}
      loading={run.isPending}
      onClick={() => (noTemplate ? message.warning('本区还没有内置检查表模板，请联系区教育局安全管理员') : run.mutate())}
      data-testid="self-check-start"
    >
      发起自查
    </Button>
  );
}
