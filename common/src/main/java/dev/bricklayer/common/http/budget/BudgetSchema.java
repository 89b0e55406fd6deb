package dev.bricklayer.common.http.budget;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget store's schema ({@code bricklayer_budget} by default), shared by every service: each service migrates it
 * at start with Flyway from {@code classpath:db/budget}, with the schema's own history table, apart from the service's
 * own schema and history. Migrations are the same in every service (they come with {@code common}); whichever starts
 * first creates the schema and the others find it migrated. Flyway serialises concurrent migrations with an advisory
 * lock; a first start of several services at once may still race to create the schema, so a failed attempt is tried
 * again.
 */
public final class BudgetSchema {

    private static final Logger log = LoggerFactory.getLogger(BudgetSchema.class);
    private static final int ATTEMPTS = 3;

    private BudgetSchema() {
    }

    public static void migrate(DataSource dataSource, String schema) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/budget")
                .table("flyway_schema_history")
                .load();
        for (int attempt = 1; ; attempt++) {
            try {
                flyway.migrate();
                return;
            } catch (FlywayException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info("Budget schema {} not migrated ({}); another service may be creating it: trying again", schema, e.getMessage());
            }
        }
    }
}
