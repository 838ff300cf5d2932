'use client';
import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Drawer, Space, Spin, Typography } from 'antd';
import { compileFlow, validateFlow } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { callError, detailTexts } from '@/app/_lib/trpc-error';
import { ReadOnlyFlow } from '@/app/_components/flow/read-only-flow';
import type { PendingVersion } from './approvals-view';
import { SignoffSteps } from './signoff-steps';
import { ImpactDossier } from './dossier';
import { DecisionButtons, DecisionComment, useRoleReason, useRoleRefusal } from './decision-parts';
import { DepartmentName } from '@/app/_components/department-name';

/**
 * The approver reads the version on a read-only canvas with its impact dossier (the changes since
 * the last approved version and the forecast), then signs off. The decision carries the
 * hash of the version shown, so an approval never transfers to content the approver did not see.
 */
export function ReviewDrawer({ version, onClose }: { version: PendingVersion; onClose(): void }) {
  const t = useTranslations('approvals.review');
  const locale = useLocale();
  const tl = useTranslations('closedLoop.signoffs');
  const roleRefusal = useRoleRefusal();
  const roleReason = useRoleReason();
  const myStep = version.steps.find((s) => s.id === version.myStepId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState(false);
  const campaign = useQuery(trpc.campaigns.get.queryOptions({ id: version.campaignId }));
  // The canvas shows the version as it was frozen: what the decision (bound to its hash) covers.
  const frozen = useQuery({ ...trpc.campaigns.getVersion.queryOptions({ versionId: version.versionId }), staleTime: Infinity });
  const catalog = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: Infinity });
  const decide = useMutation(trpc.campaigns.decide.mutationOptions());

  // Whether the draft has moved on since this version was submitted (same behaviour hash or not):
  // later edits are not part of this approval.
  const draftHash = useMemo(() => {
    if (!campaign.data || !catalog.data) return undefined;
    // The hash covers the launch sign-offs drawn before the entry too.
    const checked = validateFlow(campaign.data.draftGraph, catalog.data);
    return checked.ok && checked.graph ? compileFlow(checked.graph).hash : null;
  }, [campaign.data, catalog.data]);
  const matches = draftHash === version.hash;

  const onDecide = async (decision: 'approved' | 'rejected') => {
    if (decision === 'rejected' && !comment.trim()) {
      setCommentError(true);
      return;
    }
    try {
      // The step and the hash this approver saw: a newer version never inherits the decision.
      await decide.mutateAsync({ versionId: version.versionId, decision, comment: comment.trim() || undefined, expectedHash: version.hash, stepId: version.myStepId });
      message.success(decision === 'approved' ? t('approved') : t('rejected'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.campaigns.pendingApprovals.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.campaigns.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.campaigns.get.queryKey({ id: version.campaignId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.campaigns.versions.queryKey({ id: version.campaignId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }),
      ]);
      onClose();
    } catch (err) {
      const e = callError(err);
      const changes = detailTexts(e.details, 'refsChanged', locale);
      const refs = changes ? t('refsChanged', { changes: changes.join(locale === 'zh-CN' ? '；' : '; ') }) : null;
      message.error(e.code === 'CONFLICT' ? t('changed') : (roleRefusal(e) ?? refs ?? t('failed', { message: e.message })));
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={1100}
      title={t('title', { name: version.campaignName, n: version.versionNo })}
      data-testid="review-drawer"
      footer={
        <DecisionButtons
          prefix="review"
          approve={t('approve')}
          reject={t('reject')}
          busy={decide.isPending}
          blockedBy={version.missingRole && myStep ? roleReason(version.missingRole, myStep.department) : null}
          onDecide={onDecide}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        {t('hash')} <Typography.Text code>{version.hash.slice(0, 12)}</Typography.Text>
      </Typography.Paragraph>
      <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 12 }}>
        <div>
          <Typography.Text type="secondary">{tl('title')}: </Typography.Text>
          <SignoffSteps steps={version.steps} />
        </div>
        {myStep && (
          <Typography.Text strong data-testid="review-my-step">
            {tl('yourStep')}{' '}
            <DepartmentName department={myStep.department} />
          </Typography.Text>
        )}
        {version.authoredByMe && <Alert type="warning" showIcon title={tl('authored')} data-testid="review-authored" />}
        {version.signedByMe && <Alert type="warning" showIcon title={tl('signed')} data-testid="review-signed" />}
      </Space>
      {draftHash !== undefined && (
        <Alert
          type={matches ? 'success' : 'warning'}
          showIcon
          title={matches ? t('matches') : t('differs')}
          style={{ marginBottom: 12 }}
          data-testid="review-hash-check"
        />
      )}
      <ImpactDossier versionId={version.versionId} versionNo={version.versionNo} graph={frozen.data?.graph} catalog={catalog.data} />
      <div style={{ height: 480, border: '1px solid #f0f0f0', borderRadius: 8, marginBottom: 16 }} data-testid="review-canvas">
        {frozen.data && catalog.data ? (
          <ReadOnlyFlow graph={frozen.data.graph} catalog={catalog.data} ariaLabel={t('canvas')} />
        ) : (
          <Spin style={{ display: 'block', marginTop: 200 }} />
        )}
      </div>
      <DecisionComment
        id="review-comment"
        label={t('comment')}
        hint={t('commentHint')}
        required={t('commentRequired')}
        value={comment}
        missing={commentError}
        onChange={(v) => {
          setComment(v);
          setCommentError(false);
        }}
      />
    </Drawer>
  );
}
