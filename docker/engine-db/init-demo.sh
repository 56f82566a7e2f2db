#!/bin/bash
# First start of the compose database: the old scheduler's database for the demo target, and
# the user the schedulers connect with. Runs inside the mariadb image's entrypoint.
set -euo pipefail
mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" < /docker-entrypoint-initdb.d/seed.sql.demo
mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" -e "
  CREATE USER IF NOT EXISTS 'scheduler'@'%' IDENTIFIED BY '${SCHEDULER_DB_PASSWORD}';
  GRANT SELECT, INSERT, UPDATE, DELETE ON gestion_horarios.* TO 'scheduler'@'%';
  CREATE USER IF NOT EXISTS 'cutover'@'%' IDENTIFIED BY '${DEMO_DB_PASSWORD}';
  GRANT ALL ON gestion_horarios.* TO 'cutover'@'%';
  GRANT PROCESS, RELOAD ON *.* TO 'cutover'@'%';
  FLUSH PRIVILEGES;"
