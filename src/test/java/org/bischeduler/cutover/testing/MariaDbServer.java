package org.bischeduler.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A real MariaDB server for tests: Debian's {@code mariadbd} with its own data folder in a
 * temporary folder, on a free loopback port, root reachable over TCP with a password.
 */
public final class MariaDbServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String rootPassword;
    private final Process process;

    private MariaDbServer(Path dir, int port, String rootPassword, Process process) {
        this.dir = dir;
        this.port = port;
        this.rootPassword = rootPassword;
        this.process = process;
    }

    public static MariaDbServer start(Path dir, String rootPassword) {
        Path mariadbd = Programs.require("mariadbd (Debian package mariadb-server)", "/usr/sbin/mariadbd");
        Path installDb = Programs.require("mariadb-install-db (Debian package mariadb-server)",
                "/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db");
        try {
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Programs.run(List.of(installDb.toString(), "--no-defaults", "--user=root", "--datadir=" + data, "--tmpdir=" + tmp,
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
            int port = Programs.freePort();
            Path log = dir.resolve("mariadbd.log");
            Process process = new ProcessBuilder(mariadbd.toString(), "--no-defaults", "--user=root",
                    "--datadir=" + data, "--tmpdir=" + tmp, "--port=" + port, "--bind-address=127.0.0.1",
                    "--socket=" + dir.resolve("mariadb.sock"), "--pid-file=" + dir.resolve("mariadbd.pid"),
                    "--log-error=" + log, "--skip-name-resolve", "--innodb-buffer-pool-size=32M",
                    "--innodb-log-file-size=8M", "--performance-schema=OFF")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mariadbd.out").toFile()).start();
            Programs.awaitPort(port, Duration.ofSeconds(60), process, log);
            MariaDbServer server = new MariaDbServer(dir, port, rootPassword, process);
            server.setRootPassword();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void setRootPassword() {
        Programs.run(List.of("mariadb", "--no-defaults", "--socket=" + dir.resolve("mariadb.sock"), "-uroot", "-e",
                "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '" + rootPassword + "';"
                        + " ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '" + rootPassword + "';"
                        + " GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
                        + " ALTER USER 'root'@'localhost' IDENTIFIED BY '" + rootPassword + "'; FLUSH PRIVILEGES;"));
    }

    public int port() {
        return port;
    }

    public String rootPassword() {
        return rootPassword;
    }

    public Path socket() {
        return dir.resolve("mariadb.sock");
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + database, "root", rootPassword);
    }

    /** Runs SQL statements separated by semicolons as root. */
    public void execute(String sql) {
        try (Connection connection = connect(""); Statement statement = connection.createStatement()) {
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
