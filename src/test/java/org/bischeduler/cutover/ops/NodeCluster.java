package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.testing.AppNode;
import org.bischeduler.cutover.testing.MariaDbServer;
import org.bischeduler.cutover.testing.Sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the production tests share: the engine's database on a real mariadbd of their own, a
 * sandbox target, users with passwords in 0600 files, and app nodes started from the jar.
 */
final class NodeCluster implements AutoCloseable {

    static final Duration STEP_WAIT = Duration.ofSeconds(90);

    final Path dir;
    final MariaDbServer engineDb;
    final Sandbox host;
    final Map<String, String> passwords = new HashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<AppNode> nodes = new ArrayList<>();

    NodeCluster(Path dir, String... sandboxOptions) {
        this.dir = dir;
        this.engineDb = MariaDbServer.start(dir.resolve("engine-db"), "engine-db-pw-" + Long.toHexString(System.nanoTime()));
        engineDb.execute("CREATE DATABASE camunda CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        this.host = Sandbox.up(dir.resolve("sandbox"), sandboxOptions);
        passwords.put("admin", "admin-pw-" + Long.toHexString(System.nanoTime()));
        passwords.put("ops1", "ops1-pw-" + Long.toHexString(System.nanoTime()));
        passwords.put("manager1", "manager1-pw-" + Long.toHexString(System.nanoTime()));
        properties.put("spring.profiles.active", "mariadb");
        properties.put("spring.config.additional-location", "file:" + host.path("cutover-sandbox.yml"));
        properties.put("cutover.users.ops1.password", "file:" + secretFile("ops1"));
        properties.put("cutover.users.ops1.groups", "ops");
        properties.put("cutover.users.manager1.password", "file:" + secretFile("manager1"));
        properties.put("cutover.users.manager1.groups", "managers");
        properties.put("camunda.bpm.job-execution.wait-time-in-millis", "200");
        properties.put("camunda.bpm.job-execution.max-wait", "1000");
    }

    AppNode node(String name, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(extra);
        Map<String, String> environment = Map.of(
                "CUTOVER_DB_URL", "jdbc:mariadb://127.0.0.1:" + engineDb.port() + "/camunda",
                "CUTOVER_DB_USER", "root",
                "CUTOVER_DB_PASSWORD", engineDb.rootPassword(),
                "CUTOVER_ADMIN_PASSWORD", passwords.get("admin"),
                "CUTOVER_DATA_DIR", dir.resolve("data-" + name).toString());
        AppNode node = AppNode.start(name, dir.resolve("nodes"), all, environment, passwords);
        nodes.add(node);
        return node;
    }

    /** Starts a cutover on the sandbox target as ops1, with the window already open. */
    String startRun(AppNode node, String change) {
        String body = "{\"businessKey\":\"" + change + "\",\"variables\":{\"target\":{\"value\":\"sandbox\"},"
                + "\"changeReference\":{\"value\":\"" + change + "\"},\"maintenanceWindowStart\":{\"value\":\""
                + Instant.now().minusSeconds(60) + "\"}}}";
        return node.rest("ops1", "POST", "/process-definition/key/Process_DecommissionPortReuse/start", body).path("id").asText();
    }

    static final String APPROVE = "{\"approvalDecision\":{\"value\":\"approve\"},\"approvalComment\":{\"value\":\"go\"}}";
    static final String NOTIFIED = "{\"notificationChannel\":{\"value\":\"email\"},\"notificationMessage\":{\"value\":\"tonight\"},"
            + "\"windowConfirmed\":{\"value\":true}}";
    static final String SIGNED_OFF = "{\"signOffDecision\":{\"value\":\"approve\"},\"signOffComment\":{\"value\":\"fine\"},"
            + "\"webInterfaceOk\":{\"value\":true},\"apiEndpointsOk\":{\"value\":true},\"dataOk\":{\"value\":true},\"reportsOk\":{\"value\":true}}";
    static final String CLOSED = "{\"usersInformed\":{\"value\":true}}";

    /** Rows of an SQL query on the engine's database, each as a list of strings. */
    List<List<String>> query(String sql, Object... parameters) {
        try (Connection connection = engineDb.connect("camunda"); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getString(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every text and binary value of every table of the engine's database, as one string to search. */
    String wholeDatabaseText() {
        StringBuilder text = new StringBuilder();
        for (List<String> table : query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'camunda'")) {
            for (List<String> row : query("SELECT * FROM `" + table.get(0) + "`")) {
                text.append(String.join("\t", row.stream().map(String::valueOf).toList())).append('\n');
            }
        }
        return text.toString();
    }

    private Path secretFile(String user) {
        try {
            Path file = dir.resolve("secrets").resolve(user + "-password");
            Files.createDirectories(file.getParent());
            Files.writeString(file, passwords.get(user) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(AppNode::close);
        host.close();
        engineDb.close();
    }
}
