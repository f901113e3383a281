// Turns what the stack reports (addresses of Temporal, PostgreSQL, MongoDB, SMTP) into the
// environment variables every Rightsflow process reads (libs/config).
export function stackEnv(stackConfig) {
  return {
    TEMPORAL_ADDRESS: stackConfig.temporalAddress,
    TEMPORAL_UI_URL: stackConfig.temporalUiUrl,
    POSTGRES_URL: stackConfig.postgresUrl,
    MONGO_URL: stackConfig.mongoUrl,
    FERRETDB_POSTGRES_URL: stackConfig.ferretdbPostgresUrl ?? '',
    SMTP_HOST: stackConfig.smtpHost,
    SMTP_PORT: String(stackConfig.smtpPort),
    MAIL_UI_URL: stackConfig.mailUiUrl,
    MAIL_API_URL: stackConfig.mailApiUrl,
  };
}
