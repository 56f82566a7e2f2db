package org.bischeduler.cutover.runbook;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link RunbookStep}: its bean, named after its box in the model ({@code Task_StopOldService}
 * runs {@code stopOldService}), and its label for plans and the audit.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface Step {

    @AliasFor(annotation = Component.class, attribute = "value")
    String bean();

    String name();

    /** Whether the step needs a manager's approval first; the read-only steps that make the plan do not. */
    boolean needsApproval() default true;

    /** Whether a failure goes to the operator's retry-or-roll-back decision; otherwise it raises an incident. */
    boolean failsToOperator() default true;
}
