import { Button, Checkbox, Form, Input, Popup, Selector, Toast } from 'antd-mobile';
import { useState } from 'react';
import { type ApiError, api, call } from '../lib/api.ts';
import { useLoad } from './Loading.tsx';

const ID_TYPES = [
  { label: '身份证', value: 1 },
  { label: '护照', value: 2 },
  { label: '港澳通行证', value: 3 },
  { label: '台胞证', value: 4 },
  { label: '回乡证', value: 5 },
  { label: '其他', value: 6 },
];

/** 观演人: the account's ticket buyers (real-name tickets), one per seat; new ones can be added here. */
export function BuyerPicker({
  need,
  value,
  onChange,
}: {
  need: number;
  value: string[];
  onChange(ids: string[]): void;
}) {
  const buyers = useLoad(() => call(api.GET('/v1/users/me/buyers')), []);
  const [adding, setAdding] = useState(false);
  const add = async (v: { name: string; idType: number[]; idNumber: string }) => {
    try {
      const b = await call(
        api.POST('/v1/users/me/buyers', {
          body: { name: v.name, idType: (v.idType[0] ?? 1) as 1, idNumber: v.idNumber },
        }),
      );
      setAdding(false);
      await buyers.reload();
      if (value.length < need) onChange([...value, b.buyerId]);
    } catch (e) {
      Toast.show({ content: (e as ApiError).message });
    }
  };
  return (
    <div className="card">
      <div className="spread">
        <b>观演人</b>
        <span className="muted">
          已选 {value.length}/{need}
        </span>
      </div>
      <Checkbox.Group value={value} onChange={(v) => onChange((v as string[]).slice(0, Math.max(need, 1)))}>
        {(buyers.data?.items ?? []).map((b) => (
          <div key={b.buyerId} style={{ padding: '6px 0' }}>
            <Checkbox value={b.buyerId} data-testid="buyer">
              {b.name} <span className="muted">{b.idNumber}</span>
            </Checkbox>
          </div>
        ))}
      </Checkbox.Group>
      {buyers.error ? <div className="muted">{buyers.error.message}</div> : null}
      <Button size="small" onClick={() => setAdding(true)}>
        ＋ 添加观演人
      </Button>
      <Popup visible={adding} onMaskClick={() => setAdding(false)}>
        <Form
          onFinish={add}
          initialValues={{ idType: [1] }}
          footer={
            <Button block type="submit" color="primary">
              保存
            </Button>
          }
        >
          <Form.Item name="name" label="姓名" rules={[{ required: true }]}>
            <Input placeholder="与证件一致" />
          </Form.Item>
          <Form.Item name="idType" label="证件类型">
            <Selector columns={3} options={ID_TYPES} />
          </Form.Item>
          <Form.Item name="idNumber" label="证件号" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Popup>
    </div>
  );
}
