-- The plan list spans plans, so no one plan's generation (V18) names it. Every statement that changes what a page of
-- the list shows (a plan's row, its unit's name, a RETURN's reason, who assesses it, so who sees it) adds a row here in
-- its own transaction; the list's generation is the sum of the weights, which grows at every commit of such a change
-- whatever the order of the commits (unlike a maximum, which a late commit of an earlier number leaves as it was).
-- Only inserts: changes of different plans do not wait for each other. kaoping.plan.Generations folds the rows into
-- one now and then (deleting rows and inserting their total in one statement leaves the sum as it was).
create table plan_list_changes (
    id     bigserial primary key,
    weight bigint not null default 1
);
insert into plan_list_changes default values;

create function note_plan_list_change() returns trigger language plpgsql as $$
begin
    insert into plan_list_changes default values;
    return null;
end $$;

do $$
declare
    t text;
begin
    foreach t in array array['plans', 'units', 'plan_transitions', 'plan_assessors']
    loop
        execute format('create trigger %1$I_plan_list_change after insert or update or delete or truncate on %1$I '
                       'for each statement execute function note_plan_list_change()', t);
    end loop;
end $$;
