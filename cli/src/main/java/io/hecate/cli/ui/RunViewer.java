package io.hecate.cli.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hecate.connectors.DaemonThreads;
import io.hecate.engine.history.HistoryException;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.LetFinish;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only run viewer: a page that lists runs and draws one run on the BPMN diagram it executed
 * (bpmn-js, served from the jar), and the JSON it reads. It only reads the history: no route starts,
 * resumes or aborts anything, and every route answers GET only.
 */
public final class RunViewer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunViewer.class);
    private static final String RESOURCES = "/ui/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png", "txt", "text/plain; charset=utf-8");
    /** bpmn-js styles its SVG with inline style attributes; everything else comes from this server. */
    private static final String CONTENT_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String TEXT_TYPE = "text/plain; charset=utf-8";
    /** On answers for the CLI: {@code status} and {@code runs} check they asked the daemon of the state dir's address file. */
    public static final String PID_HEADER = "X-Hecate-Pid";
    /** The most runs one request lists. */
    public static final int MAX_RUNS = Query.MAX_LIMIT;
    /** A request reads the history for milliseconds; a client slow to take its answer is not waited for long. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final HttpServer server;
    private final ExecutorService threads;
    private final ViewerData data;
    private final StatusPanel status;
    private final RunsPrintout printout;

    private RunViewer(HttpServer server, ViewerData data, StatusPanel status, RunsPrintout printout) {
        this.server = server;
        this.data = data;
        this.status = status;
        this.printout = printout;
        this.threads = Executors.newFixedThreadPool(2, DaemonThreads.named("run-viewer"));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * @param listen {@code host:port}, {@code :port} for every interface; port 0 picks a free one
     * @param status what {@code status} prints, computed when the page or {@code hecate status} asks
     * @param printout what {@code runs} and {@code runs show} print, for them to ask
     */
    public static RunViewer serve(String listen, Path engineDir, StatusPanel status, RunsPrintout printout) {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon).replaceAll("^\\[|]$", "");
        int port = Integer.parseInt(listen.substring(colon + 1));
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        try {
            RunViewer viewer = new RunViewer(HttpServer.create(address, 16), new ViewerData(engineDir), status, printout);
            viewer.server.start();
            return viewer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the run viewer on " + listen + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where to point a browser, e.g. {@code http://127.0.0.1:9561/}. */
    public String address() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, TEXT_TYPE, "the run viewer only reads\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            route(exchange, exchange.getRequestURI().getRawPath());
        } catch (HistoryException e) {
            log.warn("run viewer: {}", e.getMessage());
            json(exchange, 500, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            log.error("run viewer: {} failed", exchange.getRequestURI(), e);
            json(exchange, 500, Map.of("error", "internal error, see the log"));
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        String[] parts = path.substring(1).split("/", -1);
        if (path.equals("/") || parts.length == 2 && parts[0].equals("runs") && !parts[1].isEmpty()) {
            resource(exchange, "index.html");
        } else if (parts[0].equals("static") && parts.length > 1) {
            resource(exchange, path.substring("/static/".length()));
        } else if (path.equals("/api/status")) {
            forCli(exchange, JSON_TYPE, status.json());
        } else if (path.equals("/api/status.txt")) {
            forCli(exchange, TEXT_TYPE, status.text());
        } else if (path.equals("/api/runs") || path.equals("/api/runs.txt") || path.equals("/api/runs.json")) {
            runs(exchange, path, data.runs(Query.parse(exchange.getRequestURI().getRawQuery())));
        } else if (parts.length >= 3 && parts[0].equals("api") && parts[1].equals("runs")) {
            run(exchange, path, parts);
        } else {
            notFound(exchange, path);
        }
    }

    /** The list of runs: the viewer's JSON, or what {@code hecate runs} prints (its table or its JSON). */
    private void runs(HttpExchange exchange, String path, List<RunRecord> runs) throws IOException {
        switch (path) {
            case "/api/runs.txt" -> forCli(exchange, TEXT_TYPE, printout.table(runs));
            case "/api/runs.json" -> forCli(exchange, JSON_TYPE, printout.json(runs));
            default -> json(exchange, 200, RunJson.runs(runs));
        }
    }

    /**
     * One run: the viewer's JSON of it ({@code /api/runs/<run>}) or of its diagram ({@code .../diagram}), or what
     * {@code hecate runs show} prints ({@code /api/runs/<run>.txt}, {@code <run>.json}; run ids hold no dot).
     */
    private void run(HttpExchange exchange, String path, String[] parts) throws IOException {
        String name = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
        if (parts.length == 3 && (name.endsWith(".txt") || name.endsWith(".json"))) {
            boolean text = name.endsWith(".txt");
            String runId = name.substring(0, name.lastIndexOf('.'));
            ViewerData.RunShape<String> printed = text ? printout::timeline : printout::json;
            Optional<String> body = data.run(runId, printed);
            if (body.isPresent()) {
                forCli(exchange, text ? TEXT_TYPE : JSON_TYPE, body.get());
            } else {
                noRun(exchange, runId);
            }
            return;
        }
        boolean diagram = parts.length == 4 && parts[3].equals("diagram");
        if (parts.length > 4 || parts.length == 4 && !diagram) {
            notFound(exchange, path);
            return;
        }
        Optional<Map<String, Object>> body = diagram ? data.diagram(name) : data.run(name, RunJson::detail);
        if (body.isPresent()) {
            json(exchange, 200, body.get());
        } else {
            noRun(exchange, name);
        }
    }

    private void resource(HttpExchange exchange, String name) throws IOException {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        if (name.contains("..") || !TYPES.containsKey(extension)) {
            notFound(exchange, name);
            return;
        }
        try (InputStream in = RunViewer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                notFound(exchange, name);
                return;
            }
            send(exchange, 200, TYPES.get(extension), in.readAllBytes());
        }
    }

    /** An answer for the CLI, which takes it only from the daemon its state dir names: the pid says who answered. */
    private static void forCli(HttpExchange exchange, String type, String body) throws IOException {
        exchange.getResponseHeaders().set(PID_HEADER, Long.toString(ProcessHandle.current().pid()));
        send(exchange, 200, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void noRun(HttpExchange exchange, String runId) throws IOException {
        json(exchange, 404, Map.of("error", "no run " + runId + " in the history"));
    }

    private static void notFound(HttpExchange exchange, String what) throws IOException {
        json(exchange, 404, Map.of("error", "nothing at " + what));
    }

    private static void json(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        send(exchange, code, JSON_TYPE, bytes);
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_POLICY);
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        LetFinish.stop(threads, CLOSE_WAIT, "run viewer: a request");
        data.close();
    }
}
