// 加入应急队伍 / 修改: a staff member of the school and the role in the team (004 item 4: 应急保障队伍).
import { Form, Input, Select } from 'antd';
import { useEffect } from 'react';
import { teamRoleLabels, teamRoles, type TeamMemberView } from '../../contracts/emergency-plans.js';
import { useMe } from '../auth.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { StaffSelect } from '../staff/StaffSelect.js';
import { TEAM_KEY, emergencyPlansApi } from './emergencyPlansApi.js';

interface Values {
  schoolId?: number;
  staffMemberId?: number;
  teamRole?: TeamMemberView['teamRole'];
  duty?: string;
  phone?: string;
}
const FIELDS = ['schoolId', 'staffMemberId', 'teamRole', 'duty', 'phone'] as const;

export function TeamMemberDrawer({ open, member, onClose }: { open: boolean; member?: TeamMemberView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (member) form.setFieldsValue({ schoolId: member.schoolId, staffMemberId: member.staffMemberId, teamRole: member.teamRole, duty: member.duty ?? '', phone: member.phone ?? '' });
    else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined });
  }, [open, member, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: TEAM_KEY,
    onClose,
    save: (v: Values) => {
      const fields = { teamRole: v.teamRole!, duty: v.duty?.trim() || null, phone: v.phone?.trim() || null };
      return member ? emergencyPlansApi.updateMember(member.id, { version: member.version, ...fields }) : emergencyPlansApi.addMember({ schoolId: v.schoolId!, staffMemberId: v.staffMemberId!, ...fields, fileIds: [] });
    },
    done: (m) => (member ? '已修改' : `${m.staffName}已加入应急队伍`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={member ? '修改应急队伍成员' : '加入应急队伍'} width={480} saving={save.isPending} onSave={() => form.submit()} testId="team">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={member?.schoolName} testId="team-school" />
        <Form.Item name="staffMemberId" label="教职工" rules={[{ required: true, message: '请选择教职工' }]}>
          <StaffSelect schoolId={schoolId} disabled={!schoolId || !!member} testId="team-staff" />
        </Form.Item>
        <Form.Item name="teamRole" label="队伍职务" rules={[{ required: true, message: '请选择队伍职务' }]}>
          <Select options={teamRoles.map((r) => ({ value: r, label: teamRoleLabels[r] }))} data-testid="team-role" />
        </Form.Item>
        <Form.Item name="duty" label="职责">
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
        <Form.Item name="phone" label="联系电话">
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
