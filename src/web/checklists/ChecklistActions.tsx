import { CopyOutlined, DownloadOutlined, EditOutlined, InboxOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { copyChecklistBody, type ChecklistTemplate } from '../../contracts/checklists.js';
import { apiUrl } from '../api.js';
import { showError } from '../feedback.js';
import { applyServerErrors, zodRule } from '../forms.js';
import { CHECKLISTS_KEY, checklistsApi } from './checklistsApi.js';

/** The buttons a template allows (from its `actions`), plus view and export for everyone. */
export function ChecklistActionButtons({
  template,
  onView,
  link = false,
  version,
}: {
  template: ChecklistTemplate;
  onView?: () => void;
  link?: boolean;
  /** The version shown, for the export; the current one when absent. */
  version?: number;
}) {
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [copying, setCopying] = useState(false);
  const type = link ? 'link' : 'default';
  const size = link ? 'small' : 'middle';

  const status = useMutation({
    mutationFn: (action: 'archive' | 'restore') => checklistsApi.setStatus(template.id, action, template.version),
    onSuccess: (_d, action) => {
      message.success(action === 'archive' ? '已归档，新的检查任务将不再使用此模板' : '已恢复启用');
      void queryClient.invalidateQueries({ queryKey: CHECKLISTS_KEY });
    },
    onError: showError,
  });

  const confirmArchive = () =>
    modal.confirm({
      title: `归档“${template.name}”？`,
      content: '归档后不能再用于新的检查任务；已使用它的检查记录不受影响，可随时恢复。',
      okText: '归档',
      onOk: () => status.mutateAsync('archive'),
    });

  const exportHref = apiUrl(`/checklists/${template.id}/export`, { version });

  return (
    <>
      <Space size={link ? 0 : 8} wrap>
        {onView && (
          <Button type={type} size={size} onClick={onView}>
            查看
          </Button>
        )}
        {template.actions.includes('update') && (
          <Button type={type} size={size} icon={link ? undefined : <EditOutlined />} onClick={() => navigate(`/checklists/${template.id}/edit`)} data-testid="checklist-edit">
            编辑
          </Button>
        )}
        {template.actions.includes('copy') && (
          <Button type={type} size={size} icon={link ? undefined : <CopyOutlined />} onClick={() => setCopying(true)} data-testid="checklist-copy">
            复制
          </Button>
        )}
        {!link && (
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="checklist-export">
            导出空白表
          </Button>
        )}
        {template.actions.includes('archive') && (
          <Button type={type} size={size} icon={link ? undefined : <InboxOutlined />} onClick={confirmArchive} loading={status.isPending}>
            归档
          </Button>
        )}
        {template.actions.includes('restore') && (
          <Button type={type} size={size} icon={link ? undefined : <RollbackOutlined />} onClick={() => status.mutate('restore')} loading={status.isPending}>
            恢复
          </Button>
        )}
      </Space>
      <CopyModal template={template} open={copying} onClose={() => setCopying(false)} />
    </>
  );
}

function CopyModal({ template, open, onClose }: { template: ChecklistTemplate; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const copy = useMutation({
    mutationFn: (v: { name: string; description?: string }) => checklistsApi.copy(template.id, { name: v.name, description: v.description || null }),
    onSuccess: (created) => {
      message.success(`已复制为“${created.name}”，请编辑检查项后保存`);
      void queryClient.invalidateQueries({ queryKey: CHECKLISTS_KEY });
      onClose();
      navigate(`/checklists/${created.id}/edit`);
    },
    onError: (err) => applyServerErrors(form, err, ['name', 'description']),
  });
  return (
    <Modal
      title={`复制“${template.name}”`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="复制并编辑"
      confirmLoading={copy.isPending}
      destroyOnHidden
    >
      <p style={{ color: 'rgba(0,0,0,0.55)' }}>复制当前版本（第 {template.currentVersion} 版）的全部检查项，生成一个可编辑的自定义模板。</p>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => copy.mutate(v)}
        preserve={false}
        initialValues={{ name: `${template.name}（本区）`, description: template.description ?? '' }}
      >
        <Form.Item name="name" label="新模板名称" rules={[{ required: true, message: '请填写名称' }, zodRule(copyChecklistBody.shape.name)]}>
          <Input maxLength={60} data-testid="checklist-copy-name" />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
