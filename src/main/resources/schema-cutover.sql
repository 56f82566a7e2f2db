-- One cutover per target at a time: a run holds its target's row from its start to its end.
-- The primary key makes a second start for the same target fail, whichever node it reaches.
CREATE TABLE IF NOT EXISTS CUTOVER_TARGET_LOCK (
  TARGET_ VARCHAR(100) NOT NULL PRIMARY KEY,
  PROC_INST_ID_ VARCHAR(64) NOT NULL,
  CHANGE_REF_ VARCHAR(100),
  LOCKED_AT_ TIMESTAMP NOT NULL
);
