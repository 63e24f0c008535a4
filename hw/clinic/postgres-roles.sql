-- PostgreSQL roles and schema for treadguard-clinic. Run once, as the postgres superuser:
--   sudo -u postgres psql -v clinic_password="$(cat /etc/treadguard/clinic-db.password)" \
--        -f /usr/share/treadguard/postgres-roles.sql
-- The server's role owns the schema `treadguard` and nothing else: it creates its tables
-- there (treadguard-clinic runs the schema migrations itself), cannot create anything in
-- other schemas or databases, and is not a superuser.
\set ON_ERROR_STOP on
CREATE ROLE treadguard_clinic LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'clinic_password';
CREATE DATABASE treadguard;
REVOKE ALL ON DATABASE treadguard FROM PUBLIC;
GRANT CONNECT ON DATABASE treadguard TO treadguard_clinic;
\connect treadguard
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA treadguard AUTHORIZATION treadguard_clinic;
ALTER ROLE treadguard_clinic IN DATABASE treadguard SET search_path = treadguard;
