package org.bischeduler.cutover.runbook.checks;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.config.TestTargets;
import org.bischeduler.cutover.runbook.Runbook;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan a manager approves, rendered without an engine or a host from the runbook declaration and its steps. */
class RenderPlanTest {

    private final TargetConfig target = TestTargets.defaults();

    @Test
    void thePlanListsEveryDeclaredStepInOrderEachUndoBesideItsStep() throws Exception {
        String plan = new RenderPlan(provider(steps())).render(target, "20261201-220000");

        List<String> numbered = plan.lines().filter(line -> line.matches("\\d+\\. .*")).toList();
        assertThat(numbered).hasSize(Runbook.steps().size());
        assertThat(numbered.get(0)).isEqualTo("1. Check migration workspace");
        assertThat(numbered.get(numbered.size() - 1)).isEqualTo(Runbook.steps().size() + ". Make redirect permanent");
        String stop = plan.substring(plan.indexOf(". Stop old service\n"), plan.indexOf(". Start new service\n"));
        assertThat(stop).contains("< stop-old-service.sh").contains("undo (Start old service):")
                .as("how the old app ran comes from the state the stop wrote").contains("-old-service.state ")
                .contains("< start-old-service.sh");
        assertThat(plan).as("a value the run records is marked as such").contains("'<the staged site file, as Stage and test nginx config recorded>'");
        assertThat(plan).doesNotContain("null");
    }

    @Test
    void aLongPlanIsCutBetweenLinesIntoThreeFormFieldsAndSaysTheRestIsInTheRecord() {
        String plan = "x".repeat(100).concat("\n").repeat(200);

        List<String> parts = RenderPlan.parts(plan);

        assertThat(parts).hasSize(3).allSatisfy(part -> assertThat(part.length()).isLessThan(4000));
        assertThat(parts.get(0)).endsWith("\n");
        assertThat(parts.get(2)).endsWith("… (the whole plan is in the run's record)");
        assertThat(RenderPlan.parts("short plan\n")).containsExactly("short plan\n");
    }

    /** Every declared step and undo, built as Spring would but with nothing behind them: rendering needs none. */
    private static Map<String, RunbookStep> steps() throws Exception {
        Map<String, RunbookStep> steps = new HashMap<>();
        for (Runbook.Phase phase : Runbook.PHASES) {
            // each phase's steps live in the package named after it: SubProcess_Preparation, runbook.preparation
            String packageName = RunbookStep.class.getPackageName() + "."
                    + phase.subProcessId().substring("SubProcess_".length()).toLowerCase(java.util.Locale.ROOT);
            List<String> activities = new ArrayList<>();
            phase.steps().forEach(step -> {
                activities.add(step.activityId());
                step.undoActivityId().ifPresent(activities::add);
            });
            for (String activity : activities) {
                Class<?> type = Class.forName(packageName + "." + activity.substring("Task_".length()));
                Constructor<?> constructor = type.getDeclaredConstructors()[0];
                constructor.setAccessible(true);
                steps.put(Runbook.beanOf(activity), (RunbookStep) constructor.newInstance(new Object[constructor.getParameterCount()]));
            }
        }
        return steps;
    }

    private static ObjectProvider<Map<String, RunbookStep>> provider(Map<String, RunbookStep> steps) {
        return new ObjectProvider<>() {
            @Override
            public Map<String, RunbookStep> getObject(Object... args) {
                return steps;
            }

            @Override
            public Map<String, RunbookStep> getIfAvailable() {
                return steps;
            }

            @Override
            public Map<String, RunbookStep> getIfUnique() {
                return steps;
            }

            @Override
            public Map<String, RunbookStep> getObject() {
                return steps;
            }
        };
    }
}
