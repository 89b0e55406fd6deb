package dev.bricklayer.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void postgres16StartsAndAnswersQueries() throws Exception {
        try (Connection connection = EmbeddedPostgres.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select version()")) {
            result.next();
            assertThat(result.getString(1)).startsWith("PostgreSQL 16");
        }
    }

    @Test
    void eachCallerGetsADatabaseOfItsOwn() throws Exception {
        String first = EmbeddedPostgres.newDatabase("audit");
        String second = EmbeddedPostgres.newDatabase("audit");

        assertThat(first).isNotEqualTo(second);
        try (Connection connection = DriverManager.getConnection(first, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("create table t (id int)");
            statement.execute("insert into t values (1)");
        }
        try (Connection connection = DriverManager.getConnection(second, "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("select count(*) from information_schema.tables where table_name = 't'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }
}
