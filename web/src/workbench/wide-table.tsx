// A table wider than a phone: it scrolls sideways inside a named region that takes keyboard focus, so people who do
// not use a mouse can scroll it too (Ant Design's own scroll box cannot be focused). An empty table stays narrow, so
// its "nothing here" is read whole on a phone.
import { Table, type TableProps } from 'antd';

export function WideTable<T extends object>({
  label,
  minWidth,
  ...props
}: TableProps<T> & { label: string; minWidth?: number }) {
  if (!props.loading && !props.dataSource?.length) return <Table<T> {...props} />;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      <Table<T> {...props} {...(minWidth ? { style: { minWidth } } : {})} />
    </section>
  );
}
