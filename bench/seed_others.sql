-- Used by bench/api-load.sh: :n copies of the plan :plan (its tree and assignments), each in a unit of its own,
-- written in one transaction with the triggers off (an audit trail of a million rows would only slow the seeding).
-- Ids are derived from the originals' and the copy's number, so parents and assignments follow their nodes.
begin;
set local session_replication_role = replica;
create temp table copies on commit drop as
  select n, md5('unit' || n)::uuid as unit_id, md5('plan' || n)::uuid as plan_id from generate_series(1, :n) n;
insert into units
  select (jsonb_populate_record(null::units, to_jsonb(u) || jsonb_build_object('id', c.unit_id, 'root_unit_id', c.unit_id,
          'code', null, 'name', u.name || ' ' || c.n))).*
  from units u, copies c where u.id = :'unit';
insert into plans
  select (jsonb_populate_record(null::plans, to_jsonb(p) || jsonb_build_object('id', c.plan_id, 'unit_id', c.unit_id))).*
  from plans p, copies c where p.id = :'plan';
insert into indicators
  select (jsonb_populate_record(null::indicators, to_jsonb(i) || jsonb_build_object('id', md5(i.id::text || c.n)::uuid,
          'plan_id', c.plan_id, 'parent_id', md5(i.parent_id::text || c.n)::uuid))).*
  from indicators i, copies c where i.plan_id = :'plan';
insert into assignments
  select (jsonb_populate_record(null::assignments, to_jsonb(a) || jsonb_build_object('id', md5(a.id::text || c.n)::uuid,
          'plan_id', c.plan_id, 'indicator_id', md5(a.indicator_id::text || c.n)::uuid))).*
  from assignments a, copies c where a.plan_id = :'plan';
-- with the triggers off, the generations of the cached reads (V18, V19) are given here, as the triggers would
insert into read_generations select plan_id, nextval('read_generation_seq') from copies;
insert into plan_list_changes default values;
commit;
analyze;
