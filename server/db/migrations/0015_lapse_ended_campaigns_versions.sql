-- A version still waiting for approval when its campaign ended could never run, yet it stayed in
-- the approvers' inboxes and its overdue sign-offs kept escalating. From now on the lifecycle
-- worker lapses such a version when the campaign ends (lapseWaitingVersions in
-- server/services/campaigns.ts); this lapses the ones left behind by earlier releases.
UPDATE flow_versions SET status = 'lapsed'
WHERE status = 'submitted'
  AND campaign_id IN (SELECT id FROM campaigns WHERE status IN ('ended', 'evaluated'));
