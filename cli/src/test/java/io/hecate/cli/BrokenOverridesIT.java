package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Edits an operator can make in Camunda Modeler to the exported shutdown that the engine cannot run unattended:
 * each is refused by {@code workflows validate} and by {@code shutdown --execute} alike, with exit 2, the file and
 * the element named, no stack trace, and nothing touched (no intent, no history, no engine database).
 */
class BrokenOverridesIT {

    private static final Path EXAMPLE = Path.of("../configs/hecate.example.yaml");

    @TempDir
    Path dir;

    Path config;
    Path overrides;
    String shutdown;

    @BeforeEach
    void exportedShutdownAndAConfigUsingTheOverrideDir() throws IOException {
        overrides = Files.createDirectories(dir.resolve("bpmn"));
        config = dir.resolve("hecate.yaml");
        Files.writeString(config, Files.readString(EXAMPLE).replace("state_dir: /var/lib/hecate", "state_dir: " + dir.resolve("state"))
                .replace("dir: \"\"", "dir: " + overrides));
        assertThat(CliRun.of("workflows", "export", dir.resolve("export").toString()).exitCode()).isZero();
        shutdown = Files.readString(dir.resolve("export/hecate-shutdown.bpmn"));
    }

    static Stream<Arguments> brokenEdits() {
        return Stream.of(
                edit("a user task", "hecate-shutdown.bpmn", x -> retype(x, "SnapshotEtcd", "userTask"), "userTask SnapshotEtcd \"Snapshot etcd\" is a user task"),
                edit("a receive task", "hecate-shutdown.bpmn", x -> retype(x, "SuspendFlux", "receiveTask"), "receiveTask SuspendFlux \"Suspend Flux\" is a receive task"),
                edit("a groovy script task", "hecate-shutdown.bpmn", x -> retype(x, "DrainWorkers", "scriptTask")
                        .replace("<bpmn:scriptTask id=\"DrainWorkers\"", "<bpmn:scriptTask id=\"DrainWorkers\" scriptFormat=\"groovy\""),
                        "scriptTask DrainWorkers \"Cordon and drain workers\" is a script task"),
                edit("a plain task, no template applied", "hecate-shutdown.bpmn", x -> retype(x, "SnapshotEtcd", "task"),
                        "task SnapshotEtcd \"Snapshot etcd\" is a plain task without a Hecate element template"),
                edit("a process id that is not Hecate's", "my-shutdown.bpmn",
                        x -> x.replace("<bpmn:process id=\"hecate-shutdown\"", "<bpmn:process id=\"my-shutdown\""),
                        "process my-shutdown is not one of Hecate's workflows"),
                edit("an unknown delegate", "hecate-shutdown.bpmn", x -> x.replace("${stopAgents}", "${stopAgentz}"),
                        "serviceTask StopAgents \"Stop k3s-agent on workers\" names an unknown delegate ${stopAgentz}"),
                edit("malformed XML", "hecate-shutdown.bpmn", x -> x.substring(0, x.length() / 2), "not a valid BPMN file"),
                edit("a dangling flow", "hecate-shutdown.bpmn", x -> x.replaceAll("<bpmn:sequenceFlow id=\"Flow_17\"[^>]*/>", ""),
                        "serviceTask PowerOffSelf \"Power off this host last\" leads nowhere"),
                edit("no historyTimeToLive", "hecate-shutdown.bpmn", x -> x.replace(" camunda:historyTimeToLive=\"P180D\"", ""),
                        "process hecate-shutdown has no camunda:historyTimeToLive"),
                edit("an unreachable element", "hecate-shutdown.bpmn", x -> x.replace("<bpmn:endEvent id=\"ShutdownDone\"",
                        "<bpmn:serviceTask id=\"Forgotten\" name=\"Forgotten\" camunda:delegateExpression=\"${suspendFlux}\" />"
                                + "<bpmn:sequenceFlow id=\"Flow_X\" sourceRef=\"Forgotten\" targetRef=\"ShutdownDone\" />"
                                + "<bpmn:endEvent id=\"ShutdownDone\""),
                        "serviceTask Forgotten \"Forgotten\" is unreachable"),
                edit("the failed-end rule broken", "hecate-shutdown.bpmn",
                        x -> x.replace("<camunda:property name=\"outcome\" value=\"succeeded\" />", "<camunda:property name=\"outcome\" value=\"error\" />"),
                        "endEvent ShutdownDone \"Cluster down\" declares outcome \"error\""),
                edit("a file named after a built-in defining another process", "hecate-shutdown.bpmn",
                        x -> x.replace("<bpmn:process id=\"hecate-shutdown\"", "<bpmn:process id=\"hecate-startup\""),
                        "process hecate-startup in a file named after hecate-shutdown"),
                edit("a message catch nothing sends", "hecate-shutdown.bpmn", x -> retype(x, "WaitStopAgentsRetry", "intermediateCatchEvent")
                        .replaceAll("(?s)<bpmn:timerEventDefinition id=\"WaitStopAgentsRetry_def\">.*?</bpmn:timerEventDefinition>",
                                "<bpmn:messageEventDefinition id=\"M\" />"),
                        "intermediateCatchEvent WaitStopAgentsRetry \"Wait retry_interval\" waits for a message"),
                edit("a decision without default", "hecate-shutdown.bpmn", x -> x.replace(" default=\"Flow_9\"", "")
                        .replace("<bpmn:sequenceFlow id=\"Flow_9\" name=\"no\" sourceRef=\"RetryStopAgentsGateway\" targetRef=\"StopServers\" />",
                                "<bpmn:sequenceFlow id=\"Flow_9\" name=\"no\" sourceRef=\"RetryStopAgentsGateway\" targetRef=\"StopServers\">"
                                        + "<bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\">${!retryPending}</bpmn:conditionExpression>"
                                        + "</bpmn:sequenceFlow>"),
                        "exclusiveGateway RetryStopAgentsGateway \"Workers left to retry?\" has a condition on every outgoing flow"),
                edit("an unparseable timer", "hecate-shutdown.bpmn", x -> x.replaceFirst("\\$\\{retryInterval}", "every 5 seconds"),
                        "intermediateCatchEvent WaitStopAgentsRetry \"Wait retry_interval\" has a timer expression that does not parse"),
                edit("a timer on a misspelt variable", "hecate-shutdown.bpmn", x -> x.replaceFirst("\\$\\{retryInterval}", "\\${retryIntervall}"),
                        "intermediateCatchEvent WaitStopAgentsRetry \"Wait retry_interval\" uses ${retryIntervall} in its timeDuration, but no run"
                                + " has a variable retryIntervall"),
                edit("a condition on a variable no run has", "hecate-shutdown.bpmn", x -> x.replaceFirst("\\$\\{retryPending}",
                        "\\${!pendingNodes.isEmpty()}"),
                        "sequenceFlow Flow_7 \"yes\" uses ${!pendingNodes.isEmpty()} in its conditionExpression, but no run has a variable"
                                + " pendingNodes"),
                edit("a job priority", "hecate-shutdown.bpmn", x -> x.replace("camunda:delegateExpression=\"${stopServers}\"",
                        "camunda:delegateExpression=\"${stopServers}\" camunda:jobPriority=\"100\""),
                        "serviceTask StopServers \"Stop k3s on control planes\" sets camunda:jobPriority"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEdits")
    void isRefusedByValidateAndByAnExecutedShutdownTouchingNothing(String what, String file, UnaryOperator<String> edit, String expected)
            throws IOException {
        Path edited = overrides.resolve(file);
        String broken = edit.apply(shutdown);
        assertThat(broken).as(what + ": the edit changed the file").isNotEqualTo(shutdown);
        Files.writeString(edited, broken);

        CliRun validate = CliRun.of("workflows", "validate", overrides.toString());
        CliRun execute = CliRun.of("shutdown", "--execute", "--config", config.toString());

        for (CliRun run : new CliRun[] {validate, execute}) {
            assertThat(run.exitCode()).as(what + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(what).startsWith("hecate: error: " + edited).contains(expected).contains("fix: ")
                    .doesNotContain("\tat ", "Exception");
            assertThat(run.out()).as(what).doesNotContain("EXECUTING");
        }
        assertThat(dir.resolve("state")).as(what + ": nothing touched").doesNotExist();
    }

    private static Arguments edit(String what, String file, UnaryOperator<String> edit, String expected) {
        return Arguments.of(what, file, edit, expected);
    }

    /** The element with this id turned into another type, its content kept: what Modeler's "change type" does. */
    private static String retype(String xml, String id, String type) {
        return xml.replaceFirst("(?s)<bpmn:(\\w+) id=\"" + id + "\"(.*?)</bpmn:\\1>", "<bpmn:" + type + " id=\"" + id + "\"$2</bpmn:" + type + ">");
    }
}
