'use client';
import { useTranslations } from 'next-intl';
import { Space, Tag } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { DepartmentName } from '@/app/_components/department-name';
import type { PendingVersion } from './approvals-view';

const LOOK = {
  approved: { color: 'success', icon: <CheckCircleOutlined /> },
  rejected: { color: 'error', icon: <CloseCircleOutlined /> },
  open: { color: 'processing', icon: <ClockCircleOutlined /> },
  blocked: { color: 'default', icon: <PauseCircleOutlined /> },
} as const;

/** A version's launch sign-offs in the order drawn: department, the role it needs, and where each stands. */
export function SignoffSteps({ steps }: { steps: PendingVersion['steps'] }) {
  const t = useTranslations('closedLoop.signoffs');
  return (
    <Space size={[4, 4]} wrap data-testid="signoff-steps">
      {steps.map((s) => (
        <Tag key={s.id} color={LOOK[s.state].color} icon={LOOK[s.state].icon} data-testid={`signoff-${s.id}`} data-state={s.state}>
          <DepartmentName department={s.department} />
          {s.role ? ` · ${s.role}` : ''} · {t(s.state)}
        </Tag>
      ))}
    </Space>
  );
}
