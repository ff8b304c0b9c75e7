-- Who acted is stored as the caller's name and roles: an API key's "api-key:<uuid>", or a token's subject and groups,
-- which the identity provider chooses and which may be longer than 200 characters. Such a caller got a 500 on every
-- write, and lost the trail's record of its refused ones. The columns take the names whole (the HTTP layer's header
-- size limit bounds them), so the trail keeps exactly who acted; a shortened name could merge two callers.
alter table audit_events alter column actor type text, alter column roles type text;
alter table plan_transitions alter column actor type text;
alter table change_requests alter column proposed_by type text, alter column decided_by type text;
alter table idempotency_keys alter column principal type text;
alter table progress_reports alter column reported_by type text;
alter table adjustments alter column created_by type text;
alter table evidence alter column uploaded_by type text, alter column reviewed_by type text;
