-- A target's 评分标准 as its table words it: leaves only (the service keeps it off nodes with children), at most
-- 32,767 characters, the most an Excel cell holds, so that every stored text exports whole.
alter table indicators add column criteria varchar(32767);
