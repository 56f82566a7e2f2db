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
    private record Kind(String event, AnnouncementText.Kind says, String delivery, String subject, String text) {
    }

    private static final Map<String, Kind> TASKS = Map.of(
            "Task_NotifyUsers", new Kind("announcement", AnnouncementText.Kind.WINDOW, ProcessVariables.ANNOUNCEMENT_DELIVERY,
                    ProcessVariables.ANNOUNCEMENT_SUBJECT, ProcessVariables.NOTIFICATION_MESSAGE),
            "Task_CloseChange", new Kind("outcome-announcement", AnnouncementText.Kind.DONE, ProcessVariables.OUTCOME_DELIVERY,
                    ProcessVariables.OUTCOME_SUBJECT, ProcessVariables.OUTCOME_MESSAGE),
            "Task_ConfirmRollback", new Kind("outcome-announcement", AnnouncementText.Kind.CALLED_OFF, ProcessVariables.OUTCOME_DELIVERY,
                    ProcessVariables.OUTCOME_SUBJECT, ProcessVariables.OUTCOME_MESSAGE));

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
        TargetConfig target = properties.target(run.get().target());
        TargetConfig.Nginx nginx = target.nginx();
        AnnouncementText.Text text = AnnouncementText.of(kind.says(), target.users(), run.get().windowStart(),
                nginx.userAddress(nginx.newPrefix()), nginx.userAddress(nginx.oldPrefix()), run.get().changeReference());
        List<String> users = notifier.settings().users();
        task.setVariable(kind.subject(), text.subject());
        task.setVariable(kind.text(), text.body());
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
