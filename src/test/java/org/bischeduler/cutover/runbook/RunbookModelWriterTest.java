package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.testing.Programs;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model writer behind {@code scripts/write-model.sh}: a step added to the declaration goes into
 * the model with its wiring, its undo and its layout, and the result passes the model check and
 * Camunda Modeler's linter; the committed model lacks no declared step.
 */
class RunbookModelWriterTest {

    static final Path MODEL = Path.of("processes/decommission-port-reuse.bpmn");

    @TempDir
    Path dir;

    @Test
    void theCommittedModelHasEveryDeclaredStep() {
        BpmnModelInstance model = Bpmn.readModelFromFile(MODEL.toFile());

        assertThat(new RunbookModelWriter(model).insertMissing(Runbook.PHASES)).isEmpty();
    }

    @Test
    void aStepAddedToTheDeclarationIsWrittenIntoTheModelWithItsUndoAndPassesTheCheckAndTheLinter() throws Exception {
        List<Runbook.Phase> phases = new ArrayList<>();
        for (Runbook.Phase phase : Runbook.PHASES) {
            List<Runbook.Step> steps = new ArrayList<>(phase.steps());
            if (phase.subProcessId().equals("SubProcess_Decommission")) {
                steps.add(2, new Runbook.Step("Task_FlushCache", Optional.of("Task_RestoreCache")));
            }
            if (phase.subProcessId().equals("SubProcess_Infrastructure")) {
                // a phase with one step gets its "Step failed" and "Which step?" gateways
                steps.add(new Runbook.Step("Task_CheckRedirect", Optional.empty()));
            }
            if (phase.subProcessId().equals("SubProcess_Preparation")) {
                // the phase's second undo: its "undo steps, newest first" subprocess is drawn too
                steps.add(new Runbook.Step("Task_CheckCertificates", Optional.of("Task_RestoreCertificates")));
            }
            phases.add(new Runbook.Phase(phase.subProcessId(), steps));
        }
        BpmnModelInstance model = Bpmn.readModelFromFile(MODEL.toFile());

        List<String> inserted = new RunbookModelWriter(model).insertMissing(phases);

        assertThat(inserted).containsExactly("Task_CheckCertificates", "Task_CheckRedirect", "Task_FlushCache");
        assertThat(RunbookModelCheck.differences(model, phases)).isEmpty();
        Path written = dir.resolve("model.bpmn");
        Bpmn.writeModelToFile(written.toFile(), model);
        assertThat(RunbookModelCheck.differences(Bpmn.readModelFromFile(written.toFile()), phases)).isEmpty();
        assertThat(Files.readString(written)).contains("name=\"Flush cache\"").contains("${restoreCache}")
                .contains("activityRef=\"Task_FlushCache\"").contains("activityRef=\"Task_CheckCertificates\"")
                .contains("activityRef=\"Task_InstallServiceUnit\"");
        assertLintClean(written);
        assertDeploys(written);
    }

    /** The engine parses and deploys what the writer wrote (an engine of its own, in memory). */
    private static void assertDeploys(Path model) throws Exception {
        ProcessEngine engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setJdbcUrl("jdbc:h2:mem:model-writer-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                .setJobExecutorActivate(false).setProcessEngineName("model-writer-" + System.nanoTime())
                .buildProcessEngine();
        try (var in = Files.newInputStream(model)) {
            engine.getRepositoryService().createDeployment().addInputStream("written.bpmn", in).deploy();
            assertThat(engine.getRepositoryService().createProcessDefinitionQuery().count()).isEqualTo(1);
        } finally {
            engine.close();
        }
    }

    static void assertLintClean(Path model) throws Exception {
        Path lint = Path.of("lint").toAbsolutePath();
        Path bpmnlint = lint.resolve("node_modules/.bin/bpmnlint");
        if (!Files.isExecutable(bpmnlint)) {
            throw new IllegalStateException("bpmnlint is not installed in " + lint + " (" + Programs.INSTALL_HINT + ")");
        }
        Process process = new ProcessBuilder(bpmnlint.toString(), model.toAbsolutePath().toString())
                .directory(lint.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("bpmnlint:%n%s", output).isZero();
        assertThat(output).as("bpmnlint warnings").doesNotContain("warning");
    }
}
