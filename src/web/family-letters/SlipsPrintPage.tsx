// 打印回执单: one slip per pupil of a class, each with its own QR code and link (the class teacher
// cuts them and hands slip n to pupil n). The page is for print: no menu, eight slips to an A4 page.
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Result, Space, Spin, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../api.js';
import { familyLettersApi, letterLink } from './familyLettersApi.js';

function Slip({ schoolName, className, seat, title, dueOn, url }: { schoolName: string; className: string; seat: number; title: string; dueOn: string; url: string }) {
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(url, { margin: 1, width: 220, errorCorrectionLevel: 'M' }).then(setQr);
  }, [url]);
  return (
    <div className="letter-slip" data-testid="letter-print-slip" data-seat={seat}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontWeight: 600, fontSize: 15 }}>{title}</div>
        <div>
          {schoolName} · {className} · <b>{seat} 号</b>
        </div>
        <div style={{ marginTop: 6 }}>请家长用微信扫码阅读全文并点击“确认已阅读”，无需注册。</div>
        <div>回执截止：{dueOn}（截止后链接失效）</div>
        <div style={{ fontSize: 11, wordBreak: 'break-all', color: '#555' }}>{url}</div>
      </div>
      {qr ? <img src={qr} alt={`${seat} 号回执二维码`} width={110} height={110} /> : <Spin />}
    </div>
  );
}

export default function SlipsPrintPage() {
  const { id, classId } = useParams();
  const slips = useQuery({ queryKey: ['family-letters', 'print', id, classId], queryFn: () => familyLettersApi.slips(Number(id), Number(classId)) });
  // A reprint for the guardians still missing (a lost slip, a second reminder).
  const [onlyOpen, setOnlyOpen] = useState(false);
  if (slips.isLoading) return <Spin style={{ margin: 48 }} />;
  if (!slips.data) return <Result status="warning" title={slips.error instanceof ApiError ? slips.error.message : '无法打开回执单'} />;
  const { letter, class: k } = slips.data;
  const open = slips.data.slips.filter((x) => !x.confirmedAt);
  return (
    <div className="letter-print">
      <style>{`
        .letter-print { padding: 16px; }
        .letter-slips { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
        .letter-slip { display: flex; gap: 8px; align-items: center; border: 1px dashed #999; padding: 10px; break-inside: avoid; font-size: 12px; line-height: 1.6; }
        @media print { .letter-print-bar { display: none; } .letter-print { padding: 0; } @page { size: A4; margin: 10mm; } }
      `}</style>
      <Space className="letter-print-bar" style={{ marginBottom: 16 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {letter.title} · {k.className} 回执单（共 {slips.data.slips.length} 张，未回执 {open.length} 张）
        </Typography.Title>
        <Checkbox checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} data-testid="letter-print-only-open">
          只打印未回执的
        </Checkbox>
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <div className="letter-slips">
        {(onlyOpen ? open : slips.data.slips).map((x) => (
          <Slip key={x.id} schoolName={letter.schoolName} className={k.className} seat={x.seat} title={letter.title} dueOn={letter.dueOn} url={letterLink(x.token)} />
        ))}
      </div>
    </div>
  );
}
