// 二维码标签 (issue 17): a school's places (buildings, floors, canteen, lab stores, gates) and special
// equipment, each with its QR code; filter by kind, download the A4 label sheet (PDF) to print, and
// revoke a code whose label was lost or copied (the old label stops working, a new one is printed).
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { labelKindLabels, labelKinds, type LabelView } from '../../contracts/labels.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { useLedgerViewer } from '../ledger/ledgerParts.js';
import { UnitTreeSelect } from '../units/tree.js';
import { LABELS_KEY, labelsApi } from './labelsApi.js';

function QrPreview({ url }: { url: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(url, { margin: 1, width: 144, errorCorrectionLevel: 'M' }).then(setSrc);
  }, [url]);
  return src ? <img src={src} alt="二维码" width={72} height={72} /> : null;
}

function RevokeModal({ label, onClose }: { label: LabelView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (reason: string) => labelsApi.revoke(label!.code, reason),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: LABELS_KEY });
      message.success('已作废原二维码并生成新码，请重新打印该标签');
      onClose();
    },
    onError: showError,
  });
  useEffect(() => {
    if (label) form.resetFields();
  }, [label, form]);
  return (
    <Modal open={!!label} title={`作废并重新生成：${label?.name ?? ''}`} okText="作废并重新生成" okButtonProps={{ danger: true, loading: run.isPending }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">作废后，已贴出的原标签扫码将显示“标签无效”。适用于标签丢失、损坏或被复制的情形。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v.reason.trim())}>
        <Form.Item name="reason" label="撤销原因" rules={[{ required: true, whitespace: true, message: '请填写撤销原因' }, { max: 200, message: '最多 200 字' }]}>
          <Input placeholder="如：标签被撕毁" data-testid="label-revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function LabelsPage() {
  const { me, isSchool } = useLedgerViewer();
  const s = useSearchState();
  const schoolId = isSchool ? me.unit.id : positiveInt(s.get('schoolId'));
  const kind = pick(s.get('kind'), labelKinds);
  const [revoking, setRevoking] = useState<LabelView | null>(null);
  const list = useQuery({ queryKey: [...LABELS_KEY, 'list', schoolId, kind], queryFn: () => labelsApi.list(schoolId!, kind), enabled: !!schoolId });
  const columns: TableColumnsType<LabelView> = [
    { title: '二维码', dataIndex: 'url', width: 96, render: (url: string) => <QrPreview url={url} /> },
    { title: '类型', dataIndex: 'kind', width: 100, render: (k: LabelView['kind']) => <Tag>{labelKindLabels[k]}</Tag> },
    { title: '名称', dataIndex: 'name', render: (name: string, l) => <span data-testid="label-name" data-code={l.code}>{name}</span> },
    { title: '生成时间', dataIndex: 'issuedAt', width: 170, render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
    ...(list.data?.canRevoke
      ? [{ title: '操作', key: 'actions', width: 140, render: (_: unknown, l: LabelView) => <Button size="small" danger onClick={() => setRevoking(l)}>作废并重新生成</Button> }]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="二维码标签"
        subTitle="校舍、楼层、食堂、药品室、校门和特种设备各有一个二维码：扫码即可查看此处的检查项或设备检验情况，并就地上报隐患"
        extra={
          schoolId ? (
            <Button type="primary" icon={<DownloadOutlined />} href={labelsApi.sheetUrl(schoolId, kind)} data-testid="labels-sheet">
              下载标签 PDF（A4）
            </Button>
          ) : undefined
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          {!isSchool && (
            <UnitTreeSelect
              allowClear
              placeholder="请选择学校"
              style={{ width: 260 }}
              value={schoolId}
              selectable={(u) => u.kind === 'school'}
              onChange={(v) => s.set({ schoolId: v })}
              data-testid="labels-school"
            />
          )}
          <EnumFilter placeholder="标签类型" labels={labelKindLabels} value={kind} onChange={(v) => s.set({ kind: v })} />
          {list.data && <Typography.Text type="secondary">共 {list.data.items.length} 个标签，A4 每页 12 个</Typography.Text>}
        </Space>
        {schoolId ? (
          <Table<LabelView>
            rowKey="code"
            size="small"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            locale={{ emptyText: '该校尚未登记校舍、药品室、校门（安防档案）、食堂或特种设备' }}
          />
        ) : (
          <Empty description="请先选择学校" />
        )}
      </Card>
      <RevokeModal label={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
