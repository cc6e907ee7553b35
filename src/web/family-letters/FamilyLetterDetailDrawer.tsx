// 一份告家长书: the text, and each class with its count of slips confirmed. For the classes that are the
// person's (the school's managers: every class; a class teacher: their own) the seats are shown:
// confirmed in green with how, not yet in red, a signed paper slip recorded in one click, and the
// slips printed with their QR codes. Above the school only the counts (the server sends no seat).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Empty, Form, Grid, Input, InputNumber, Popover, Progress, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  confirmMethodLabels,
  familyLetterStateLabels,
  familyLetterTopicLabels,
  guardianRelationshipLabels,
  guardianRelationships,
  MAX_CLASS_PUPILS,
  type GuardianRelationship,
  type LetterClassView,
  type LetterSlipView,
} from '../../contracts/family-letters.js';
import { confirmRate } from '../../domain/family-letters.js';
import { ApiError } from '../api.js';
import { useCan } from '../auth.js';
import { FileList } from '../components/FileList.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { FAMILY_LETTER_KEY, familyLettersApi } from './familyLettersApi.js';

const relationOptions = guardianRelationships.map((value) => ({ value, label: guardianRelationshipLabels[value] }));

export function RateBar({ confirmed, pupils }: { confirmed: number; pupils: number }) {
  const rate = confirmRate(confirmed, pupils);
  return (
    <Space size={8} style={{ minWidth: 160 }}>
      <Progress percent={rate} size="small" style={{ width: 90, margin: 0 }} status={rate === 100 ? 'success' : 'normal'} showInfo={false} />
      <span>
        {confirmed}/{pupils}（{rate}%）
      </span>
    </Space>
  );
}

function PaperButton({ letterId, slip, onDone }: { letterId: number; slip: LetterSlipView; onDone: () => void }) {
  const { message } = App.useApp();
  const [relationship, setRelationship] = useState<GuardianRelationship | undefined>();
  const [open, setOpen] = useState(false);
  const paper = useMutation({
    mutationFn: () => familyLettersApi.paper(letterId, slip.id, { relationship: relationship ?? null }),
    onSuccess: () => {
      message.success(`${slip.seat} 号已登记纸质回执`);
      setOpen(false);
      onDone();
    },
    onError: (e) => message.error(e instanceof ApiError ? e.message : '登记失败，请重试'),
  });
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={`${slip.seat} 号 纸质回执`}
      content={
        <Space direction="vertical">
          <Select allowClear placeholder="签字人与学生关系（可不填）" options={relationOptions} style={{ width: 220 }} value={relationship} onChange={setRelationship} />
          <Button type="primary" size="small" loading={paper.isPending} onClick={() => paper.mutate()} data-testid="letter-paper-confirm">
            确认已收回签字回执
          </Button>
        </Space>
      }
    >
      <Button size="small" type="link" data-testid={`letter-paper-${slip.seat}`}>
        登记纸质回执
      </Button>
    </Popover>
  );
}

function ClassSlips({ letterId, k, canPaper }: { letterId: number; k: LetterClassView; canPaper: boolean }) {
  const queryClient = useQueryClient();
  const slips = useQuery({ queryKey: [...FAMILY_LETTER_KEY, 'slips', letterId, k.id], queryFn: () => familyLettersApi.slips(letterId, k.id) });
  if (slips.isLoading) return <Typography.Text type="secondary">加载中…</Typography.Text>;
  if (slips.error) return <Typography.Text type="danger">{slips.error instanceof ApiError ? slips.error.message : '加载失败'}</Typography.Text>;
  const rows = slips.data?.slips ?? [];
  const missing = rows.filter((r) => !r.confirmedAt);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: FAMILY_LETTER_KEY });
  return (
    <div data-testid="letter-slips">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text>
          未回执 <Typography.Text type={missing.length ? 'danger' : 'success'} strong data-testid="letter-missing-count">{missing.length}</Typography.Text> 人
          {missing.length > 0 && `：${missing.map((r) => `${r.seat}号`).join('、')}`}
        </Typography.Text>
        <Button size="small" href={`/family-letters/${letterId}/classes/${k.id}/print`} target="_blank" data-testid="letter-print">
          打印回执单（含二维码）
        </Button>
      </Space>
      <Space size={[6, 6]} wrap>
        {rows.map((r) =>
          r.confirmedAt ? (
            <Tag key={r.id} color="green" title={`${new Date(r.confirmedAt).toLocaleString('zh-CN')} ${r.method ? confirmMethodLabels[r.method] : ''} ${r.relationship ? guardianRelationshipLabels[r.relationship] : ''}`} data-testid="letter-seat-confirmed">
              {r.seat}号 ✓{r.method === 'paper' ? '（纸质）' : ''}
            </Tag>
          ) : (
            <Tag key={r.id} color="red" data-testid="letter-seat-missing" data-seat={r.seat}>
              {r.seat}号
              {canPaper && <PaperButton letterId={letterId} slip={r} onDone={refresh} />}
            </Tag>
          ),
        )}
      </Space>
    </div>
  );
}

function AddClass({ letterId, version }: { letterId: number; version: number }) {
  const [form] = Form.useForm<{ className: string; pupils: number; teacherName?: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (v: { className: string; pupils: number; teacherName?: string }) => familyLettersApi.addClass(letterId, { version, className: v.className.trim(), pupils: v.pupils, teacherName: v.teacherName?.trim() || null }),
    onSuccess: (r) => {
      message.success(`已增加班级，共 ${r.pupils} 份回执单`);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: FAMILY_LETTER_KEY });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e, ['className', 'pupils', 'teacherName'])) message.error(e instanceof ApiError ? e.message : '增加失败，请重试');
    },
  });
  return (
    <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} style={{ marginTop: 12, rowGap: 8 }}>
      <Form.Item name="className" rules={[{ required: true, whitespace: true, message: '请填写班级' }]}>
        <Input placeholder="补发班级" maxLength={20} style={{ width: 130 }} />
      </Form.Item>
      <Form.Item name="pupils" rules={[{ required: true, message: '请填写人数' }, numberRule(1, MAX_CLASS_PUPILS, { integer: true })]}>
        <InputNumber placeholder="人数" precision={0} style={{ width: 90 }} />
      </Form.Item>
      <Form.Item name="teacherName">
        <Input placeholder="班主任" maxLength={30} style={{ width: 100 }} />
      </Form.Item>
      <Button htmlType="submit" loading={add.isPending}>
        增加班级
      </Button>
    </Form>
  );
}

export function FamilyLetterDetailDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const can = useCan();
  const letter = useQuery({ queryKey: [...FAMILY_LETTER_KEY, 'detail', id], queryFn: () => familyLettersApi.get(id!), enabled: id !== null });
  const [openClass, setOpenClass] = useState<number | null>(null);
  const l = letter.data;
  const columns: TableColumnsType<LetterClassView> = [
    { title: '班级', dataIndex: 'className' },
    { title: '班主任', dataIndex: 'teacherName', render: (v: string | null) => v ?? '—' },
    { title: '回执', key: 'rate', render: (_: unknown, k) => <RateBar confirmed={k.confirmed} pupils={k.pupils} /> },
    {
      title: '明细',
      key: 'seats',
      width: 90,
      render: (_: unknown, k) =>
        k.mine ? (
          <a onClick={() => setOpenClass(openClass === k.id ? null : k.id)} data-testid="letter-class-open">
            {openClass === k.id ? '收起' : '查看'}
          </a>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];
  return (
    <Drawer open={id !== null} onClose={onClose} title={l ? l.title : '告家长书'} size={screens.sm ? 760 : '100%'} destroyOnHidden>
      {!l ? (
        letter.isLoading ? null : <Empty description="告家长书不存在或无权访问" />
      ) : (
        <>
          <Descriptions size="small" column={screens.sm ? 2 : 1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="学校">{l.schoolName}</Descriptions.Item>
            <Descriptions.Item label="主题">{familyLetterTopicLabels[l.topic]}</Descriptions.Item>
            <Descriptions.Item label="发送日期">{l.sentOn}</Descriptions.Item>
            <Descriptions.Item label="回执截止">
              {l.dueOn} <Tag color={l.state === 'open' ? 'blue' : 'default'}>{familyLetterStateLabels[l.state]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="回执情况" span={2}>
              <RateBar confirmed={l.confirmed} pupils={l.pupils} />
            </Descriptions.Item>
          </Descriptions>
          <Table<LetterClassView>
            rowKey="id"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={l.classes}
            expandable={{
              expandedRowKeys: openClass ? [openClass] : [],
              showExpandColumn: false,
              expandedRowRender: (k) => <ClassSlips letterId={l.id} k={k} canPaper={l.status === 'recorded'} />,
            }}
            data-testid="letter-classes"
          />
          {l.status === 'recorded' && l.state === 'open' && can('family_letter.manage') && l.classes.some((k) => k.mine) && <AddClass letterId={l.id} version={l.version} />}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            正文
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{l.body}</Typography.Paragraph>
          {l.files.length > 0 && <FileList files={l.files} />}
        </>
      )}
    </Drawer>
  );
}
