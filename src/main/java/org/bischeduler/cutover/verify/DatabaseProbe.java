package org.bischeduler.cutover.verify;

import org.bischeduler.cutover.config.SecretReference;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.shell.PortForward;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.shell.TargetShell;
import org.bischeduler.cutover.values.Secret;
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

    public static final String DATABASE = "database";
    public static final String DATA_CHECK = "data-check-";

    /**
     * One finding for the connection ({@code database}) and one per data check ({@code data-check-1}, ...);
     * the password goes to the JDBC driver only and is scrubbed from every message by the caller.
     */
    public List<Finding> probe(String targetName, TargetConfig target, TargetShell shell) {
        TargetConfig.Database db = target.database();
        String connect = db.name() + " reachable through the target";
        List<Finding> findings = new ArrayList<>();
        Secret password;
        try {
            password = SecretReference.resolve("cutover.targets." + targetName + ".database.password", db.password());
        } catch (IllegalStateException e) {
            return List.of(Finding.failed(DATABASE, connect, e.getMessage()));
        }
        try (PortForward forward = shell.forward(db.host(), db.port());
             Connection connection = DriverManager.getConnection(
                     "jdbc:mariadb://" + forward.localHost() + ":" + forward.localPort() + "/" + db.name()
                             + "?connectTimeout=5000&socketTimeout=30000", db.user(), password.reveal());
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(30);
            try (ResultSet tables = statement.executeQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                tables.next();
                findings.add(Finding.passed(DATABASE, connect, "connected (" + tables.getInt(1) + " tables)"));
            }
            int number = 1;
            for (String query : db.dataChecks()) {
                String name = DATA_CHECK + number++;
                String expected = "rows from " + query;
                try (ResultSet rows = statement.executeQuery(query)) {
                    findings.add(rows.next() ? Finding.passed(name, expected, "rows") : Finding.failed(name, expected, "no rows"));
                } catch (SQLException e) {
                    findings.add(Finding.failed(name, expected, e.getMessage()));
                }
            }
        } catch (SQLException e) {
            findings.add(Finding.failed(DATABASE, connect + " at " + db.host() + ":" + db.port(), e.getMessage()));
        } catch (TargetException e) {
            findings.add(Finding.failed(DATABASE, connect, e.getMessage()));
        }
        return findings;
    }
}
