import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The least a JVM program does to list the newest runs (bench/read-floor.sh): open the history's H2 file as a read
 * alone opens it (EngineDatabase), read 20 runs, print a line each. Without args: prints one line, the JVM alone.
 */
public final class ReadFloor {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println("hello");
            return;
        }
        String url = "jdbc:h2:file:async:" + args[0] + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=256;CACHE_SIZE=4096;ACCESS_MODE_DATA=r";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement();
                ResultSet runs = statement.executeQuery("SELECT RUN_ID, WORKFLOW, OUTCOME, STARTED FROM HECATE_RUN"
                        + " ORDER BY STARTED DESC LIMIT 20")) {
            while (runs.next()) {
                System.out.printf("%-20s  %-27s  %s  %s%n", runs.getString(1), runs.getString(2), runs.getString(3),
                        runs.getTimestamp(4));
            }
        }
    }
}
