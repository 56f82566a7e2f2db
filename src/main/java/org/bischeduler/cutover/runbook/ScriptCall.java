package org.bischeduler.cutover.runbook;

import java.util.List;
import java.util.function.Function;

/**
 * A runbook script and its arguments, stated once: the plan a manager approves shows exactly the
 * list the run passes, with each value that an earlier step of the run records (how the old app
 * ran, where the staged file is) shown as {@code <what it is>}.
 */
public record ScriptCall(String script, List<Argument> arguments) {

    /** An argument of a script: known from the configuration when the plan is made, or recorded by the run. */
    public sealed interface Argument permits Configured, Recorded {
    }

    public record Configured(String value) implements Argument {
    }

    /**
     * A value an earlier step keeps in the run store.
     *
     * @param name   its name in the run store
     * @param shownAs what the plan shows in its place
     */
    public record Recorded(String name, String shownAs) implements Argument {
    }

    /** A call whose arguments are strings (configured) or {@link Recorded} values. */
    public static ScriptCall of(String script, Object... arguments) {
        return new ScriptCall(script, java.util.Arrays.stream(arguments)
                .map(argument -> argument instanceof Argument known ? known : new Configured(String.valueOf(argument)))
                .toList());
    }

    /** A call whose arguments all come from the configuration. */
    public static ScriptCall configured(String script, List<String> arguments) {
        return new ScriptCall(script, arguments.stream().map(argument -> (Argument) new Configured(argument)).toList());
    }

    public static Recorded recorded(String name, String shownAs) {
        return new Recorded(name, shownAs);
    }

    /** This call with more configured arguments after its own. */
    public ScriptCall with(List<String> more) {
        List<Argument> all = new java.util.ArrayList<>(arguments);
        more.forEach(argument -> all.add(new Configured(argument)));
        return new ScriptCall(script, List.copyOf(all));
    }

    /** The command as the plan shows it. */
    public String planned() {
        return RemoteScript.load(script).describe(arguments.stream().map(argument -> argument instanceof Recorded recorded
                ? "<" + recorded.shownAs() + ">" : ((Configured) argument).value()).toList());
    }

    /** The arguments the run passes, recorded values read through the given look-up. */
    public List<String> resolve(Function<String, String> recordedValue) {
        return arguments.stream().map(argument -> argument instanceof Recorded recorded
                ? recordedValue.apply(recorded.name()) : ((Configured) argument).value()).toList();
    }
}
