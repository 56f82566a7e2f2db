package org.bischeduler.cutover.verify;

import org.bischeduler.cutover.config.SecretReference;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.shell.PortForward;
import org.bischeduler.cutover.values.Secret;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.shell.TargetShell;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a JDBC connection to the target's database through the target's SSH connection (a local
 * port forward to the database's address as the target sees it) and runs the configured checks.
 */
@Component
public class DatabaseProbe {

    public DatabaseReport probe(String targetName, TargetConfig target, TargetShell shell) {
        TargetConfig.Database db = target.database();
        List<String> findings = new ArrayList<>();
        Secret password;
        try {
            password = SecretReference.resolve("cutover.targets." + targetName + ".database.password", db.password());
        } catch (IllegalStateException e) {
            return new DatabaseReport(false, List.of("fail: " + e.getMessage()));
        }
        boolean passed = true;
        try (PortForward forward = shell.forward(db.host(), db.port());
             Connection connection = DriverManager.getConnection(
                     "jdbc:mariadb://" + forward.localHost() + ":" + forward.localPort() + "/" + db.name()
                             + "?connectTimeout=5000&socketTimeout=30000", db.user(), password.reveal());
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(30);
            try (ResultSet tables = statement.executeQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                tables.next();
                findings.add("ok: connected to " + db.name() + " through the target (" + tables.getInt(1) + " tables)");
            }
            for (String query : db.dataChecks()) {
                try (ResultSet rows = statement.executeQuery(query)) {
                    if (rows.next()) {
                        findings.add("ok: " + query + " returned rows");
                    } else {
                        passed = false;
                        findings.add("fail: expected rows from " + query + ", got none");
                    }
                } catch (SQLException e) {
                    passed = false;
                    findings.add("fail: " + query + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            passed = false;
            findings.add("fail: cannot reach database " + db.name() + " at " + db.host() + ":" + db.port()
                    + " through the target: " + e.getMessage());
        } catch (TargetException e) {
            passed = false;
            findings.add("fail: " + e.getMessage());
        }
        return new DatabaseReport(passed, findings);
    }

    /** Whether every database check passed, and one line per check. */
    public record DatabaseReport(boolean passed, List<String> findings) {
    }
}
