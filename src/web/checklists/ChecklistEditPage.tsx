import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { UpdateChecklist } from '../../contracts/checklists.js';
import { safetyAreaLabels, safetyAreas, type SafetyArea } from '../../contracts/enums.js';
import type { ChecklistItem, ChecklistSection } from '../../domain/checklists/checklist.js';
import { ApiError } from '../api.js';
import { PageHeader } from '../components/PageHeader.js';
import { showError } from '../feedback.js';
import { CHECKLISTS_KEY, checklistsApi } from './checklistsApi.js';
import './checklists.css';

interface Values {
  name: string;
  description?: string;
  sections: ChecklistSection[];
}

const methodOptions = ['查看资料', '现场查看', '询问', '抽查', '现场测试', '调阅录像', '查看平台'].map((value) => ({ value }));
const areaOptions = safetyAreas.map((a) => ({ value: a, label: safetyAreaLabels[a] }));

// New items get a key no existing one has; keys of existing items never change (hazards keep them).
let seq = 0;
const newKey = () => `n-${Date.now().toString(36)}-${(++seq).toString(36)}`;
const newItem = (): ChecklistItem => ({ key: newKey(), text: '', method: '', standard: '', source: '' });

/** 'sections.1.items.0.text' → ['sections', 1, 'items', 0, 'text'], as antd names a nested field. */
const fieldPath = (field: string) => field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export default function ChecklistEditPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const loaded = useRef(false);

  const detail = useQuery({ queryKey: [...CHECKLISTS_KEY, 'detail', id, undefined], queryFn: () => checklistsApi.get(id), enabled: Number.isInteger(id) && id > 0 });
  const d = detail.data;

  useEffect(() => {
    if (d && !loaded.current) {
      loaded.current = true;
      form.setFieldsValue({ name: d.name, description: d.description ?? '', sections: d.shown.sections });
    }
  }, [d, form]);

  const back = () => navigate(`/checklists?open=${id}`);

  const save = useMutation({
    mutationFn: (body: UpdateChecklist) => checklistsApi.update(id, body),
    onSuccess: (saved) => {
      message.success(saved.currentVersion !== d!.currentVersion ? `已保存为第 ${saved.currentVersion} 版` : `已保存（检查项未变，仍为第 ${saved.currentVersion} 版）`);
      void queryClient.invalidateQueries({ queryKey: CHECKLISTS_KEY });
      back();
    },
    onError: (err) => {
      showError(err);
      if (!(err instanceof ApiError)) return;
      const fields = err.fieldErrors.filter((f) => f.field !== 'sections');
      if (fields.length) {
        form.setFields(fields.map((f) => ({ name: fieldPath(f.field) as never, errors: [f.message] })));
        form.scrollToField(fieldPath(fields[0].field) as never, { block: 'center' });
      }
    },
  });

  const submit = (v: Values) =>
    save.mutate({
      version: d!.version,
      name: v.name,
      description: v.description || null,
      sections: (v.sections ?? []).map((s) => ({
        title: s.title ?? '',
        area: s.area,
        items: (s.items ?? []).map((i) => ({ key: i.key, text: i.text ?? '', method: i.method ?? '', standard: i.standard ?? '', source: i.source ?? '' })),
      })),
    });

  const cancel = () => {
    if (!form.isFieldsTouched()) return back();
    modal.confirm({ title: '放弃未保存的修改？', okText: '放弃修改', cancelText: '继续编辑', onOk: back });
  };

  if (detail.isLoading) return <Spin />;
  if (!d) return <Empty description="该模板不存在或无权访问" />;
  if (!d.actions.includes('update')) {
    return (
      <>
        <PageHeader title={`编辑检查表：${d.name}`} />
        <Alert
          type="warning"
          showIcon
          title={d.builtin ? '内置模板不可修改，请在检查表模板列表中“复制”后编辑副本。' : d.status === 'archived' ? '该模板已归档，恢复后才能编辑。' : '您没有维护检查表模板的权限。'}
          action={<Button onClick={back}>返回</Button>}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={`编辑检查表：${d.name}`}
        subTitle={`当前第 ${d.currentVersion} 版。保存后检查项有变化即生成第 ${d.currentVersion + 1} 版；已开展的检查仍保留其使用的版本。`}
        extra={
          <Space>
            <Button onClick={cancel}>取消</Button>
            <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="checklist-save">
              保存
            </Button>
          </Space>
        }
      />
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError={{ block: 'center' }} className="checklist-editor">
        <Card size="small" title="基本信息" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="name" label="模板名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { min: 2, max: 60, message: '名称 2–60 个字' }]}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="description" label="说明">
                <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Form.List
          name="sections"
          rules={[{ validator: async (_r, v: unknown[]) => (v && v.length ? undefined : Promise.reject(new Error('检查表至少需要一个部分（检查领域）'))) }]}
        >
          {(sections, { add, remove, move }, { errors }) => (
            <>
              {sections.map((section, si) => (
                <Card
                  key={section.key}
                  size="small"
                  style={{ marginBottom: 16 }}
                  data-testid="checklist-edit-section"
                  title={
                    <Row gutter={8} align="middle" wrap={false} style={{ padding: '8px 0' }}>
                      <Col flex="none">第 {si + 1} 部分</Col>
                      <Col flex="auto">
                        <Form.Item name={[section.name, 'title']} noStyle rules={[{ required: true, whitespace: true, message: '请填写部分标题' }]}>
                          <Input placeholder="部分标题，如：二、校园消防安全、危化品管理" maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col flex="200px">
                        <Form.Item name={[section.name, 'area']} noStyle rules={[{ required: true, message: '请选择检查领域' }]}>
                          <Select<SafetyArea> placeholder="检查领域" options={areaOptions} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </Row>
                  }
                  extra={
                    <Space size={0}>
                      <Tooltip title="上移">
                        <Button type="text" icon={<ArrowUpOutlined />} disabled={si === 0} onClick={() => move(si, si - 1)} />
                      </Tooltip>
                      <Tooltip title="下移">
                        <Button type="text" icon={<ArrowDownOutlined />} disabled={si === sections.length - 1} onClick={() => move(si, si + 1)} />
                      </Tooltip>
                      <Tooltip title="删除此部分及其检查项">
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() =>
                            modal.confirm({ title: `删除第 ${si + 1} 部分及其全部检查项？`, okText: '删除', okButtonProps: { danger: true }, onOk: () => remove(section.name) })
                          }
                        />
                      </Tooltip>
                    </Space>
                  }
                >
                  <Form.List
                    name={[section.name, 'items']}
                    rules={[{ validator: async (_r, v: unknown[]) => (v && v.length ? undefined : Promise.reject(new Error('每个部分至少需要一个检查项'))) }]}
                  >
                    {(items, itemOps, { errors: itemErrors }) => (
                      <>
                        {items.length > 0 && (
                          <Row gutter={8} className="checklist-editor-head">
                            <Col md={1}>序号</Col>
                            <Col md={8}>检查内容</Col>
                            <Col md={4}>检查方法</Col>
                            <Col md={6}>标准</Col>
                            <Col md={4}>依据</Col>
                          </Row>
                        )}
                        {items.map((item, ii) => (
                          <Row gutter={8} key={item.key} className="checklist-editor-row" data-testid="checklist-edit-item">
                            <Form.Item name={[item.name, 'key']} hidden>
                              <Input />
                            </Form.Item>
                            <Col xs={24} md={1} className="checklist-editor-no">
                              {ii + 1}
                            </Col>
                            <Col xs={24} md={8}>
                              <Form.Item name={[item.name, 'text']} rules={[{ required: true, whitespace: true, message: '请填写检查内容' }]}>
                                <Input.TextArea placeholder="检查内容" autoSize={{ minRows: 1, maxRows: 5 }} maxLength={500} />
                              </Form.Item>
                            </Col>
                            <Col xs={12} md={4}>
                              <Form.Item name={[item.name, 'method']}>
                                <AutoComplete options={methodOptions}>
                                  <Input.TextArea placeholder="检查方法" autoSize={{ minRows: 1, maxRows: 3 }} maxLength={100} />
                                </AutoComplete>
                              </Form.Item>
                            </Col>
                            <Col xs={12} md={6}>
                              <Form.Item name={[item.name, 'standard']}>
                                <Input.TextArea placeholder="标准" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
                              </Form.Item>
                            </Col>
                            <Col xs={20} md={4}>
                              <Form.Item name={[item.name, 'source']}>
                                <Input.TextArea placeholder="依据，如 002 第8条" autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} />
                              </Form.Item>
                            </Col>
                            <Col xs={4} md={1}>
                              <Tooltip title="删除此项">
                                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => itemOps.remove(item.name)} aria-label="删除此项" />
                              </Tooltip>
                            </Col>
                          </Row>
                        ))}
                        <Form.ErrorList errors={itemErrors} />
                        <Button type="dashed" icon={<PlusOutlined />} onClick={() => itemOps.add(newItem())} data-testid="checklist-add-item">
                          添加检查项
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ title: '', area: undefined, items: [newItem()] })}
                style={{ marginBottom: 16 }}
                data-testid="checklist-add-section"
              >
                添加部分（检查领域）
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Paragraph type="secondary">
          提示：每个检查项在检查时标记“合格 / 不合格 / 不适用”；不合格项将生成隐患，并带入检查领域与检查内容。
        </Typography.Paragraph>
      </Form>
    </>
  );
}
