// The amount an enterprise asks for, in yuan with two decimals, never above the guide's cap; left empty, the
// department sets it by the guide's standard.
import { Flex, InputNumber, Typography } from 'antd';
import { yuan } from '../labels.ts';

export function AmountField(props: {
  id: string;
  cap: number | undefined;
  value: number | null;
  onChange: (value: number | null) => void;
  hint: string;
}) {
  return (
    <Flex vertical gap={4}>
      <label htmlFor={props.id}>
        申请金额（元）{props.cap === undefined ? '' : `，最高 ${yuan(props.cap)}`}
      </label>
      <InputNumber
        id={props.id}
        min={0.01}
        max={props.cap === undefined ? undefined : props.cap / 100}
        precision={2}
        value={props.value}
        onChange={props.onChange}
        style={{ width: '100%', maxWidth: 320 }}
      />
      <Typography.Text type="secondary">{props.hint}</Typography.Text>
    </Flex>
  );
}
