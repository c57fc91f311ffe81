-- Seeds releases straight into the event table, the way the ledger would have recorded them, without going through
-- HTTP: current_setting('seed.releases') changes over current_setting('seed.repositories') repositories, each proposed,
-- given a verdict and released to prod (3 events a change); every tenth verdict failed min-approvals and was overridden.
-- Timestamps are one millisecond apart from seed.start. Used by bench/audit.sh (set seed.releases = …; set
-- seed.repositories = …; set seed.start = …; before running).
insert into ledger.mt_streams (id, type, version, timestamp, created, tenant_id)
select 'rel-' || i, 'ChangeLedger.Changes.Change', 3, now(), now(), '*DEFAULT*'
from generate_series(1, current_setting('seed.releases')::int) as i;

insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
select nextval('ledger.mt_events_sequence'), gen_random_uuid(), 'rel-' || i, v,
       case v
         when 1 then jsonb_build_object('changeId', 'rel-' || i, 'repository', repo, 'title', 'Change ' || i, 'headCommit', 'c0ffee', 'owner', 'owner-' || (i % 997),
              'submittedBy', 'ci-bot', 'origin', jsonb_build_object('kind', 'generated', 'tool', 'claude-code'),
              'scope', jsonb_build_object('includes', '[]'::jsonb, 'excludes', '[]'::jsonb), 'acceptanceCriteria', '[]'::jsonb, 'occurredAt', at)
         when 2 then jsonb_build_object('changeId', 'rel-' || i, 'requestedBy', 'deployer', 'occurredAt', at, 'verdict', jsonb_build_object(
              'changeId', 'rel-' || i, 'environment', 'prod', 'ready', i % 10 <> 0, 'policyRepository', repo, 'policyVersion', 1, 'evaluatedAt', at,
              'changeVersion', 1, 'inputsDigest', md5(i::text), 'rules', jsonb_build_array(
                jsonb_build_object('rule', 'status-allows-release', 'passed', true, 'detail', 'Status proposed allows release.', 'evidence', '[]'::jsonb),
                jsonb_build_object('rule', 'required-check:unit', 'passed', true, 'detail', 'unit passed on head c0ffee.', 'evidence', '[]'::jsonb),
                jsonb_build_object('rule', 'min-approvals', 'passed', i % 10 <> 0, 'detail', 'approvals', 'evidence', '[]'::jsonb),
                jsonb_build_object('rule', 'no-open-holds', 'passed', true, 'detail', 'No hold is in force.', 'evidence', '[]'::jsonb))))
         else jsonb_build_object('changeId', 'rel-' || i, 'environment', 'prod', 'version', '1.0.' || i, 'releasedBy', 'deployer', 'verdictVersion', 2,
              'override', case when i % 10 = 0 then jsonb_build_object('by', 'lead-' || (i % 13), 'justification', 'hotfix ' || i) end,
              'occurredAt', at, 'repository', repo)
       end,
       case v when 1 then 'change_proposed' when 2 then 'release_verdict_recorded' else 'change_released' end,
       current_setting('seed.start')::timestamptz + ((i * 3 + v) * interval '1 millisecond'),
       '*DEFAULT*',
       case v when 1 then 'ChangeLedger.Changes.ChangeProposed, ChangeLedger' when 2 then 'ChangeLedger.Changes.ReleaseVerdictRecorded, ChangeLedger'
              else 'ChangeLedger.Changes.ChangeReleased, ChangeLedger' end,
       jsonb_build_object('hash', md5(i::text || '/' || v))
from generate_series(1, current_setting('seed.releases')::int) as i, generate_series(1, 3) as v,
     lateral (select 'github.com/bulk/repo-' || (i % current_setting('seed.repositories')::int) as repo,
                     to_char((current_setting('seed.start')::timestamptz + (i * 3 + v) * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"') as at) as x
order by i, v;
