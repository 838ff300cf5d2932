import { Empty } from 'antd';

/** A list's empty state: that nothing is waiting, said only once the list has loaded. */
export function EmptyText({ loading, text }: { loading: boolean; text: string }) {
  return loading ? <span>{'\u00a0'}</span> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
}
