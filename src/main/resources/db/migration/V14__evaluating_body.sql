-- The evaluating body (考核机关: 效能办 / 绩效办) is an organisation of its own kind, with its staff and departments,
-- so assessors and evaluators are not filed as people of a made-up evaluated unit. Like a UNIT it tops its own tree;
-- it has no plan, so it is never ranked.
alter table units drop constraint units_kind_check, drop constraint units_parent_kind;
alter table units add constraint units_kind_check
        check (kind in ('UNIT', 'DEPARTMENT', 'DIRECT_UNIT', 'EVALUATING_BODY')),
    add constraint units_parent_kind check ((kind in ('UNIT', 'EVALUATING_BODY')) = (parent_id is null));
