'use client';
// A headline figure; when it can be drilled into it is a button that opens the list behind it.
import { Card, Statistic } from 'antd';

export function Kpi({ id, title, value, onClick, hint }: { id: string; title: string; value: string; onClick?: () => void; hint?: string }) {
  const body = <Statistic title={title} value={value} styles={{ content: { fontSize: 22, whiteSpace: 'nowrap' } }} />;
  return (
    <Card size="small" data-testid={`kpi-${id}`} hoverable={!!onClick} style={{ height: '100%' }} title={undefined}>
      {onClick ? (
        <button
          type="button"
          onClick={onClick}
          aria-label={hint ? `${title}: ${value}. ${hint}` : `${title}: ${value}`}
          style={{ all: 'unset', cursor: 'pointer', display: 'block', width: '100%' }}
        >
          {body}
        </button>
      ) : (
        body
      )}
    </Card>
  );
}
