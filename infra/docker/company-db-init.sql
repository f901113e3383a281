-- The sample company's second SQL system beside the portal (POSTGRES_DB): its product telemetry.
CREATE DATABASE telemetry;
