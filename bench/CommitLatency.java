import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;

/**
 * What a commit costs through H2's plain file system and through {@code async:} (EngineDatabase's, which a thread's
 * interrupt cannot close): one-row commits on a file opened as Hecate opens its own, a millisecond apart as a run's
 * are, each file system in turn twice, in the directory given. Run by bench/h2-commit.sh.
 */
public final class CommitLatency {

    private static final int COMMITS = 2000;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (String fileSystem : new String[] {"", "async:", "", "async:"}) {
            String url = "jdbc:h2:file:" + fileSystem + dir.resolve("db" + fileSystem.replace(":", ""))
                    + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;QUERY_CACHE_SIZE=256;CACHE_SIZE=4096";
            try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                connection.createStatement().execute("CREATE TABLE IF NOT EXISTS T (ID INT AUTO_INCREMENT PRIMARY KEY, V VARCHAR(200))");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO T (V) VALUES (?)");
                long[] micros = new long[COMMITS];
                for (int i = -COMMITS; i < COMMITS; i++) { // the first half warms up
                    long start = System.nanoTime();
                    insert.setString(1, "row " + i);
                    insert.executeUpdate();
                    if (i >= 0) {
                        micros[i] = (System.nanoTime() - start) / 1000;
                        Thread.sleep(1);
                    }
                }
                Arrays.sort(micros);
                System.out.printf("%-8s commit median %4d us, p90 %4d us, p99 %5d us%n", fileSystem.isEmpty() ? "file" : "async",
                        micros[COMMITS / 2], micros[COMMITS * 9 / 10], micros[COMMITS * 99 / 100]);
            }
        }
    }
}
