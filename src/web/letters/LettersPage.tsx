// 安全责任书 (000 item 1, 001 item 3): the bureau's letter of the year with its sign rate — the
// bureau and towns see who has not signed, by town; a school signs it in the app or uploads the
// signed scan — and each school's letter to its staff with the staff sign table.
import { AuditOutlined, DownloadOutlined, EditOutlined, FilePdfOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, type ButtonProps, Card, Descriptions, Drawer, Empty, Grid, InputNumber, Progress, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { signatureMethodLabels, type LetterDetail, type LetterView, type SignerView } from '../../contracts/letters.js';
import { unitKindLabels } from '../../contracts/enums.js';
import { ApiError } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { fileUrl } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { positiveInt, useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { todayBeijing } from '../dates.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { LetterFormDrawer, PaperSignModal, WithdrawModal } from './LetterForms.js';
import { LETTERS_KEY, lettersApi } from './lettersApi.js';

const percent = (r: { signed: number; total: number }) => (r.total ? Math.floor((r.signed / r.total) * 1000) / 10 : 0);

function RateBar({ rate, testId }: { rate: { signed: number; total: number }; testId?: string }) {
  const p = percent(rate);
  return (
    <Space size="middle" data-testid={testId} data-signed={rate.signed} data-total={rate.total}>
      <Progress type="circle" size={64} percent={p} format={() => `${p}%`} status={rate.total > 0 && rate.signed === rate.total ? 'success' : 'normal'} />
      <span>
        已签 <b>{rate.signed}</b> / 应签 {rate.total}
        {rate.total > rate.signed && <Typography.Text type="danger">（未签 {rate.total - rate.signed}）</Typography.Text>}
      </span>
    </Space>
  );
}

function SignatureText({ s }: { s: SignerView['signature'] }) {
  if (!s) return <Tag color="red">未签</Tag>;
  return (
    <Space size={4} wrap>
      <Tag color="green">已签</Tag>
      <span>
        {s.signerName} · {s.signedOn} · {signatureMethodLabels[s.method]}
      </span>
      {s.file && (
        <Typography.Link href={fileUrl(s.file.id)} target="_blank">
          扫描件
        </Typography.Link>
      )}
    </Space>
  );
}

/** The letter's heading: title, version, day, publisher, text and file, and earlier versions. */
function LetterHead({ letter }: { letter: LetterDetail }) {
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
      <Descriptions.Item label="标题" span={3}>
        <Space wrap>
          <b data-testid="letter-title-text">{letter.title}</b>
          <Tag color="blue">第 {letter.revision} 版</Tag>
          {letter.revisions.length > 1 && (
            <Typography.Text type="secondary">
              历史版本：
              {letter.revisions
                .filter((r) => r.id !== letter.id)
                .map((r) => `第 ${r.revision} 版（${r.publishedOn}，${r.status === 'withdrawn' ? '已撤回' : '已被替代'}）`)
                .join('；')}
            </Typography.Text>
          )}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label="发布单位">{letter.issuerName}</Descriptions.Item>
      <Descriptions.Item label="发布日期">{letter.publishedOn}</Descriptions.Item>
      <Descriptions.Item label="发布人">{letter.createdByName}</Descriptions.Item>
      {letter.file && (
        <Descriptions.Item label="责任书文件" span={3}>
          <Typography.Link href={lettersApi.fileUrl(letter.id)} target="_blank">
            <FilePdfOutlined /> {letter.file.name}
          </Typography.Link>
        </Descriptions.Item>
      )}
      {letter.body && (
        <Descriptions.Item label="正文" span={3}>
          <Typography.Paragraph ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (open) => (open ? '收起' : '展开全文') }} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {letter.body}
          </Typography.Paragraph>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** 签署: the person logged in confirms in the app (for their unit, or as the staff member they are). */
function SignButton({ letter }: { letter: LetterDetail }) {
  const { modal, message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => lettersApi.sign(letter.id, { method: 'in_app' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: LETTERS_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success('已签署');
    },
    onError: (err) => {
      showError(err);
      if (err instanceof ApiError && err.status === 409) void queryClient.invalidateQueries({ queryKey: LETTERS_KEY });
    },
  });
  const who = letter.level === 'bureau_to_unit' ? `本人（${me.user.displayName}）代表${me.unit.name}` : `本人（${me.user.displayName}）`;
  return (
    <Button
      type="primary"
      icon={<AuditOutlined />}
      loading={run.isPending}
      data-testid="letter-sign"
      onClick={() =>
        modal.confirm({
          title: '确认签署安全责任书',
          content: `${who}已阅读《${letter.title}》（第 ${letter.revision} 版），确认签署并履行其中的安全责任。签署日期为今天（${todayBeijing()}），签署后不能撤销。`,
          okText: '确认签署',
          okButtonProps: { 'data-testid': 'letter-sign-confirm' } as unknown as ButtonProps,
          onOk: () => run.mutateAsync(),
        })
      }
    >
      签署
    </Button>
  );
}

/** The actions the server allows on a letter: sign, record a paper signature, revise, withdraw, export. */
function LetterActions({ letter, onPaper, onRevise, onWithdraw }: { letter: LetterDetail; onPaper?: () => void; onRevise: () => void; onWithdraw: () => void }) {
  return (
    <Space wrap>
      {letter.actions.signInApp && <SignButton letter={letter} />}
      {letter.actions.recordSignature && onPaper && (
        <Button icon={<FilePdfOutlined />} onClick={onPaper} data-testid="letter-paper">
          {letter.level === 'bureau_to_unit' ? '上传签字扫描件' : '登记纸质签字'}
        </Button>
      )}
      {letter.actions.revise && (
        <Button icon={<EditOutlined />} onClick={onRevise} data-testid="letter-revise">
          发布新版本
        </Button>
      )}
      {letter.actions.withdraw && (
        <Button danger icon={<RollbackOutlined />} onClick={onWithdraw} data-testid="letter-withdraw">
          撤回
        </Button>
      )}
      <Button icon={<DownloadOutlined />} href={lettersApi.signTableUrl(letter.id)} data-testid="letter-sign-export">
        导出签订表
      </Button>
    </Space>
  );
}

/** Per town: signed of those asked, and who has not signed. */
function TownSummary({ signers }: { signers: SignerView[] }) {
  const rows = useMemo(() => {
    const by = new Map<string, { key: string; town: string; signed: number; total: number; missing: string[] }>();
    for (const s of signers.filter((x) => x.required)) {
      const key = s.townName ?? (s.unitKind === 'department' ? '局属科室/中心' : '区直属学校');
      let g = by.get(key);
      if (!g) by.set(key, (g = { key, town: key, signed: 0, total: 0, missing: [] }));
      g.total += 1;
      if (s.signature) g.signed += 1;
      else g.missing.push(s.unitName);
    }
    return [...by.values()];
  }, [signers]);
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="letter-town-summary"
      columns={[
        { title: '镇街 / 类别', dataIndex: 'town', width: 160 },
        { title: '签订', width: 140, render: (_: unknown, r) => `${r.signed}/${r.total}（${percent(r)}%）` },
        {
          title: '未签单位',
          render: (_: unknown, r) => (r.missing.length ? <Typography.Text type="danger">{r.missing.join('、')}</Typography.Text> : <Tag color="green">全部签订</Tag>),
        },
      ]}
    />
  );
}

function SignTable({
  letter,
  selectable,
  selected,
  onSelect,
}: {
  letter: LetterDetail;
  selectable?: boolean;
  selected?: number[];
  onSelect?: (ids: number[]) => void;
}) {
  const forStaff = letter.level === 'unit_to_staff';
  const [show, setShow] = useState<'all' | 'unsigned'>('all');
  const rows = show === 'unsigned' ? letter.signers.filter((s) => s.required && !s.signature) : letter.signers;
  const columns: TableColumnsType<SignerView> = forStaff
    ? [
        { title: '教职工', dataIndex: 'staffName', width: 140 },
        { title: '签订情况', key: 'sig', render: (_: unknown, s) => <SignatureText s={s.signature} /> },
        { title: '备注', key: 'note', width: 160, render: (_: unknown, s) => (s.required ? null : <Typography.Text type="secondary">已离岗，不计入</Typography.Text>) },
      ]
    : [
        { title: '单位', dataIndex: 'unitName', width: 200 },
        { title: '镇街', dataIndex: 'townName', width: 120, render: (v: string | null) => v ?? '—' },
        { title: '类型', dataIndex: 'unitKind', width: 100, render: (v: SignerView['unitKind']) => unitKindLabels[v] },
        { title: '签订情况', key: 'sig', render: (_: unknown, s) => <SignatureText s={s.signature} /> },
      ];
  return (
    <>
      {letter.signers.length > 1 && (
        <Segmented
          style={{ marginBottom: 8 }}
          value={show}
          onChange={(v) => setShow(v as 'all' | 'unsigned')}
          options={[
            { value: 'all', label: `全部（${letter.signers.length}）` },
            { value: 'unsigned', label: `未签（${letter.signRate.total - letter.signRate.signed}）` },
          ]}
        />
      )}
      <Table<SignerView>
        rowKey={(s) => `${s.unitId}-${s.staffId ?? 0}`}
        size="small"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        onRow={(s) => ({ 'data-testid': 'signer-row', 'data-signed': s.signature ? '1' : '0', 'data-unit': s.unitName }) as HTMLAttributes<HTMLElement>}
        rowSelection={
          selectable
            ? {
                selectedRowKeys: (selected ?? []).map((id) => `${letter.issuerUnitId}-${id}`),
                getCheckboxProps: (s) => ({ disabled: !!s.signature || !s.required }),
                onChange: (_keys, picked) => onSelect?.(picked.map((s) => s.staffId!).filter(Boolean)),
              }
            : undefined
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={forStaff ? '本校没有登记在岗教职工，请先在“教职工岗位”中登记' : '没有需要签订的单位'} /> }}
      />
    </>
  );
}

/** One letter with its sign rate, actions and table, loaded by id. */
function LetterCard({ id, title, testId }: { id: number; title: string; testId: string }) {
  const me = useMe();
  const detail = useQuery({ queryKey: [...LETTERS_KEY, 'detail', id], queryFn: () => lettersApi.get(id) });
  const [paper, setPaper] = useState(false);
  const [revise, setRevise] = useState(false);
  const [withdraw, setWithdraw] = useState<LetterDetail | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const l = detail.data;
  if (!l) return <Card title={title} size="small" loading={detail.isLoading} data-testid={testId} />;
  const wide = me.scope !== 'unit' || me.unit.kind === 'town';
  const own = l.level === 'bureau_to_unit' ? l.signers.find((s) => s.unitId === me.unit.id && s.required) : undefined;
  const forStaff = l.level === 'unit_to_staff';
  return (
    <Card title={title} size="small" data-testid={testId} data-letter-id={l.id} extra={<RateBar rate={l.signRate} testId={`${testId}-rate`} />}>
      <LetterHead letter={l} />
      {own && (
        <div style={{ margin: '8px 0' }} data-testid="letter-own-status" data-signed={own.signature ? '1' : '0'}>
          <Typography.Text strong>本单位：</Typography.Text>
          <SignatureText s={own.signature} />
        </div>
      )}
      <div style={{ margin: '12px 0' }}>
        <LetterActions letter={l} onPaper={() => setPaper(true)} onRevise={() => setRevise(true)} onWithdraw={() => setWithdraw(l)} />
      </div>
      {!forStaff && wide && (
        <>
          <Typography.Title level={5}>各镇街签订情况</Typography.Title>
          <TownSummary signers={l.signers} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            签订表
          </Typography.Title>
        </>
      )}
      {(forStaff || wide) && (
        <>
          {forStaff && l.actions.recordSignature && (
            <Typography.Paragraph type="secondary">勾选已在纸质责任书上签字的教职工，点击“登记纸质签字”一次登记多人。</Typography.Paragraph>
          )}
          <SignTable letter={l} selectable={forStaff && l.actions.recordSignature} selected={selected} onSelect={setSelected} />
        </>
      )}
      <PaperSignModal
        letter={l}
        open={paper}
        fixedUnitId={!forStaff && me.unit.kind === 'school' ? me.unit.id : undefined}
        preselected={selected}
        onClose={() => {
          setPaper(false);
          setSelected([]);
        }}
      />
      <LetterFormDrawer open={revise} level={l.level} year={l.year} unitId={l.issuerUnitId} revising={l} onClose={() => setRevise(false)} />
      <WithdrawModal letter={withdraw} onClose={() => setWithdraw(null)} />
    </Card>
  );
}

/** The staff letters of the schools a town or the bureau oversees, each opening its table. */
function StaffLettersOverview({ letters, loading }: { letters: LetterView[]; loading: boolean }) {
  const [open, setOpen] = useState<LetterView | null>(null);
  const screens = Grid.useBreakpoint();
  return (
    <Card title="各校与教职工签订情况（001 第3条）" size="small" style={{ marginTop: 16 }}>
      <Table<LetterView>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={[...letters].sort((a, b) => percent(a.signRate) - percent(b.signRate))}
        pagination={letters.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        onRow={(l) => ({ 'data-testid': 'staff-letter-row', 'data-unit': l.issuerName }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '学校', dataIndex: 'issuerName', width: 200 },
          { title: '责任书', dataIndex: 'title', ellipsis: true },
          { title: '版本', dataIndex: 'revision', width: 70, render: (v: number) => `第 ${v} 版` },
          { title: '发布日期', dataIndex: 'publishedOn', width: 110 },
          {
            title: '签订',
            key: 'rate',
            width: 160,
            render: (_: unknown, l) => (
              <Typography.Text type={l.signRate.signed < l.signRate.total ? 'danger' : undefined}>
                {l.signRate.signed}/{l.signRate.total}（{percent(l.signRate)}%）
              </Typography.Text>
            ),
          },
          {
            title: '操作',
            key: 'open',
            width: 90,
            render: (_: unknown, l) => (
              <Button size="small" type="link" onClick={() => setOpen(l)}>
                签订表
              </Button>
            ),
          },
        ]}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度尚无学校发布与教职工签订的责任书" /> }}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open?.issuerName} size={screens.md ? 820 : '100%'} destroyOnHidden>
        {open && <LetterCard id={open.id} title="教职工安全责任书" testId="staff-letter" />}
      </Drawer>
    </Card>
  );
}

export default function LettersPage() {
  const me = useMe();
  const can = useCan();
  const s = useSearchState();
  const thisYear = Number(todayBeijing().slice(0, 4));
  const year = positiveInt(s.get('year')) ?? thisYear;
  const [publishing, setPublishing] = useState<'bureau_to_unit' | 'unit_to_staff' | null>(null);
  const isSchool = me.unit.kind === 'school';
  const canWrite = can('ledger.write');

  const current = useQuery({ queryKey: [...LETTERS_KEY, 'current', year], queryFn: () => lettersApi.list({ year, current: 'true', pageSize: 200 }) });
  const bureauLetter = current.data?.items.find((l) => l.level === 'bureau_to_unit');
  const staffLetters = current.data?.items.filter((l) => l.level === 'unit_to_staff') ?? [];
  const ownStaffLetter = isSchool ? staffLetters.find((l) => l.issuerUnitId === me.unit.id) : undefined;

  return (
    <>
      <PageHeader
        title="安全责任书"
        subTitle="区教育局与各单位、单位与教职工逐级签订安全生产责任书，签订率 100%（000 第1条，001 第3条）；发布新版本后须重新签署"
        extra={
          <Space wrap>
            <InputNumber min={2000} max={thisYear + 1} precision={0} value={year} suffix="年度" onChange={(v) => s.set({ year: v && v !== thisYear ? v : undefined })} style={{ width: 130 }} data-testid="letter-year-filter" />
            <ExportButton path="/responsibility-letters/export" query={{ year }} testId="letter-export" />
          </Space>
        }
      />
      {bureauLetter ? (
        <LetterCard id={bureauLetter.id} title={`区教育局与各单位签订（${year} 年度）`} testId="bureau-letter" />
      ) : (
        <Card title={`区教育局与各单位签订（${year} 年度）`} size="small" loading={current.isLoading} data-testid="bureau-letter-empty">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={current.isError ? '加载失败，请稍后重试' : me.unit.kind === 'bureau' && canWrite ? '本年度责任书尚未发布。发布后各单位即可签署。' : '区教育局尚未发布本年度安全生产责任书'}
          >
            {me.unit.kind === 'bureau' && canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing('bureau_to_unit')} data-testid="letter-publish-bureau">
                发布责任书
              </Button>
            )}
          </Empty>
        </Card>
      )}
      {isSchool && (
        <div style={{ marginTop: 16 }}>
          {ownStaffLetter ? (
            <LetterCard id={ownStaffLetter.id} title={`本校与教职工签订（${year} 年度）`} testId="staff-letter" />
          ) : (
            <Card title={`本校与教职工签订（${year} 年度）`} size="small" loading={current.isLoading} data-testid="staff-letter-empty">
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canWrite ? '本校尚未发布与教职工签订的责任书。发布后逐人登记签字。' : '学校尚未发布与教职工签订的责任书'}>
                {canWrite && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing('unit_to_staff')} data-testid="letter-publish-staff">
                    发布教职工责任书
                  </Button>
                )}
              </Empty>
            </Card>
          )}
        </div>
      )}
      {!isSchool && <StaffLettersOverview letters={staffLetters} loading={current.isLoading} />}
      {publishing && <LetterFormDrawer open level={publishing} year={year} unitId={me.unit.id} onClose={() => setPublishing(null)} />}
    </>
  );
}
