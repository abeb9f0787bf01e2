package io.hecate.engine.runtime;

import io.hecate.engine.history.RunRecord;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second JVM for {@link HecateEngineIT}: {@code start STATE_DIR RUN_ID} boots the engine, starts the timer
 * workflow without the job executor and exits (as the CLI does); {@code finish STATE_DIR RUN_ID} boots with the job
 * executor and exits 0 once the run succeeded (as the daemon does). Both print {@code boot-millis=N}. {@code serve
 * STATE_DIR -} boots, prints {@code serving} and keeps the engine (serving its files to the other processes) until its
 * standard input closes or it is killed.
 */
public final class EngineJvm {

    private EngineJvm() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path stateDir = Path.of(args[1]);
        String runId = args[2];
        long before = System.nanoTime();
        try (HecateEngine engine = HecateEngine.start(new TestEngines().settings(stateDir, null))) {
            System.out.println("boot-millis=" + (System.nanoTime() - before) / 1_000_000);
            if ("serve".equals(mode)) {
                System.out.println("serving");
                System.out.flush();
                System.in.readAllBytes();
                return;
            }
            if ("start".equals(mode)) {
                engine.start(TestEngines.RUN, TestEngines.variables(runId));
                engine.close();
                System.exit(0);
            }
            engine.startJobExecutor();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                RunRecord run = engine.history().run(runId).orElse(null);
                if (run != null && !run.running()) {
                    System.out.println("outcome=" + run.outcome());
                    engine.close();
                    System.exit(RunRecord.SUCCEEDED.equals(run.outcome()) ? 0 : 1);
                }
                Thread.sleep(100);
            }
            System.out.println("outcome=timeout");
            engine.close();
            System.exit(2);
        }
    }
}
