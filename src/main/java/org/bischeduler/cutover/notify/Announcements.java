package org.bischeduler.cutover.notify;

import org.bischeduler.cutover.access.InputRefusedException;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the users of the app are told, sent by the product when the operator chooses to: the
 * maintenance window from "Notify users", the outcome from the closing tasks. When such a task is
 * created its form gets a subject and a text drawn from the plan (the window, the old and the new
 * address); the operator edits them, then sends them to the configured users' list or records an
 * announcement made elsewhere. The addresses come from configuration only, never from a form.
 */
@Component
class Announcements {

    static final String SEND = "send";
    static final String RECIPIENTS = "announcementRecipients";
    private static final int SUBJECT_LIMIT = 200;

    /** One task that tells users something, and the form fields it uses. */
    private record Kind(String event, String delivery, String subject, String text) {
    }

    private static final Map<String, Kind> TASKS = Map.of(
            "Task_NotifyUsers", new Kind("announcement", ProcessVariables.ANNOUNCEMENT_DELIVERY, ProcessVariables.ANNOUNCEMENT_SUBJECT,
                    ProcessVariables.NOTIFICATION_MESSAGE),
            "Task_CloseChange", new Kind("outcome-announcement", ProcessVariables.OUTCOME_DELIVERY, ProcessVariables.OUTCOME_SUBJECT,
                    ProcessVariables.OUTCOME_MESSAGE),
            "Task_ConfirmRollback", new Kind("outcome-announcement", ProcessVariables.OUTCOME_DELIVERY, ProcessVariables.OUTCOME_SUBJECT,
                    ProcessVariables.OUTCOME_MESSAGE));

    private final Notifier notifier;
    private final RunStore runs;
    private final CutoverProperties properties;

    Announcements(Notifier notifier, RunStore runs, CutoverProperties properties) {
        this.notifier = notifier;
        this.runs = runs;
        this.properties = properties;
    }

    static boolean tellsUsers(String taskKey) {
        return TASKS.containsKey(taskKey);
    }

    /** Fills the form's subject and text from the plan, and says who a sent announcement goes to. */
    void prefill(DelegateTask task) {
        Kind kind = TASKS.get(task.getTaskDefinitionKey());
        Optional<RunIdentity> run = runs.identity(task.getProcessInstanceId());
        if (kind == null || run.isEmpty() || !properties.targets().containsKey(run.get().target())) {
            return;
        }
        TargetConfig.Nginx nginx = properties.target(run.get().target()).nginx();
        String oldAddress = nginx.userAddress(nginx.oldPrefix());
        String newAddress = nginx.userAddress(nginx.newPrefix());
        String change = run.get().changeReference();
        String subject;
        String text;
        switch (task.getTaskDefinitionKey()) {
            case "Task_NotifyUsers" -> {
                subject = "Maintenance on " + run.get().windowStart() + ": the application moves to " + newAddress;
                text = "On " + run.get().windowStart() + " the application at " + oldAddress + " is replaced by its new version at "
                        + newAddress + ". It may not answer for a few minutes during the change. Afterwards " + oldAddress
                        + " leads to the new address; please update your bookmarks.\n\nChange " + change + ".";
            }
            case "Task_CloseChange" -> {
                subject = "Maintenance finished: the application is at " + newAddress;
                text = "The change " + change + " is done: the application answers at " + newAddress + ". " + oldAddress
                        + " leads there; please update your bookmarks.";
            }
            default -> {
                subject = "Maintenance called off: the application is back at " + oldAddress;
                text = "The change " + change + " was called off and undone: the application answers at " + oldAddress
                        + " as before. A new date will be announced.";
            }
        }
        List<String> users = notifier.settings().users();
        task.setVariable(kind.subject(), subject);
        task.setVariable(kind.text(), text);
        task.setVariable(RECIPIENTS, users.isEmpty() ? "nobody yet: no users' list is configured (cutover.notifications.users)"
                : String.join(", ", users));
    }

    /** Sends what the operator chose to send; refuses the completion when it cannot be sent at all. */
    void sendIfChosen(DelegateTask task) {
        Kind kind = TASKS.get(task.getTaskDefinitionKey());
        if (kind == null) {
            return;
        }
        Object delivery = task.getVariable(kind.delivery());
        if (!SEND.equals(delivery)) {
            if (kind.event().equals("announcement") && blank(task.getVariable(ProcessVariables.NOTIFICATION_CHANNEL))) {
                throw new InputRefusedException("say where the announcement was sent (" + ProcessVariables.NOTIFICATION_CHANNEL + ")");
            }
            return;
        }
        List<String> users = notifier.settings().users();
        if (users.isEmpty()) {
            throw new InputRefusedException("no users' list is configured (cutover.notifications.users): send the announcement"
                    + " elsewhere and record it here");
        }
        if (!notifier.canMail()) {
            throw new InputRefusedException("no mail server is configured (spring.mail.host): send the announcement elsewhere"
                    + " and record it here");
        }
        String subject = text(task.getVariable(kind.subject()));
        String text = text(task.getVariable(kind.text()));
        if (subject.isBlank() || subject.length() > SUBJECT_LIMIT || subject.contains("\n") || subject.contains("\r")) {
            throw new InputRefusedException("the subject is one line of at most " + SUBJECT_LIMIT + " characters");
        }
        if (text.isBlank()) {
            throw new InputRefusedException("the announcement has no text");
        }
        notifier.send(new Notification(task.getProcessInstanceId(), kind.event(), subject, text, "", users, false));
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
