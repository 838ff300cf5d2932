'use client';
import { Alert, Modal, Typography } from 'antd';

/**
 * A credential shown this once (a new API key, a partner's signing secret): the warning, the value
 * with a copy button, and no way to close it by accident.
 */
export function ShownOnceModal({
  shown,
  warning,
  labels,
  onDone,
  testId,
}: {
  shown: { title: string; value: string } | null;
  warning: string;
  labels: { done: string; copy: string; copied: string };
  onDone: () => void;
  testId: string;
}) {
  return (
    <Modal
      open={Boolean(shown)}
      title={shown?.title}
      closable={false}
      mask={{ closable: false }}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={labels.done}
      onOk={onDone}
    >
      <Alert type="warning" showIcon title={warning} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: shown?.value, tooltips: [labels.copy, labels.copied] }} code data-testid={testId}>
        {shown?.value}
      </Typography.Paragraph>
    </Modal>
  );
}
