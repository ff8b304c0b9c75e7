-- What a plan's reads show is named by its generation: every statement that changes a plan's rows (its tree,
-- assignments, evidence, scores, ...) or a name its reads show (a person, a department, its unit) gives that plan a new
-- generation in its own transaction, so the ETag of the plan's reads and the key of every replica's cache of them
-- change at the commit of the change, whoever made it (the API, an import, a cascade, a bulk update, SQL by hand).
-- Values come from one sequence, so a generation is never given twice and a cached answer is never taken for another
-- state's. Only the changed plans' rows are locked: changes of different plans do not wait for each other.
create sequence read_generation_seq;
create table read_generations (
    plan_id    uuid   primary key,
    generation bigint not null
);

-- Statement-level, so an import of 20,000 rows bumps its plan once per statement, not once per row. tg_argv[0] is the
-- column of the changed table that names the plan; without one (people, units) the plans that show the changed rows'
-- names are bumped.
create function bump_read_generations() returns trigger language plpgsql as $$
declare
    changed text := case tg_op when 'DELETE' then 'old_rows' else 'new_rows' end;
    plans   text := case when tg_nargs > 0 then format('select %I from %s', tg_argv[0], changed)
                    else format('select plan_id from assignments where person_id in (select id from %1$s)
                                    or department_id in (select id from %1$s)
                                 union select plan_id from plan_assessors where person_id in (select id from %1$s)
                                 union select id from plans where unit_id in (select id from %1$s)', changed)
                    -- a department added, renamed or removed changes the matrix of its unit's plans (各科室 lists them)
                    || case when tg_table_name = 'units' then format(' union select id from plans where unit_id in
                                 (select root_unit_id from %1$s)', changed) else '' end end;
begin
    execute format('insert into read_generations (plan_id, generation)
                      select plan_id, nextval(''read_generation_seq'') from (select distinct plan_id from (%s) changed (plan_id)
                      order by plan_id) ordered
                    on conflict (plan_id) do update set generation = excluded.generation', plans);
    return null;
end $$;

do $$
declare
    t    text;
    args text;
begin
    foreach t in array array['plans', 'indicators', 'plan_assessors', 'assessments', 'self_assessments',
                             'progress_reports', 'adjustments', 'evidence', 'assignments', 'plan_transitions',
                             'plan_versions', 'change_requests', 'reporting_periods', 'period_unlocks', 'inspections',
                             'findings', 'finding_steps', 'units', 'people']
    loop
        args := case t when 'plans' then quote_literal('id') when 'units' then '' when 'people' then ''
                       else quote_literal('plan_id') end;
        execute format('create trigger %1$I_read_generation_i after insert on %1$I referencing new table as new_rows '
                       'for each statement execute function bump_read_generations(%2$s)', t, args);
        execute format('create trigger %1$I_read_generation_u after update on %1$I referencing new table as new_rows '
                       'for each statement execute function bump_read_generations(%2$s)', t, args);
        execute format('create trigger %1$I_read_generation_d after delete on %1$I referencing old table as old_rows '
                       'for each statement execute function bump_read_generations(%2$s)', t, args);
    end loop;
end $$;

-- API keys: every replica keeps the keys it has checked in memory and forgets them all when this is notified, at the
-- commit of any change of a key (a revocation above all), so a key revoked anywhere stops working on every replica
-- within the notification's delivery (milliseconds).
create function notify_api_keys_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('kaoping_api_keys', '');
    return null;
end $$;
create trigger api_keys_changed after insert or update or delete or truncate on api_keys
    for each statement execute function notify_api_keys_changed();

-- the plans made before this migration
insert into read_generations (plan_id, generation) select id, nextval('read_generation_seq') from plans;
