'use client';
import { useTranslations } from 'next-intl';
import { Alert } from 'antd';
import { useActor, useCan } from '@/app/_lib/actor';
import { useDepartmentName } from '@/app/_components/department-name';

/** Why a campaign's flow and plan cannot be changed by this person (null: they can). */
export type EditingBlock = 'role' | 'department' | 'ended' | null;

const isEnded = (status: string) => status === 'ended' || status === 'evaluated';

/**
 * Whether this person may change the campaign's draft and plan: the server's rules
 * (campaigns.ts, campaign-plan.ts), so the designer and the plan page never offer an edit the
 * server refuses. Ended first: it holds for everyone, administrators included.
 */
export function useCampaignEditing(campaign: { department: string; status: string }): { editable: boolean; blocked: EditingBlock } {
  const actor = useActor();
  const canEdit = useCan('campaign.edit');
  const blocked: EditingBlock = !canEdit
    ? 'role'
    : isEnded(campaign.status)
      ? 'ended'
      : actor.role !== 'admin' && actor.department !== campaign.department
        ? 'department'
        : null;
  return { editable: blocked === null, blocked };
}

/** Says why the campaign is read-only, for the blocks a person can do something about or should know. */
export function CampaignEditingNotice({ blocked, department }: { blocked: EditingBlock; department: string }) {
  const t = useTranslations('designerTools.locked');
  const departmentName = useDepartmentName();
  if (blocked !== 'ended' && blocked !== 'department') return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="campaign-locked"
      data-reason={blocked}
      title={blocked === 'ended' ? t('ended') : t('department', { department: departmentName(department) })}
    />
  );
}
