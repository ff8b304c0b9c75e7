-- Records name who did it as a person a UI can show ("上传人: 吴磊"), not only the credential: beside each stored
-- credential (api-key:<id> or a token's subject), the person it acted as and the name shown then (the person's, else
-- the key's). A snapshot, as a signed paper record is: it survives the person being renamed or moved, and lists read
-- it without a join. The trail keeps its credential column as it is and gains the same two.
alter table evidence add column uploaded_by_person uuid, add column uploaded_by_name text,
                     add column reviewed_by_person uuid, add column reviewed_by_name text;
alter table progress_reports add column reported_by_person uuid, add column reported_by_name text;
alter table adjustments add column created_by_person uuid, add column created_by_name text;
alter table change_requests add column proposed_by_person uuid, add column proposed_by_name text,
                            add column decided_by_person uuid, add column decided_by_name text;
alter table plan_transitions add column actor_person uuid, add column actor_name text;
alter table audit_events add column actor_person uuid, add column actor_name text;

-- The rows written so far get the names their credentials have now (the nearest to a snapshot there is). Filling in
-- names is no change of the records, so the audit triggers are off meanwhile, and the trail's append-only rule gives
-- way for this one update, as in V7.
create function pg_temp.actor_person(credential text) returns uuid language sql stable as $$
    select coalesce((select k.person_id from api_keys k where credential like 'api-key:%'
                        and k.id::text = substr(credential, 9)),
                    (select p.id from people p where p.external_id = credential))
$$;
create function pg_temp.actor_name(credential text) returns text language sql stable as $$
    select coalesce((select p.name from people p where p.id = pg_temp.actor_person(credential)),
                    (select k.name from api_keys k where credential like 'api-key:%' and k.id::text = substr(credential, 9)))
$$;
alter table evidence disable trigger evidence_audit;
alter table progress_reports disable trigger progress_reports_audit;
alter table adjustments disable trigger adjustments_audit;
alter table change_requests disable trigger change_requests_audit;
alter table plan_transitions disable trigger plan_transitions_audit;
alter table audit_events disable trigger audit_events_append_only;
update evidence set uploaded_by_person = pg_temp.actor_person(uploaded_by), uploaded_by_name = pg_temp.actor_name(uploaded_by),
                    reviewed_by_person = pg_temp.actor_person(reviewed_by), reviewed_by_name = pg_temp.actor_name(reviewed_by);
update progress_reports set reported_by_person = pg_temp.actor_person(reported_by), reported_by_name = pg_temp.actor_name(reported_by);
update adjustments set created_by_person = pg_temp.actor_person(created_by), created_by_name = pg_temp.actor_name(created_by);
update change_requests set proposed_by_person = pg_temp.actor_person(proposed_by), proposed_by_name = pg_temp.actor_name(proposed_by),
                           decided_by_person = pg_temp.actor_person(decided_by), decided_by_name = pg_temp.actor_name(decided_by);
update plan_transitions set actor_person = pg_temp.actor_person(actor), actor_name = pg_temp.actor_name(actor);
update audit_events set actor_person = pg_temp.actor_person(actor), actor_name = pg_temp.actor_name(actor)
 where outcome <> 'FAILED_LOGIN';
alter table evidence enable trigger evidence_audit;
alter table progress_reports enable trigger progress_reports_audit;
alter table adjustments enable trigger adjustments_audit;
alter table change_requests enable trigger change_requests_audit;
alter table plan_transitions enable trigger plan_transitions_audit;
alter table audit_events enable trigger audit_events_append_only;

-- The trigger records the person and name the application passes in the connection's kaoping.audit setting
-- (actorPerson, actorName) beside the credential; otherwise as in V5.
create or replace function audit_change() returns trigger language plpgsql as $$
declare
    ctx        jsonb := coalesce(nullif(current_setting('kaoping.audit', true), '')::jsonb, '{}');
    old_row    jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    new_row    jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
    row_data   jsonb := coalesce(new_row, old_row);
    -- bookkeeping columns that every change moves
    ignored    text[] := array['version', 'updated_at', 'created_at'];
    before_val jsonb;
    after_val  jsonb;
begin
    if tg_op = 'UPDATE' then
        select jsonb_object_agg(key, value) into before_val from jsonb_each(old_row)
         where key <> all (ignored) and new_row -> key is distinct from value;
        select jsonb_object_agg(key, value) into after_val from jsonb_each(new_row)
         where key <> all (ignored) and old_row -> key is distinct from value;
        if before_val is null and after_val is null then
            return null;
        end if;
    else
        -- a whole row created or deleted: no field-by-field comparison needed
        before_val := old_row - ignored;
        after_val := new_row - ignored;
    end if;
    insert into audit_events (actor, actor_person, actor_name, roles, unit_id, action, change, entity_type, entity_id,
                              plan_id, before, after, request_id, client_address, outcome, retain_until)
    values (coalesce(ctx ->> 'actor', 'system'), (ctx ->> 'actorPerson')::uuid, ctx ->> 'actorName', ctx ->> 'roles',
            (ctx ->> 'unitId')::uuid, coalesce(ctx ->> 'action', 'system'),
            case tg_op when 'INSERT' then 'CREATE' when 'UPDATE' then 'UPDATE' else 'DELETE' end,
            tg_table_name, coalesce(row_data ->> 'id', row_data ->> 'key'),
            case when tg_table_name = 'plans' then (row_data ->> 'id')::uuid else (row_data ->> 'plan_id')::uuid end,
            before_val, after_val, ctx ->> 'requestId', ctx ->> 'clientAddress', 'SUCCESS',
            now() + coalesce(ctx ->> 'retention', '3 years')::interval);
    return null;
end $$;
