// 视频监控点位: each school keeps the links of its cameras (校园天眼, 明厨亮灶; 001 item 4) that bureau
// and town officers open for a video patrol. The platform keeps links only; it does not stream.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AutoComplete, Form, Input, Select, Space, Typography, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { videoLinkAreaLabels, videoLinkAreas, videoUrl, type VideoLinkView } from '../../contracts/video-patrol.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { zodRule } from '../forms.js';
import { CreateButton, LedgerDrawer, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, SchoolField, VoidRecordModal, schoolColumn, useLedgerSave, useLedgerViewer } from '../ledger/ledgerParts.js';
import { VIDEO_LINKS_KEY, videoPatrolApi, type VideoLinkQuery } from './videoPatrolApi.js';

interface Values {
  schoolId?: number;
  name?: string;
  area?: VideoLinkView['area'];
  url?: string;
  platform?: string;
  notes?: string;
}
const FIELDS = ['schoolId', 'name', 'area', 'url', 'platform', 'notes'] as const;
const NAMES = ['校门', '食堂后厨', '周界', '宿舍楼', '操场'];

function LinkDrawer({ open, link, onClose }: { open: boolean; link: VideoLinkView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (link) form.setFieldsValue({ schoolId: link.schoolId, name: link.name, area: link.area, url: link.url, platform: link.platform ?? undefined, notes: link.notes ?? undefined });
    else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined });
  }, [open, link, form, isSchool, me.unit.id]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: VIDEO_LINKS_KEY,
    onClose,
    save: (v: Values) => {
      const fields = { name: v.name!.trim(), area: v.area!, url: v.url!.trim(), platform: v.platform?.trim() || null, notes: v.notes?.trim() || null };
      return link ? videoPatrolApi.updateLink(link.id, { version: link.version, ...fields }) : videoPatrolApi.createLink({ schoolId: v.schoolId!, ...fields });
    },
    done: (l) => (link ? '视频点位已修改' : `已登记视频点位“${l.name}”`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={link ? '修改视频点位' : '登记视频点位'} width={520} saving={save.isPending} onSave={() => form.submit()} testId="video-link">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={link?.schoolName} testId="video-link-school" />
        <Form.Item name="name" label="点位名称" rules={[{ required: true, whitespace: true, message: '请填写点位名称' }]}>
          <AutoComplete options={NAMES.map((v) => ({ value: v }))}>
            <Input maxLength={50} placeholder="如：校门、食堂后厨、周界" data-testid="video-link-name" />
          </AutoComplete>
        </Form.Item>
        <Form.Item name="area" label="区域" rules={[{ required: true, message: '请选择点位区域' }]}>
          <Select options={videoLinkAreas.map((a) => ({ value: a, label: videoLinkAreaLabels[a] }))} data-testid="video-link-area" />
        </Form.Item>
        <Form.Item name="url" label="视频链接" rules={[{ required: true, message: '请填写视频链接' }, zodRule(videoUrl)]} extra="视频平台中该点位的网址，巡查人员点击后在新窗口打开（本平台不转发视频）">
          <Input maxLength={1000} placeholder="https://" data-testid="video-link-url" />
        </Form.Item>
        <Form.Item name="platform" label="视频平台">
          <Input maxLength={100} placeholder="如：校园天眼、明厨亮灶平台" />
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input.TextArea maxLength={500} rows={2} placeholder="如：登录账号由学校安全员提供" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

export default function VideoLinksPage() {
  const { isSchool } = useLedgerViewer();
  const can = useCan();
  const canWrite = can('video_link.manage');
  const s = useSearchState();
  const d = useLedgerDrawers<VideoLinkView>();
  const query: VideoLinkQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    area: pick(s.get('area'), videoLinkAreas),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...VIDEO_LINKS_KEY, 'list', query], queryFn: () => videoPatrolApi.links(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'area', 'status']);
  const columns: TableColumnsType<VideoLinkView> = [
    ...schoolColumn<VideoLinkView>(isSchool),
    { title: '点位名称', dataIndex: 'name', width: 140 },
    { title: '区域', dataIndex: 'area', width: 100, render: (a: VideoLinkView['area']) => videoLinkAreaLabels[a] },
    {
      title: '视频链接',
      dataIndex: 'url',
      ellipsis: true,
      render: (u: string) => (
        <Typography.Link href={u} target="_blank" rel="noopener noreferrer">
          {u}
        </Typography.Link>
      ),
    },
    { title: '视频平台', dataIndex: 'platform', width: 140, render: (v: string | null) => v ?? '—' },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: VideoLinkView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<VideoLinkView>({ canWrite, testId: 'video-link', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <PageHeader
        title="视频监控点位"
        subTitle="登记校门、食堂后厨、周界等视频点位的链接，供教育局和镇街网上视频巡查（001 第4条 校园天眼；000 第7条 明厨亮灶）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="video-link-create">
              登记点位
            </CreateButton>
            <ExportButton path="/video-links/export" query={query} testId="video-link-export" />
          </Space>
        }
      />
      <LedgerList<VideoLinkView>
        testId="video-link"
        rowIdAttr="data-link-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '视频点位', hint: '点击“登记点位”填写校门、食堂后厨、周界等视频监控的链接' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="video-link-filter-school" />
            <EnumFilter placeholder="区域" labels={videoLinkAreaLabels} value={query.area} onChange={(v) => s.set({ area: v })} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <LinkDrawer open={d.drawerOpen} link={d.editing ?? null} onClose={d.closeDrawer} />
      <VoidRecordModal<VideoLinkView>
        record={d.voiding}
        title="作废视频点位"
        describe={(l) => `${l.schoolName} · ${l.name}。作废后巡查人员不再看到该点位。`}
        onVoid={(l, reason) => videoPatrolApi.voidLink(l.id, l.version, reason)}
        listKey={VIDEO_LINKS_KEY}
        done="视频点位已作废"
        testId="video-link"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
