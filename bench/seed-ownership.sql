-- Seeds ownership facts straight into the event table, the way the ledger would have recorded them, without going
-- through HTTP: current_setting('seed.streams') changes, each proposed and then transferred 3 times, so 4 rows per change.
-- Timestamps are spaced one millisecond apart from seed.start, so the export order is fixed and reproducible.
-- Used by the 200,000-row memory test and by bench/export.sh (set seed.streams = ...; set seed.start = ...; before running).
insert into ledger.mt_streams (id, type, version, timestamp, created, tenant_id)
select 'bulk-' || i, 'ChangeLedger.Changes.Change', 4, now(), now(), '*DEFAULT*'
from generate_series(1, current_setting('seed.streams')::int) as i;

insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
select nextval('ledger.mt_events_sequence'), gen_random_uuid(), 'bulk-' || i, v,
       case when v = 1 then jsonb_build_object(
              'changeId', 'bulk-' || i, 'repository', 'github.com/bulk/repo-' || (i % 50), 'title',
              'Bulk change ' || i || ': retry idempotent refunds with capped exponential back-off across payment providers',
              'headCommit', 'c0ffee', 'baseCommit', null, 'owner', 'owner-' || (i % 997), 'submittedBy', 'ci-bot',
              'origin', jsonb_build_object('kind', 'generated', 'tool', 'claude-code'), 'scope', jsonb_build_object('includes', '[]'::jsonb, 'excludes', '[]'::jsonb),
              'acceptanceCriteria', '[]'::jsonb, 'parentChangeId', null,
              'occurredAt', to_char((current_setting('seed.start')::timestamptz + (i * 4 + v) * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"'))
            else jsonb_build_object(
              'changeId', 'bulk-' || i, 'from', 'owner-' || ((i + v - 2) % 997), 'to', 'owner-' || ((i + v - 1) % 997), 'by', 'lead-' || (i % 13),
              'reason', 'rotation ' || v || ' of the on-call roster',
              'occurredAt', to_char((current_setting('seed.start')::timestamptz + (i * 4 + v) * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"'))
       end,
       case when v = 1 then 'change_proposed' else 'ownership_transferred' end,
       current_setting('seed.start')::timestamptz + ((i * 4 + v) * interval '1 millisecond'),
       '*DEFAULT*',
       case when v = 1 then 'ChangeLedger.Changes.ChangeProposed, ChangeLedger' else 'ChangeLedger.Changes.OwnershipTransferred, ChangeLedger' end,
       '{}'::jsonb
from generate_series(1, current_setting('seed.streams')::int) as i, generate_series(1, 4) as v
order by i, v;
