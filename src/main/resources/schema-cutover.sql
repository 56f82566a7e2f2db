-- The app's own tables, beside the engine's. Only step code and the app's listeners write them;
-- no engine API reaches them, so nothing a user can submit through a form or the REST API does.

-- One cutover per target at a time: a run holds its target's row from its start to its end.
-- The primary key makes a second start for the same target fail, whichever node it reaches.
CREATE TABLE IF NOT EXISTS CUTOVER_TARGET_LOCK (
  TARGET_ VARCHAR(100) NOT NULL PRIMARY KEY,
  PROC_INST_ID_ VARCHAR(64) NOT NULL,
  CHANGE_REF_ VARCHAR(100),
  LOCKED_AT_ TIMESTAMP NOT NULL
);

-- A run as its start event admitted it, and the manager who approved its plan.
CREATE TABLE IF NOT EXISTS CUTOVER_RUN (
  PROC_INST_ID_ VARCHAR(64) NOT NULL PRIMARY KEY,
  TARGET_ VARCHAR(100) NOT NULL,
  CHANGE_REF_ VARCHAR(100) NOT NULL,
  WINDOW_START_ VARCHAR(64) NOT NULL,
  RUN_STAMP_ VARCHAR(32) NOT NULL,
  STARTED_BY_ VARCHAR(255) NOT NULL,
  STARTED_AT_ TIMESTAMP NOT NULL,
  APPROVED_BY_ VARCHAR(255),
  APPROVED_AT_ TIMESTAMP NULL
);

-- What steps found and made (undo data, paths, checksums, reports), by name; written by step code only.
CREATE TABLE IF NOT EXISTS CUTOVER_RUN_VALUE (
  PROC_INST_ID_ VARCHAR(64) NOT NULL,
  NAME_ VARCHAR(100) NOT NULL,
  VALUE_ LONGTEXT NOT NULL,
  PRIMARY KEY (PROC_INST_ID_, NAME_)
);

-- Every run of a step (commands, exit codes, output excerpts, facts), numbered in the order they started.
CREATE TABLE IF NOT EXISTS CUTOVER_STEP_RECORD (
  PROC_INST_ID_ VARCHAR(64) NOT NULL,
  SEQ_ BIGINT NOT NULL,
  ACTIVITY_ID_ VARCHAR(100) NOT NULL,
  RECORD_ LONGTEXT NOT NULL,
  PRIMARY KEY (PROC_INST_ID_, SEQ_)
);

-- Who completed which user task, in which groups, when, with which form values.
CREATE TABLE IF NOT EXISTS CUTOVER_DECISION (
  PROC_INST_ID_ VARCHAR(64) NOT NULL,
  TASK_ID_ VARCHAR(64) NOT NULL,
  TASK_KEY_ VARCHAR(100) NOT NULL,
  USER_ID_ VARCHAR(255) NOT NULL,
  GROUPS_ VARCHAR(1000) NOT NULL,
  DECIDED_AT_ TIMESTAMP NOT NULL,
  FIELDS_ LONGTEXT NOT NULL,
  PRIMARY KEY (PROC_INST_ID_, TASK_ID_)
);

-- The app nodes sharing this engine database, each with the last time it said it was alive (the
-- database's clock): a node unheard of for too long has its job locks released by the others.
CREATE TABLE IF NOT EXISTS CUTOVER_NODE (
  NAME_ VARCHAR(255) NOT NULL PRIMARY KEY,
  SEEN_ TIMESTAMP NOT NULL
);
