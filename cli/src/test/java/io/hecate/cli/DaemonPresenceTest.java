package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hecate.cli.ui.RunViewer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What status makes of the state dir's daemon.address: a daemon is only believed when it answers as the pid named. */
class DaemonPresenceTest {

    @TempDir
    Path stateDir;

    @Test
    void noFileIsNoDaemonAndSaysWhereItLooked() {
        DaemonPresence daemon = DaemonPresence.of(stateDir);

        assertThat(daemon.running()).isFalse();
        assertThat(daemon.describe()).isEqualTo("not running: no " + stateDir.resolve("daemon.address")
                + " (nothing on this host triggers an emergency shutdown)");
        assertThat(daemon.ask("api/status.txt")).isEmpty();
    }

    @Test
    void aFileThatIsNotPidAndAddressIsNamedWithItsText() throws Exception {
        Files.writeString(stateDir.resolve("daemon.address"), "garbage\n");

        DaemonPresence daemon = DaemonPresence.of(stateDir);

        assertThat(daemon.running()).isFalse();
        assertThat(daemon.problem()).endsWith("daemon.address holds 'garbage', not '<pid> <address>'");
    }

    @Test
    void aPidThatIsGoneIsNoDaemon() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(stateDir.resolve("daemon.address"), exited.pid() + " http://127.0.0.1:1/\n");

        DaemonPresence daemon = DaemonPresence.of(stateDir);

        assertThat(daemon.running()).isFalse();
        assertThat(daemon.problem()).startsWith("pid " + exited.pid() + " in ").endsWith(" is gone");
    }

    @Test
    void aLivePidWhereNothingListensIsReportedAsNotAnswering() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DaemonPresence.announce(stateDir, "http://127.0.0.1:" + port + "/");

        DaemonPresence daemon = DaemonPresence.of(stateDir);

        assertThat(daemon.running()).isTrue();
        assertThat(daemon.ask("api/status.txt")).isEmpty();
        assertThat(daemon.unanswered().describe()).isEqualTo("pid " + ProcessHandle.current().pid() + " did not answer at http://127.0.0.1:"
                + port + "/ within 4 s; status read the UPS and the history itself");
    }

    @Test
    void anAnswerIsTakenOnlyFromThePidTheFileNames() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String[] pid = {Long.toString(ProcessHandle.current().pid())};
        server.createContext("/api/status.txt", exchange -> {
            byte[] body = "cluster   lab (coordinator)\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set(RunViewer.PID_HEADER, pid[0]);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            DaemonPresence.announce(stateDir, "http://127.0.0.1:" + server.getAddress().getPort() + "/");

            assertThat(DaemonPresence.of(stateDir).ask("api/status.txt")).contains("cluster   lab (coordinator)\n");
            pid[0] = "1";
            assertThat(DaemonPresence.of(stateDir).ask("api/status.txt")).as("another process answering on that port").isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void runsAndRunsShowPrintWhatTheDaemonAnswers() throws Exception {
        Map<String, String> answers = Map.of("/api/runs.txt", "RUN  WORKFLOW\n20261202-101010-abcd  hecate-shutdown\n",
                "/api/runs.json", "[ {\n  \"run_id\" : \"20261202-101010-abcd\"\n} ]",
                "/api/runs/20261202-101010-abcd.txt", "run 20261202-101010-abcd  hecate-shutdown  dry run\n",
                "/api/runs/20261202-101010-abcd.json", "{\n  \"run\" : { }\n}");
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String path : answers.keySet()) {
            server.createContext(path, exchange -> {
                asked.add(path + "?" + exchange.getRequestURI().getRawQuery());
                byte[] body = answers.get(path).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set(RunViewer.PID_HEADER, Long.toString(ProcessHandle.current().pid()));
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
        server.start();
        try {
            Path config = stateDir.resolve("hecate.yaml");
            Files.writeString(config, Files.readString(Path.of("..", "configs", "hecate.example.yaml"))
                    .replaceFirst("(?m)^state_dir: .*$", "state_dir: " + stateDir));
            DaemonPresence.announce(stateDir, "http://127.0.0.1:" + server.getAddress().getPort() + "/");

            CliRun runs = CliRun.of("runs", "--limit", "5", "--config", config.toString());
            CliRun json = CliRun.of("runs", "--json", "--config", config.toString());
            CliRun tooMany = CliRun.of("runs", "--json", "--limit", "100000", "--config", config.toString());
            CliRun show = CliRun.of("runs", "show", "20261202-101010-abcd", "--config", config.toString());
            CliRun showJson = CliRun.of("runs", "show", "--json", "20261202-101010-abcd", "--config", config.toString());

            assertThat(runs.exitCode()).isZero();
            assertThat(runs.out()).isEqualTo(answers.get("/api/runs.txt"));
            assertThat(json.out()).isEqualTo(answers.get("/api/runs.json") + "\n");
            assertThat(tooMany.out()).as("more than the viewer lists: read here, no history in this state dir").isEqualTo("[ ]\n");
            assertThat(show.out()).isEqualTo(answers.get("/api/runs/20261202-101010-abcd.txt"));
            assertThat(showJson.out()).isEqualTo(answers.get("/api/runs/20261202-101010-abcd.json") + "\n");
            assertThat(asked).as("what the daemon was asked").containsExactly("/api/runs.txt?limit=5", "/api/runs.json?limit=20",
                    "/api/runs/20261202-101010-abcd.txt?null", "/api/runs/20261202-101010-abcd.json?null");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withdrawingLeavesAnotherDaemonsAnnouncement() throws Exception {
        Files.writeString(stateDir.resolve("daemon.address"), "1 http://127.0.0.1:9561/\n");

        DaemonPresence.withdraw(stateDir);

        assertThat(stateDir.resolve("daemon.address")).exists();
        DaemonPresence.announce(stateDir, "http://127.0.0.1:9561/");
        DaemonPresence.withdraw(stateDir);
        assertThat(stateDir.resolve("daemon.address")).doesNotExist();
    }
}
