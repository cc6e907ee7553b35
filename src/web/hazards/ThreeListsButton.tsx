// 导出三清单 (seed 004): hazards, measures and responsibility for one unit — a school, a town or the
// whole district. A school exports its own; others choose the unit, their own by default.
import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Modal, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { apiUrl } from '../api.js';
import { useMe } from '../auth.js';
import { UnitTreeSelect } from '../units/tree.js';

const listable = (kind: string) => kind === 'school' || kind === 'town' || kind === 'bureau';

export function ThreeListsButton() {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [unitId, setUnitId] = useState<number | undefined>(listable(me.unit.kind) ? me.unit.id : undefined);
  const label = (
    <>
      <FileExcelOutlined /> 导出三清单
    </>
  );

  if (me.unit.kind === 'school') {
    return (
      <Tooltip title="本校的问题隐患、整改措施、责任落实三张清单">
        <Button href={apiUrl('/hazards/three-lists/export', { unitId: me.unit.id })} data-testid="hazard-three-lists">
          {label}
        </Button>
      </Tooltip>
    );
  }
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="hazard-three-lists">
        {label}
      </Button>
      <Modal
        open={open}
        title="导出三清单"
        onCancel={() => setOpen(false)}
        footer={
          <Space>
            <Button onClick={() => setOpen(false)}>取消</Button>
            <Button
              type="primary"
              disabled={!unitId}
              href={unitId ? apiUrl('/hazards/three-lists/export', { unitId }) : undefined}
              onClick={() => setOpen(false)}
              data-testid="hazard-three-lists-download"
            >
              导出
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          问题隐患清单、整改措施清单（时间表、路线图）、责任落实清单，一个 Excel 文件三张表。可选学校、镇街或全区。
        </Typography.Paragraph>
        <UnitTreeSelect
          style={{ width: '100%' }}
          value={unitId}
          onChange={setUnitId}
          placeholder="选择学校、镇街或区教育局"
          selectable={(u) => listable(u.kind)}
        />
      </Modal>
    </>
  );
}
