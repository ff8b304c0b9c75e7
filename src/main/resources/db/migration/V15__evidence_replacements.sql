-- A returned file names the file that replaces it (Evidence.replacedBy, evidence-summary's toReplace): found by the
-- replacing file's `replaces`, so that column is looked up by value.
create index evidence_replaces_idx on evidence (replaces) where replaces is not null;
